"""Demo discussions: topics, posts of every kind, replies, reactions, follows and a few tag requests."""

import random

from django.db import transaction
from tqdm import tqdm

TOPICS = [
    ("discovery", "Discovery calls", "Questions that uncover real pain, and how to listen."),
    ("renewals", "Renewals and expansion", "Keeping and growing the customers you have."),
    (
        "outbound",
        "Outbound and prospecting",
        "Cold calls, emails, sequences, and doing it respectfully.",
    ),
    (
        "enablement",
        "Enablement and coaching",
        "Onboarding, playbooks, call reviews, certifications.",
    ),
    ("customer-success", "Customer success", "Onboarding, adoption, health scores, QBRs."),
    ("support-ops", "Support operations", "Queues, SLAs, knowledge bases and escalations."),
    ("negotiation", "Negotiation and pricing", "Discounts, procurement, multi-year deals."),
    ("career", "Career growth", "Promotions, moving into leadership, switching roles."),
    ("leadership", "Leading teams", "Managing reps, forecasting, building culture."),
    ("tools", "Tools and stack", "CRMs, call recorders, sequencers: what actually helps."),
]

POSTS = [
    (
        "question",
        "How do you open a discovery call without it feeling like an interrogation?",
        "I've been told my discovery calls feel like a checklist. What's your first question, and how do you earn the right to ask the harder ones?",
        ["discovery"],
    ),
    (
        "insight",
        "We cut our churn in half by changing one onboarding email",
        "Our day-3 email used to be a feature tour. We replaced it with a single question: *what would make this a win for you by day 30?* Replies went up 4×, and CSMs now start every kickoff with that answer.",
        ["customer-success", "renewals"],
    ),
    (
        "resource",
        "A call-review scorecard that reps actually like",
        "Sharing the scorecard our enablement team uses. Five items, each scored 1-3, and the rep scores themselves first:\n\n1. Agenda agreed\n2. Pain in the customer's words\n3. Impact quantified\n4. Next step with a date\n5. Talk ratio under 50%",
        ["enablement"],
    ),
    (
        "pitch_practice",
        "Pitch practice: 30-second opener for a security product",
        'Here\'s my opener for CISOs at mid-market companies. Be brutal:\n\n> "Most teams your size find out about a misconfigured bucket from a stranger on the internet. We make sure you find out first."\n\nToo dramatic?',
        ["outbound"],
    ),
    (
        "recommendation_request",
        "Looking for a call recorder that works with our CRM",
        "We're a 12-person team on a mainstream CRM. Which call recorder do you use and would you recommend it? Budget is modest.",
        ["tools"],
    ),
    (
        "question",
        "How do you forecast when half your pipeline is new logos?",
        "Our commit is always off by 20% because new-logo deals slip. How do you weight them?",
        ["leadership"],
    ),
    (
        "insight",
        "The best renewal conversations start 9 months out",
        "If the first time the economic buyer hears from you is 60 days before renewal, you're negotiating, not renewing. We now run a value review at month 3 of every annual contract.",
        ["renewals"],
    ),
    (
        "question",
        "Moving from SDR to AE: what should I learn first?",
        "I've been an SDR for 18 months and I'm interviewing for AE roles. What would you focus on in the first 90 days?",
        ["career"],
    ),
    (
        "insight",
        "Support tickets are the best discovery notes you're not reading",
        "Before every expansion call I read the account's last 20 tickets. Half the time the expansion case is right there.",
        ["support-ops", "renewals"],
    ),
    (
        "resource",
        "Negotiation reading list for first-time AEs",
        "Three books and one podcast that changed how I handle procurement. Happy to hear yours.",
        ["negotiation"],
    ),
    (
        "question",
        "What's a fair discount to give for a multi-year commitment?",
        "Procurement is asking for 25% off for a 3-year deal. What do you usually trade for it?",
        ["negotiation"],
    ),
    (
        "insight",
        "Women in sales leadership: what helped me get the first promotion",
        "Sponsors, not just mentors. Someone who says your name in the rooms you're not in. Happy to pay it forward: ask me anything here.",
        ["career", "leadership"],
    ),
    (
        "question",
        "How do you keep cold outreach respectful?",
        "I want to prospect without being the person everyone mutes. What rules do you follow?",
        ["outbound"],
    ),
    (
        "insight",
        "Our support team's SLA dashboard was hiding the real problem",
        "Median first response looked great. The 90th percentile was three days. Look at the tail.",
        ["support-ops"],
    ),
    (
        "resource",
        "Template: mutual action plan for enterprise deals",
        "A one-page mutual action plan we share with champions after the second call. Dates, owners, and what 'done' means for each step.",
        ["negotiation", "discovery"],
    ),
]

REPLIES = [
    "Great question. I start with their world, not my product: what does a good quarter look like for you?",
    "This matches what we saw. The question matters less than actually listening to the answer.",
    "Thank you for sharing, saving this for our next team meeting.",
    "We tried something similar and it worked, but only once managers modelled it on their own calls.",
    "I'd add: write the customer's words down verbatim. It changes how you follow up.",
    "Counterpoint: in some segments a direct opener works better. Depends on the buyer.",
    "Happy to compare notes if you want, this is exactly what we're working on.",
    "The tail point is so true. Averages hide the customers who are about to churn.",
]


def load_community_demo(progress: bool = True) -> dict:
    """Create topics, posts, replies, reactions, follows and tag requests among the demo members. Idempotent."""
    from commons.community import actions
    from commons.community.models import Post, Topic
    from commons.members.actions import follow_member, update_preferences
    from commons.members.models import User

    if Post.objects.filter(title=POSTS[0][1]).exists():
        return {"posts": Post.objects.count(), "created": 0}
    rng = random.Random(2027)
    owner = User.objects.get(email="owner@example.com")
    moderator = User.objects.get(email="moderator@example.com")
    alex = User.objects.get(email="alex@example.com")
    sam = User.objects.get(email="sam@example.com")
    members = list(User.objects.filter(is_active=True).select_related("profile").order_by("pk"))
    with transaction.atomic():
        for slug, name, description in TOPICS:
            if not Topic.objects.filter(slug=slug).exists():
                actions.create_topic(actor=moderator, name=name, slug=slug, description=description)
        # Alex follows people and topics; a few members accept tags from anyone.
        for person in rng.sample(members, min(8, len(members))):
            if person.pk != alex.pk:
                follow_member(person, actor=alex)
        for person in rng.sample(members, min(10, len(members))):
            update_preferences(person, actor=person, who_may_tag="anyone", who_may_message="anyone")
        update_preferences(sam, actor=sam, who_may_message="anyone")
        follow_member(sam, actor=alex)
        for topic in Topic.objects.filter(slug__in=["discovery", "renewals", "career"]):
            actions.follow_topic(topic, actor=alex)
    created = 0
    authors = [m for m in members if m.pk not in (owner.pk,)]
    for i, (kind, title, body, topics) in enumerate(
        tqdm(POSTS, desc="demo posts", unit="post", disable=not progress)
    ):
        author = sam if i == 0 else authors[(i * 7) % len(authors)]
        with transaction.atomic():
            # post_anyway: a demo text the screener nudges (a false positive or two) is published
            # and shows up in the moderation queue, which the demo then has something in.
            post = actions.create_post(
                author=author, kind=kind, title=title, body=body, topics=topics, post_anyway=True
            )
            for j in range(rng.randint(0, 4) if i != 5 else 0):
                replier = rng.choice(members)
                if replier.pk == author.pk:
                    continue
                comment = actions.create_comment(
                    post, author=replier, body=rng.choice(REPLIES), post_anyway=True
                )
                if j == 0 and kind == "question" and rng.random() < 0.5:
                    actions.accept_answer(post, comment, actor=author)
            for reactor in rng.sample(members, min(rng.randint(0, 6), len(members))):
                if reactor.pk != author.pk:
                    actions.react(
                        post,
                        actor=reactor,
                        kind=rng.choice(["insightful", "helpful", "thanks", "celebrate"]),
                    )
        created += 1
    with transaction.atomic():
        # A thread with replies, and a private conversation between Sam and Alex.
        busy = Post.objects.filter(title=POSTS[1][1]).first()
        if busy is not None:
            first = actions.create_comment(
                busy, author=alex, body="Which question did you ask exactly? We're rewriting ours."
            )
            actions.create_comment(
                busy,
                author=busy.author,
                body="*What would make this a win for you by day 30?* That's it.",
                parent=first,
            )
            actions.create_comment(
                busy, author=sam, body="Stealing this for my outbound follow-ups too.", parent=first
            )
        actions.send_message(
            sender=sam,
            recipient=alex,
            body="Hi Alex, could I ask you about moving from SDR to AE some time?",
        )
        actions.send_message(
            sender=alex, recipient=sam, body="Of course! Thursday afternoon works for me."
        )
    newest = list(User.objects.order_by("-date_joined")[:3])
    with transaction.atomic():
        for person in newest:
            if (
                person.pk not in (alex.pk, sam.pk, owner.pk, moderator.pk)
                and not Post.objects.filter(author=person).exists()
            ):
                actions.create_post(
                    author=person,
                    kind="question",
                    title="New here: how do you prepare for your first QBR?",
                    body="Hi everyone, I just joined. I'm running my first quarterly business review next week. Any tips?",
                    topics=["customer-success"],
                )
                break
    with transaction.atomic():
        # Pending tag requests: Alex keeps the default "ask me first".
        actions.create_post(
            author=sam,
            kind="question",
            title="Who has run a pricing change past existing customers?",
            body="@alex-rivera I remember you mentioned a price increase last year: how did you tell customers? Also curious what @community thinks.",
            topics=["negotiation", "renewals"],
        )
        other = next(m for m in members if m.pk not in (alex.pk, sam.pk, owner.pk, moderator.pk))
        actions.create_post(
            author=other,
            kind="insight",
            title="Shadowing support for a week made me a better AE",
            body="Thanks to @alex-rivera for suggesting it. I learned more about our product's rough edges than in a year of demos.",
            topics=["support-ops", "career"],
        )
    return {"posts": Post.objects.count(), "created": created + 2}
