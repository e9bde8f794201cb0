import pytest

from commons.screening import datasets, screen
from commons.screening.abuse import RULES, _matches, rule_hits, without_reported_speech
from commons.screening.normalize import normalize

SALES_TALK = [
    "We crushed quota this quarter!",
    "That was a killer demo.",
    "Let's attack the mid-market next year.",
    "This deal is dead, they went with the incumbent.",
    "Let's kill it at the QBR tomorrow.",
    "My manager is going to kill me if I miss forecast.",
    "We got slaughtered on price in the bake-off.",
    "Shoot me an email and I'll send the deck.",
    "I'll beat you to quota this month, Sam.",
    "The prospect ghosted me again, ugh.",
    "Cold calling is war and I love it.",
    "I'll see you at the meetup on Tuesday!",
]
IDENTITY_STATEMENTS = [
    "As a Black woman in enterprise sales, I've had to fight for every seat at the table.",
    "Proud gay CSM here.",
    "I'm a trans SDR and I just hit 140% of quota.",
    "As a Muslim founder I take Friday afternoons off for prayer.",
    "Deaf account executive here, captions make every call work.",
    "As an immigrant, cold calling in my second language terrified me at first.",
]


@pytest.mark.parametrize("text", SALES_TALK)
def test_abuse_ignores_sales_metaphors(text):
    assert screen(text).flags == []


@pytest.mark.parametrize("text", IDENTITY_STATEMENTS)
def test_abuse_ignores_identity_statements(text):
    assert screen(text).flags == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I'm going to kill you, Marcus.", "threat"),
        ("I know where you live.", "threat"),
        ("Watch your back at the conference.", "threat"),
        ("You are a worthless idiot.", "harassment"),
        ("shut up, nobody asked you", "harassment"),
        ("u r a f u c k i n g idiot", "harassment"),
        ("Muslims are a plague on this industry.", "hate"),
        ("Women can't sell, they belong in the kitchen.", "hate"),
        ("Gay people should be banned from sales.", "hate"),
        ("Send me nudes.", "sexual"),
        ("You look so hot in your headshot, are you single?", "sexual"),
        ("Let's skip the demo and go back to my hotel room.", "sexual"),
        ("You'd better be careful walking home tonight.", "threat"),
        ("Muslims don't belong in this country.", "hate"),
        ("Let's get a room after the conference.", "sexual"),
        ("what a worthless piece of sh1t you are", "harassment"),
    ],
)
def test_abuse_flags_labelled_examples(text, category):
    assert category in screen(text).flags


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("You are a worthless id**t.", "harassment"),
        ("You are a worthlesssss idiooooot.", "harassment"),
        ("Muslims are a pl*gue on this industry.", "hate"),
        ("Muslims are a plaaaague on this industry.", "hate"),
        ("Watch your baaaaack at the conference.", "threat"),
        ("I s w e a r I will hurt you after the meetup.", "threat"),
        ("Send me n*des.", "sexual"),
        ("Let's skip the demo and go back to my hotel r**m.", "sexual"),
    ],
)
def test_abuse_reads_a_key_word_masked_stretched_or_spaced(text, category):
    """The word list (``normalize.Words``) spells "id**t" and "idiooooot" as "idiot"."""
    assert category in screen(text).flags


def test_abuse_threat_holds_for_a_moderator():
    verdict = screen("I will stab you after the meetup.")
    assert verdict.decision == "hold"
    assert verdict.citations["threat"] == "threats"


def test_abuse_hate_cites_discrimination():
    verdict = screen("Immigrants are parasites.")
    assert verdict.citations["hate"] == "discrimination"


@pytest.mark.parametrize(
    "text",
    [
        "I'll hunt you down a copy of the deck from last year's kickoff.",
        "Watch your back, I'm catching up on the leaderboard 😂",
        "Put a bullet in the old territory model. Named accounts only from now on.",
        "Shut up, you closed it?! Congrats!!",
        "Shut up, you hit quota already?!",
        "Derek, you beautiful genius, that objection doc saved my call.",
        "Pro tip: compression socks on long flights. Your legs will thank you.",
        "What are you wearing to the awards dinner? I don't want to be the only one in a tux.",
        "Let's get a room for the workshop, the open floor is too loud.",
        "Safety reminder: don't post your hotel room number in the event chat.",
        "Cold calling: you'll get shot down ninety times before someone says yes.",
        "Lead with the enterprise tier and you're going to get killed on price.",
        "If you don't multi-thread, you'll get beaten by the incumbent every time.",
        "Our CRO told us to get a room, meaning a meeting room, and settle the territory split.",
    ],
)
def test_rules_leave_banter_and_advice_that_borrow_their_words(text):
    assert rule_hits(normalize(text)) == []


@pytest.mark.parametrize(
    "text, category",
    [
        ("I will hunt you down and hurt you", "threat"),
        ("Watch your back at the meetup tonight", "threat"),
        ("I'll put a bullet in the next SDR who books a meeting on my calendar", "threat"),
        ("Shut up, nobody wants you here", "harassment"),
        ("Shut up, who even asked you?!", "harassment"),
        ("You look beautiful tonight, come up to my room", "sexual"),
        ("What are you wearing right now?", "sexual"),
        ("Your legs look great in that skirt", "sexual"),
        ("Text me your room number", "sexual"),
        ("You two should get a room", "sexual"),
        ("Keep talking and you'll get shot, Dave.", "threat"),
        ("You're going to get killed in the parking lot after the meetup", "threat"),
    ],
)
def test_the_same_rules_still_read_the_abusive_sense(text, category):
    assert category in {r.category for r in rule_hits(normalize(text))}


@pytest.mark.parametrize(
    "text",
    [
        "Naked pricing works better than bundles for this buyer, they want every line item.",
        "This dashboard is the pipeline porn I needed on a Monday.",
        "Strip the deck down, executives want the naked facts.",
        "The hotel offers an escort to the parking garage after 8pm, just call the front desk.",
    ],
)
def test_explicit_words_used_as_sales_metaphors_are_not_explicit_material(text):
    assert not any(
        r.reason == "contains explicit sexual material" for r in rule_hits(normalize(text))
    )


@pytest.mark.parametrize(
    "text",
    ["send me naked pics from the hotel", "free porn at this link", "she should work as an escort"],
)
def test_explicit_words_meant_as_such_still_count(text):
    assert any(r.reason == "contains explicit sexual material" for r in rule_hits(normalize(text)))


def test_abuse_explicit_material_cites_explicit_material():
    verdict = screen("free porn at this link")
    assert verdict.citations.get("sexual") == "explicit-material"


@pytest.mark.parametrize(
    "text",
    [
        "People are lazy these days.",
        "I hate Mondays.",
        "The sales people are burned out.",
        "we hate losing",
    ],
)
def test_abuse_hate_rules_need_a_group_named_for_who_they_are(text):
    assert "hate" not in [r.category for r in rule_hits(normalize(text))]


def test_abuse_threat_rule_needs_a_person_as_object():
    assert [r.category for r in rule_hits(normalize("we're going to kill it at the QBR"))] == []
    assert [r.category for r in rule_hits(normalize("I'm going to kill you"))] == ["threat"]


def test_abuse_scores_are_probabilities():
    verdict = screen("you are a complete moron")
    assert all(0.0 <= p <= 1.0 for p in verdict.scores.values())
    assert verdict.scores["harassment"] > 0.5 > verdict.scores["solicitation"]


EMOJI_CASES = [
    ("🖕", "harassment", "nudge"),
    ("Mondays 🖕🏽", "harassment", "nudge"),
    # an explicit advance aimed at a named member reads as unwelcome attention: held, not nudged
    ("Dana 🍆💦 come over tonight", "sexual", "hold"),
    ("ur 🍑 😍", "sexual", "nudge"),
    # a remark on the reader's body, as a reply, reads as aimed at them: held
    ("nice, your 🍑", "sexual", "hold"),
    ("🍆 for you", "sexual", "nudge"),
    ("I will 🔪 you after the meetup", "threat", "hold"),
    ("gonna 🔫🔫 u at the offsite", "threat", "hold"),
]


@pytest.mark.parametrize(("text", "category", "decision"), EMOJI_CASES)
def test_abuse_reads_emoji(text, category, decision):
    """A gesture or sexual emoji is nudged (the author may mean it lightly), held when it is part of an
    advance on a named member; a weapon in the place of the verb of a threat is a threat."""
    verdict = screen(text)
    assert category in verdict.flags
    assert verdict.decision == decision


@pytest.mark.parametrize(
    "text",
    [
        "Great demo 🔥🔥 🚀💪🎯🤝",
        "Peach 🍑 cobbler at the potluck!",
        "Your 🍑 cobbler recipe please!",
        "Sending you the 🍑 emoji deck lol",
        "Thank you 💦 so sweaty after that run",
        "We're gonna 🔥 the pipeline this quarter",
        "Proud gay CSM here 🏳️‍🌈",
        "Black-owned and proud ✊🏿",
    ],
)
def test_abuse_leaves_ordinary_emoji_alone(text):
    assert screen(text).flags == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("If I see you at the summit, you're leaving in an ambulance.", "threat"),
        ("Next time you'll need a doctor, not a manager.", "threat"),
        ("Something ugly is going to happen to you at the offsite.", "threat"),
        ("Your family should be careful this weekend.", "threat"),
        ("Funny how people who report me tend to get hurt.", "threat"),
        ("Muslims can't be trusted with enterprise accounts.", "hate"),
        ("Gay men are too flamboyant for serious sales.", "hate"),
        ("Mexicans should stick to cleaning the office.", "hate"),
        ("Don't put an Indian on the call, clients hate the accent.", "hate"),
        ("Hiring women into sales was the worst mistake we made.", "hate"),
        ("Trans people are confused and shouldn't lead teams.", "hate"),
        ("Disabled folks slow everyone down.", "hate"),
        ("Nobody wants your opinion, crawl back under your rock.", "harassment"),
        ("Go cry to HR, you big baby.", "harassment"),
        ("I keep picturing you in the shower.", "sexual"),
        ("You've got a body made for closing.", "sexual"),
        ("I'll sign if you spend the night.", "sexual"),
        ("Let's go somewhere private after the mixer, just us.", "sexual"),
        ("I want to take you to bed after the summit.", "sexual"),
    ],
)
def test_abuse_reads_threats_stereotypes_and_advances_without_the_usual_words(text, category):
    assert category in screen(text).flags


@pytest.mark.parametrize(
    "text",
    [
        "Our hospital accounts end up in procurement for months.",
        "Something great is going to happen to this team in Q4.",
        "Women are underrepresented in sales leadership.",
        "Black founders can't get funding on the same terms, and that has to change.",
        "We hired more women into sales and our win rate went up.",
        "Never trust a forecast that only goes up.",
        "I'm in bed with the flu, reschedule the demo?",
        "I can picture you running this team one day.",
        "Our hotel has good locks and a great gym.",
        "Keep the CFO off our first call, bring her in later.",
    ],
)
def test_abuse_leaves_the_same_words_alone_in_ordinary_talk(text):
    assert screen(text).flags == []


def test_a_rule_is_never_kept_from_a_text_it_matches_by_the_words_it_needs():
    """``Rule.needs`` only skips work: on every project sentence and every example here, a rule that
    needs words matches only texts that hold one of them."""
    texts = [t for t, _, _ in datasets.project_examples()] + [c[0] for c in EMOJI_CASES]
    gated = [r for r in RULES if r.needs]
    assert gated
    matched = 0
    for text in texts:
        normalized = normalize(text)
        for rule in gated:
            if _matches(rule, normalized):
                matched += 1
                assert rule in rule_hits(normalized) or any(
                    h.category == rule.category and h.kind == rule.kind
                    for h in rule_hits(normalized)
                ), (rule.reason, text)
    assert matched > 20


@pytest.mark.parametrize(
    "text",
    [
        "someone DMed me 'I know where you live' after the meetup, what should I do?",
        'Reporting a member who wrote "shut up and quit" under my post. Mods, screenshots attached.',
        "A candidate I rejected sent \"you'll regret this, I know people.\" What's the right way to handle it?",
        'My SDR got a message saying "people like you get hurt". We escalated it to trust & safety.',
        'Someone replied "shut up and go back to the kitchen" to my post. I just want it gone.',
        'Is a DM saying "you\'ll regret this" a threat under the Code of Conduct?',
    ],
)
def test_abuse_a_member_asking_for_help_with_quoted_abuse_is_not_flagged(text):
    assert screen(text).decision == "allow"


@pytest.mark.parametrize(
    "text, abusive",
    [
        ("Prospect told me to f*** off on my first dial today lol, onto the next", False),
        ("Got told to go to hell by a CFO this morning. Booked two meetings after.", False),
        ("I told myself to shut up and listen on discovery calls.", False),
        ("Shut up and take my money, this new dialer is amazing", False),
        ("Shut up, Dave. Nobody asked you.", True),
        ("f*** off back to your desk", True),
        ("Nobody likes you, Kyle.", True),
    ],
)
def test_abuse_direct_abuse_rule_skips_what_was_said_to_the_author(text, abusive):
    hits = [r.reason for r in rule_hits(normalize(text))]
    assert ("abuses someone directly" in hits) is abusive


def test_abuse_rules_skip_words_quoted_in_reported_speech():
    quoted = normalize("The CFO literally said 'shut up and send the contract'.")
    assert rule_hits(quoted) and not rule_hits(without_reported_speech(quoted))
    # an apostrophe inside the quote does not end it; a possessive does not start one
    assert without_reported_speech("he wrote 'you don't deserve to live' lol") == "he wrote   lol"
    assert "kill you" not in without_reported_speech(
        "the guys' cars are parked. 'kill you' he said"
    )
    # without a word of reporting, quotes are read as written
    plain = normalize("'I know where you live' and I'll be there tonight")
    assert without_reported_speech(plain) == plain


def test_abuse_quoting_abuse_without_asking_for_help_is_still_scored():
    text = 'As my old boss said: "you are a worthless idiot and everyone hates you."'
    assert "harassment" in screen(text).flags
    # a demand to take something down, or HR named, is not a request for help: the quote is read
    for text in ('Take it down, "or you\'ll regret it".', 'Go cry to HR, "you\'ll regret this".'):
        normalized = normalize(text)
        assert without_reported_speech(normalized, asking_for_help=True) == normalized


@pytest.mark.parametrize(
    "text, insult",
    [
        (
            "Pedro you absolute clown 🤡 the whole team saw your cat walk across the keyboard, 10/10",
            False,
        ),
        (
            "Diego your cold call energy is unmatched, you lunatic. How do you do 80 dials before lunch?",
            False,
        ),
        ("Vikram, you clown, you brought a cake for my work anniversary. Thank you 🎂", False),
        ("You clown, nobody on this team wants you here.", True),
        ("Congrats on the promotion, you idiot, we all know how you got it.", True),
        # laughter and the clown emoji mock as often as they tease; an intensifier is never banter
        ("lmao you clown, nobody asked 😂", True),
        ("ur a clown. a circus clown. 🤡", True),
        ("Thank god you left our company, you fucking clown", True),
    ],
)
def test_abuse_mild_insults_traded_with_warmth_are_banter(text, insult):
    hits = [r.reason for r in rule_hits(normalize(text))]
    assert ("insults someone directly" in hits) is insult


@pytest.mark.parametrize(
    "text",
    [
        "Christians are brainwashed idiots who believe in fairy tales, never trust one with a forecast.",
        "Any woman over 40 in sales is a useless hag coasting on her rolodex.",
    ],
)
def test_abuse_a_personal_attack_on_a_group_named_for_who_they_are_is_hate(text):
    assert "hate" in screen(text).flags


def test_abuse_talk_about_a_stereotype_is_not_a_generalisation():
    from commons.screening.abuse import generalises_about_group

    assert generalises_about_group(normalize("Older reps can't learn Salesforce."))
    assert not generalises_about_group(
        normalize(
            "Stop saying older reps can't learn Salesforce. Everyone learns at their own pace."
        )
    )
    assert not generalises_about_group(normalize("Our customers are idiots sometimes."))


# (text, category, flagged): each rule added in the fifth session, with look-alikes it must leave alone
RULE_CASES = [
    # knowing where someone lives
    ("I found out where you live. See you soon.", "threat", True),
    ("I know you live on Harlow Street. Blue door, right?", "threat", True),
    ("We looked up which building your sister lives in.", "threat", True),
    ("We found out where the conference will be, finally.", "threat", False),
    # veiled threats need a person in harm's way
    ("The manager who fired me should start checking under his car.", "threat", True),
    (
        "Talk trash about my pitch again and they'll be pulling you out of the river.",
        "threat",
        True,
    ),
    ("Lonely route. Anything could happen out there.", "threat", True),
    ("Check under your desk for the swag bag!", "threat", False),
    ("Anything can happen in the last week of the quarter.", "threat", False),
    ("We pulled the data out of the lake house export.", "threat", False),
    # slang for arousal aimed at someone
    ("s3nd n00dz and I'll book a demo", "sexual", True),
    ("I could hear you breathing on the call and it turned me on so much", "sexual", True),
    ("Your voice on cold calls is so sexy I get hard listening to the recordings", "sexual", True),
    ("Mmm I'd love to motorboat those", "sexual", True),
    ("You turned me on to Gong, thanks!", "sexual", False),
    ("This new feature turns me on lol", "sexual", False),
    ("I get hard questions from CFOs all the time.", "sexual", False),
    # calls for a pile-on, telling someone to go silent
    (
        "Let's all downvote everything Mike posts until he gets the hint and leaves.",
        "harassment",
        True,
    ),
    (
        "Your voice is like nails on a chalkboard, please never speak in public again.",
        "harassment",
        True,
    ),
    ("Let's all block the spam bots that DM new members.", "harassment", False),
    ("Let's all ignore the noise and focus on Q4.", "harassment", False),
    ("You should never pitch price before value again.", "harassment", False),
    ("Please never post that chart again, it broke my brain lol", "harassment", False),
    # one member standing for a whole group
    ("Every Nigerian prospect is a scammer. I hang up the second I hear the accent.", "hate", True),
    ("Indian vendors are frauds, never sign with one.", "hate", True),
    ("Every Polish customer is a delight to work with.", "hate", False),
    ("Our Nigerian client is the best renewal we have.", "hate", False),
]


@pytest.mark.parametrize(("text", "category", "flagged"), RULE_CASES)
def test_abuse_rules_read_the_wording_and_leave_its_look_alikes_alone(text, category, flagged):
    assert (category in screen(text).flags) is flagged
