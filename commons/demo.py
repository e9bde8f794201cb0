"""The demo community: reproducible, believable, idempotent. Loaded by `commons demo`."""

import random

from django.db import transaction
from tqdm import tqdm

FIRST = [
    "Priya",
    "Marcus",
    "Aisha",
    "Tomás",
    "Mei",
    "Jordan",
    "Fatima",
    "Liam",
    "Chloé",
    "Kwame",
    "Sofia",
    "Ravi",
    "Hannah",
    "Diego",
    "Amara",
    "Noah",
    "Yuki",
    "Elena",
    "Omar",
    "Grace",
    "Mateo",
    "Zara",
    "Ethan",
    "Nadia",
    "Samir",
    "Olivia",
    "Jamal",
    "Ingrid",
    "Carlos",
    "Leah",
    "Tariq",
    "Ava",
    "Hiroshi",
    "Maya",
    "Andre",
    "Isabel",
    "Dev",
    "Naomi",
    "Felix",
    "Alana",
    "Kofi",
    "Rosa",
    "Arjun",
    "Tess",
    "Malik",
    "Lucia",
]
LAST = [
    "Patel",
    "Johnson",
    "Okafor",
    "García",
    "Chen",
    "Taylor",
    "Haddad",
    "Murphy",
    "Dubois",
    "Mensah",
    "Rossi",
    "Sharma",
    "Schmidt",
    "Hernández",
    "Nwosu",
    "Williams",
    "Tanaka",
    "Petrova",
    "Farouk",
    "Kim",
    "Silva",
    "Ahmed",
    "Brown",
    "Kowalski",
    "Reyes",
    "O'Connor",
    "Singh",
    "Larsen",
    "Mendes",
    "Cohen",
]
COMPANIES = [
    "Northwind Cloud",
    "Brightpath Analytics",
    "Ledgerly",
    "Orbit HR",
    "Fieldstone Security",
    "Kitebase",
    "Quantive Labs",
    "Harbor CRM",
    "Lumen Payments",
    "Trellis Data",
    "Pinecrest SaaS",
    "Tandem Health Tech",
]
HEADLINES = {
    "sales": [
        "Enterprise AE, public sector",
        "Mid-market AE who loves a good discovery call",
        "Founding AE",
    ],
    "account-management": [
        "Strategic account manager, renewals and expansion",
        "AM for our top 40 logos",
    ],
    "sales-development": [
        "SDR team lead",
        "Outbound SDR, EMEA",
        "BDR turning cold calls into conversations",
    ],
    "enablement": ["Sales enablement, onboarding and coaching", "Revenue enablement lead"],
    "customer-success": [
        "CSM for enterprise accounts",
        "Head of customer success",
        "Scaled CS programs",
    ],
    "support": [
        "Support team lead, tier 2",
        "Technical support engineer",
        "Support ops and knowledge base",
    ],
    "other": ["RevOps analyst", "Partnerships manager"],
}
MISSION = """**Commons is a professional network for revenue-minded people**: sellers, account managers,
sales development reps, enablement leads, customer success managers and support specialists, starting in the
tech sector.

We come here to learn from each other: what worked on a tough renewal, how to run a better discovery call, how
to grow into leadership. We don't come here to be sold to. Our Code of Conduct is how we keep it that way, and
how we make room for the voices our industry too often talks over: women, visible minorities and
LGBTQIA2+ people.

Reading is always open. Joining means accepting the Code of Conduct."""

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 — demo data only; `commons demo` refuses to run with debug off

NAMED = [
    (
        "owner@example.com",
        "Olivia Owner",
        "owner",
        "enablement",
        "Community owner, enablement lead",
    ),
    (
        "moderator@example.com",
        "Morgan Moderator",
        "moderator",
        "customer-success",
        "Moderator, CS leader",
    ),
    ("alex@example.com", "Alex Rivera", "member", "sales", "Mid-market AE, SaaS"),
    ("sam@example.com", "Sam Okafor", "member", "sales-development", "SDR, learning every day"),
]


def load_demo(members: int = 50, progress: bool = True) -> dict:
    """Create (or complete) the demo community. Safe to run again: existing records are kept."""
    from commons.conduct.actions import accept_conduct, create_owner
    from commons.conduct.queries import current_version
    from commons.core.actions import update_community
    from commons.members.actions import (
        appoint_role,
        create_account,
        set_self_identification,
        update_profile,
    )
    from commons.members.models import IdentityOption, ProfessionalRole, Sector, User

    rng = random.Random(2026)
    password = DEMO_PASSWORD
    roles = {r.slug: r for r in ProfessionalRole.objects.all()}
    sectors = list(Sector.objects.all())
    identities = list(IdentityOption.objects.all())
    people = list(NAMED)
    used = {p[1] for p in people}
    while len(people) < members:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in used:
            continue
        used.add(name)
        role = rng.choice(list(HEADLINES))
        email = name.lower().replace(" ", ".").replace("'", "")
        email = email.encode("ascii", "ignore").decode() + "@example.com"
        people.append((email, name, "member", role, rng.choice(HEADLINES[role])))

    created = 0
    bar = tqdm(people, desc="demo members", unit="member", disable=not progress)
    owner = User.objects.filter(email="owner@example.com").first()
    for email, name, community_role, job_role, headline in bar:
        with transaction.atomic():
            user = User.objects.filter(email__iexact=email).first()
            if user is not None:
                continue
            if email == "owner@example.com":
                user = owner = create_owner(email=email, password=password, display_name=name)
                update_community(
                    actor=owner,
                    name="Commons",
                    tagline="Revenue people, learning together",
                    mission=MISSION,
                )
            else:
                user = create_account(email=email, password=password, display_name=name)
                if community_role != "member":
                    appoint_role(user, actor=owner, role=community_role)
            sector = (
                (sectors[0] if rng.random() < 0.7 else rng.choice(sectors)) if sectors else None
            )
            update_profile(
                user.profile,
                actor=user,
                headline=headline,
                job_role=roles.get(job_role),
                sector=sector,
                company=rng.choice(COMPANIES),
                pronouns=rng.choice(["", "she/her", "he/him", "they/them"]),
                bio=f"{headline}. Happy to talk shop about pipeline, renewals and coaching.",
                visibility="public" if rng.random() < 0.4 else "members",
            )
            version = current_version()
            if version is not None:
                accept_conduct(user, version_number=version.number, via="demo")
            if identities and rng.random() < 0.6:
                chosen = rng.sample(identities, k=rng.randint(1, 2))
                set_self_identification(
                    user, actor=user, prefer_not_to_say=False, option_ids=[o.pk for o in chosen]
                )
            created += 1
    # Members joined over the last two years; the three newest this week, so their first posts are welcomed.
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    demo_users = list(User.objects.filter(email__in=[p[0] for p in people]).order_by("pk"))
    for i, user in enumerate(demo_users):
        days = rng.randint(2, 6) if i >= len(demo_users) - 3 else rng.randint(60, 720)
        User.objects.filter(pk=user.pk, date_joined__gt=now - timedelta(days=1)).update(
            date_joined=now - timedelta(days=days)
        )
    return {"created": created, "members": User.objects.count()}
