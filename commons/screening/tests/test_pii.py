import pytest

from commons.screening import screen
from commons.screening.pii import detect, find_spans, iban_valid, luhn_valid


def kinds(text, context=None):
    return [(s.kind, text[s.start : s.end]) for s in detect(text, context) if not s.own]


def test_pii_finds_phone_numbers_with_offsets():
    text = "Her cell is (415) 555-0132, go tell her."
    assert kinds(text) == [("phone", "(415) 555-0132")]


@pytest.mark.parametrize(
    "number", ["+44 20 7946 0958", "+41 (0)62 585 51 90", "0688 843 79 56", "650.555.0122"]
)
def test_pii_finds_international_phone_numbers(number):
    assert [s.kind for s in find_spans(f"His number: {number}")] == ["phone"]


def test_pii_finds_email_addresses():
    assert kinds("her personal email is jenny.m.lopez@gmail.com") == [
        ("email", "jenny.m.lopez@gmail.com")
    ]


def test_pii_finds_spelled_out_email_addresses():
    assert [k for k, _ in kinds("write to jenny dot lopez at gmail dot com")] == ["email"]


def test_pii_finds_us_street_addresses_with_city_and_zip():
    text = "Jane lives at 42 Oak Street, Springfield, IL 62704, go pay her a visit"
    assert kinds(text) == [("street_address", "42 Oak Street, Springfield, IL 62704")]


def test_pii_finds_european_street_addresses():
    assert [k for k, _ in kinds("Her flat is at Via delle Coste 41, Roma")] == ["street_address"]


def test_pii_payment_card_needs_luhn_checksum():
    assert kinds("found his card 4539 1488 0343 6467") == [("payment_card", "4539 1488 0343 6467")]
    assert luhn_valid("4539148803436467")
    assert not luhn_valid("4539148803436468")


def test_pii_iban_needs_mod97_checksum():
    assert iban_valid("GB82 WEST 1234 5698 7654 32")
    assert not iban_valid("GB83 WEST 1234 5698 7654 32")
    assert [k for k, _ in kinds("her IBAN is GB82 WEST 1234 5698 7654 32")] == ["iban"]


def test_pii_finds_social_security_numbers():
    assert kinds("Tom's SSN is 123-45-6789 lol") == [("government_id", "123-45-6789")]


def test_pii_finds_dated_whereabouts_of_a_named_person():
    assert [k for k, _ in kinds("Dana leaves the gym at 6pm every day.")] == ["whereabouts"]
    assert [k for k, _ in kinds("Mark stays at the Marriott, room 1418, until Friday.")] == [
        "whereabouts"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "We closed 3 Big Deals this quarter.",
        "We hit 120% of quota in 2023-2024.",
        "Our revenue grew from $1,234,567 to $2,500,000.",
        "Top 10 Strategy Points for discovery calls.",
        "Sarah will be at the booth on Tuesday, come say hi.",
        "Dana is presenting at 3pm in room B.",
        "Call volume was 1200 dials last week across 14 reps.",
    ],
)
def test_pii_ignores_numbers_in_sales_talk(text):
    assert kinds(text) == []


def test_pii_first_person_contact_details_are_own():
    assert kinds("Call me at 312-555-0147 if you want the template.") == []
    assert kinds("My work email is alex@acme.example, reach out anytime.") == []


def test_pii_own_contact_context_makes_contact_details_own():
    text = "Maria Lopez, Sales Director. 212-555-0182, maria@acme.example, 500 Howard Street, San Francisco"
    assert kinds(text) != []
    assert kinds(text, {"own_contact": True}) == []
    assert kinds(text, {"where": "profile"}) == []


@pytest.mark.parametrize(
    "text",
    [
        "Doors at 6pm at The Foundry, 1420 Market Street, San Francisco, CA 94102. Questions: 415-555-0199.",
        "Summer BBQ at 412 Birch Lane, Oakville ON L6J 2X1. Questions: call Priya at 905-555-0123.",
    ],
)
def test_pii_event_descriptions_give_their_venue_and_organiser(text):
    assert kinds(text) != []
    assert kinds(text, {"where": "event"}) == []


def test_pii_event_descriptions_still_count_someone_elses_home():
    text = "After-party: Jenna said no but she lives at 42 Alder Road, Springfield IL 62704, just show up."
    assert [k for k, _ in kinds(text, {"where": "event"})] == ["street_address"]


def test_pii_a_profile_still_counts_someone_elses_details():
    text = "AE at Finchly. My ex-partner Alan Prowse took our clients; his cell is 503-555-0188."
    assert [k for k, _ in kinds(text, {"where": "profile"})] == ["phone"]
    assert kinds("AE at Finchly. Cell 503-555-0188.", {"where": "profile"}) == []


def test_pii_six_digits_after_a_capitalised_word_need_an_address_line():
    assert kinds("Team of 12, Q3 Revenue 450000 and climbing") == []
    assert [k for k, _ in kinds("Nikhil's flat: 3B Lake View, Sector V, Kolkata 700091")] == [
        "street_address"
    ]


def test_pii_own_context_never_excuses_payment_cards():
    assert [k for k, _ in kinds("card 4539 1488 0343 6467", {"own_contact": True})] == [
        "payment_card"
    ]


def test_pii_doxing_of_others_blocks_with_spans():
    text = "Here's Kevin's cell, tell him what you think: 415-555-0198"
    verdict = screen(text)
    assert verdict.decision == "block"
    assert verdict.flags == ["doxing"]
    assert verdict.citations == {"doxing": "doxing"}
    [span] = verdict.spans
    assert span["category"] == "doxing" and span["kind"] == "phone"
    assert text[span["start"] : span["end"]] == "415-555-0198"


def test_pii_own_contact_in_profile_is_allowed():
    verdict = screen("Reach me at 212-555-0182 or maria@acme.example.", {"where": "profile"})
    assert verdict.decision == "allow"
    assert verdict.spans == []


@pytest.mark.parametrize(
    "text, kind",
    [
        # someone else's details, though the author says "me" or "us" nearby
        ("Here's the SDR who ghosted me: personal cell (614) 555-0198. Call him at 2am", "phone"),
        (
            "Card number of the guy who cancelled on us: 4111 1111 1111 1111, he'll learn.",
            "payment_card",
        ),
        (
            "The VP who laid us off: home address 6 Harborview Place, Marblehead MA.",
            "street_address",
        ),
        # spelled out, a licence plate, a door code
        (
            "her personal # is five-five-five, oh-one-nine-two, four-four-eight-one. text her",
            "phone",
        ),
        ("He drives a silver Tesla, plate 7KJP293, and parks on level 2 of the garage.", "vehicle"),
        ("She lives in unit 5C at the Larkspur apartments, buzzer code 4471.", "access_code"),
        # a routine that tells a stranger where to find someone
        (
            "He takes the 7:12 train from Glen Ridge every morning and sits in the last car.",
            "whereabouts",
        ),
        ("he's at the Lucky Dog bar every Friday 6-10 and walks home alone.", "whereabouts"),
        (
            "Lisa from procurement jogs alone on the Riverside trail every morning around 5:45.",
            "whereabouts",
        ),
        ("Tyler's kid goes to Roosevelt Elementary.", "whereabouts"),
        # a first-person story, then someone named with their details
        ("I'm done staying quiet. Darnell Price, 555-481-2290, tell him what you think.", "phone"),
        ("we pulled this off the sign-up sheet: Irene Vasquez (irene.v.77@gmail.com)", "email"),
        ("i know where he lives lol: Owen Marsh, 41 Tern Close, Exeter EX2 7QT", "street_address"),
        ("text me or text my old manager Rui Costa at 617-555-0143, he'll explain", "phone"),
        ("Call 646-555-0119 and ask for Dee. That's her personal cell, she hates it", "phone"),
        ("Grant Olsen. Cell 555-302-8841. Home 19 Heron Way, Bend OR 97701.", "street_address"),
        # addresses that end in a postcode, without a street word
        ("My ex-boss: Unit 4, 12-14 Harbour Parade, Manly NSW 2095. go visit", "street_address"),
        ("her flat: B-301, Lotus Residency, Powai, Mumbai 400076", "street_address"),
        # numbers nobody should publish, labelled
        ("Dan's bank details: sort code 20-45-77, account no. 41288311", "bank_account"),
        ("his date of birth is 14/03/1988, do what you want with that", "date_of_birth"),
        ("her SSN's last four are 2209, found it on a W-2", "government_id"),
        ("found his licence in the lobby, number W2231-48801-77215", "government_id"),
        ("Aadhaar of the intern who quit: 2345 6789 0123", "government_id"),
        # where someone lives, stays, sits or flies, without an address
        ("she lives in the green duplex on Halsey St, across from the laundromat", "whereabouts"),
        ("Marco lives in the Vantage tower downtown, 31st floor, corner unit", "whereabouts"),
        ("He's in room 2214 at the Westin for the whole conference.", "whereabouts"),
        ("Nina's desk is 6th floor, pod D, seat 14. go ask her yourself", "whereabouts"),
        (
            "the CRO who cut our commission flies out of gate C17 at DEN tomorrow at 7:05am",
            "whereabouts",
        ),
        (
            "she does spin at the Flywheel on Pine St tues/thurs 6pm, always front row",
            "whereabouts",
        ),
        ("Rob walks to Union Station alone at 11:40pm after the team dinner", "whereabouts"),
        # e-mail addresses written to slip past a filter
        (
            "the recruiter who ghosted me: marta.ruiz (at) yahoo (dot) es, tell her what you think",
            "email",
        ),
        ("his gmail is bigdealbrad @ gmail. go say hi", "email"),
        ("her personal: k.obi.88 at hotmail", "email"),
        ("he wrote it out: d a n . h o l t 7 7 @ g m a i l . c o m", "email"),
        # someone the author knows, named with "my" or "our"
        ("my old teammate Ravi: home 14 Elm Road, Leeds LS6 2AB", "street_address"),
        ("contact Priya outside work, 07700 900321, she never picks up at the office", "phone"),
        ("Dana Lee, cell 917 555 0199. call her at home after 9", "phone"),
        ("@closer_kyle's personal phone: +1 512 555 0147", "phone"),
        # a stay, a flight, a school, a routine, without an address
        ("Omar's in the Seaview Hotel, room 21, until Sunday", "whereabouts"),
        ("she's at the Grand Plaza room 614 right now, alone", "whereabouts"),
        ("Lena's flight home: LH 455 FRA to SFO, lands 4:10pm Friday", "whereabouts"),
        ("the hiring manager's son goes to Lakeside High, practice ends at 5", "whereabouts"),
        (
            "The AE who got me fired walks home from Union Station at 7pm down Pine St.",
            "whereabouts",
        ),
        ("he lives at 88 maple ave, dayton. go tell him", "street_address"),
        # numbers that are never anyone's to post
        ("DOB for @sam_sells is 04/22/1990, just saying", "date_of_birth"),
        ("Tom's DOB (7/4/85) is on the badge photo", "date_of_birth"),
        ("her SSN ends 5521, that's all you need", "government_id"),
        ("PAN card of the vendor guy: BQXPK4821L", "government_id"),
        ("his NI number from the payroll sheet: QQ 12 34 56 C", "government_id"),
        ("his car: plate TX 7HKM204, always in bay 3", "vehicle"),
        # from a second check set
        (
            "the troll behind that account: Lars Berg, born 3 March 1988, lives in Malmö",
            "date_of_birth",
        ),
        ("Chloé's building: digicode 7C41B, third floor", "access_code"),
        ("her codice fiscale is BNCGLI90A41H501Y, the fake consultant", "government_id"),
        ("the scammer: Hafiz Rahman, IC 900312-10-5517", "government_id"),
        ("Noah T. is at the Marriott downtown, room 1207, till Thursday", "whereabouts"),
        ("my manager Lee Park walks his dog in Lincoln Park every sat around 7am", "whereabouts"),
        ("Greg's new place is 2100 N Lamar #312, Austin 78705", "street_address"),
        ("the guy who scammed our webinar: Idris Bello, phone +234 803 555 0199", "phone"),
        # from a third check set
        (
            "Omar's dad was admitted to St. Jude's hospice, room 12, he's there every evening",
            "whereabouts",
        ),
        ("Dana Reyes, books the 7am slot at Core Physio on Main St every Friday", "whereabouts"),
        ("our champion got moved to the psych unit at Bellevue, room 19W-04", "whereabouts"),
        ("Ivan from the partner team is flying out on LH 455 Saturday at 5:40pm", "whereabouts"),
        ("Tom's wife and kids are at the Pinecrest campground site 44 all week", "whereabouts"),
        ("she's at the Whole Foods on Lamar every Sunday around 10, with her mom", "whereabouts"),
        ("Jamal's getting his vasectomy next friday at the urology clinic on Kirby", "whereabouts"),
        (
            "Nora Quinn, 14 Glenview Park, Tallaght, Dublin 24, D24 X7K2. This is the woman who",
            "street_address",
        ),
        ("Kara's birthday is 9/23/90, and her security answer is her dog's name", "date_of_birth"),
        # a card whose checksum does not hold, beside a card word or an expiry date
        (
            "Zoe's card details from the team dinner: 5425 2334 3010 9903, 04/26. lol",
            "payment_card",
        ),
        # phones written one digit at a time, or with other separators
        ("Bro just call him. 6 4 6 – 5 5 5 – 0 1 9 3. Keep calling till he answers.", "phone"),
        ("Her personal cell from an old signature: 720·555·0133. Follow up for me.", "phone"),
        # plates and stays
        ("Her plate's 8KZL213, white Camry, she parks on level 2 every morning.", "vehicle"),
        ("his wife picks up at 3pm in a grey Kia, rego CJX 44P.", "vehicle"),
        ("she's vacationing at the Four Seasons Maui, villa 3, until the 19th.", "whereabouts"),
        (
            "Joanna, who bailed on hosting, is staying at the Shangri-La Mactan, room 745.",
            "whereabouts",
        ),
        ("Chloe is staying at the Renfrew Center in Coconut Creek for treatment.", "whereabouts"),
        (
            "Amelia flies home tonight, BA 117 at 18:20 from Terminal 5, ask her there.",
            "whereabouts",
        ),
        # routines told with a day and a clock time in other forms
        (
            "I know she's at the Fitness Park every day at 19h and takes the 73 bus home.",
            "whereabouts",
        ),
        (
            "My coworker Tunde works from a coffee shop every morning, the Art Café in Wuse 2, 8 to 11.",
            "whereabouts",
        ),
        # a home after "lives at" or "lives on", with a number but no street word
        (
            "Meera lives at 12B Shanti Niketan, New Delhi, and her dad pulled strings.",
            "street_address",
        ),
        ("he lives just up from there on Bygdøy allé 35.", "street_address"),
        # a person's name before an address, not a venue's
        ("Send it to Mike Fernwood, 33 High Street, he won't mind.", "street_address"),
        # "meets at" is said of people too, not only of venues
        ("He meets at 12 Oak St with his AA group every Thursday.", "street_address"),
        # the real name behind an account
        ("ok so @quotaqueen_88 is actually Priya Raghunathan, Senior AE at Zentrix.", "real_name"),
        (
            "Found the troll. Real name Tomasz Wiśniewski, works at Brightloop in Kraków.",
            "real_name",
        ),
        ("who wrote that anonymous post about the Miami office: Cristina Vega.", "real_name"),
        # an offer or a threat to publish someone's details
        ("DM me for her home address, she deserves a visit.", "exposure_offer"),
        ("I have his personal cell if anyone wants it.", "exposure_offer"),
        ("Keep it up and I'll post your home address.", "exposure_offer"),
        ("One more review like that and everyone gets your wife's number.", "exposure_offer"),
        ("His address is on the county property records, go look.", "exposure_offer"),
    ],
)
def test_pii_finds_what_exposes_someone_else(text, kind):
    assert kind in [k for k, _ in kinds(text)]


@pytest.mark.parametrize(
    "text",
    [
        "If you want the slides, drop me a line at aiko@salesdojo.example.com.",
        "Text me at 555-209-4410 (it's my work phone) when you get to the lobby.",
        "Renewals Manager, Copperline | she/her | Chicago | amy.zhou@copperline.example",
        "Support engineer at Helix. Work: lena.fischer@helix.example.com | Office: +49 30 5550 1234",
        "Sales Enablement @ Trellis\nallison.park@trellisco.example\nDirect: 919-555-0104",
        # the author names themselves, or says the line is theirs
        "Tomasz Nowak here, 555-614-2207 if anyone wants the renewal playbook",
        "Ines Moreau, 555-702-1189. That's my direct line, not reception.",
        "Keiko Sato | Partnerships | Lumen Grid | keiko@lumengrid.example | Osaka",
        "looking for a roommate near the office, I live at 18 Ash Street, Hoboken NJ 07030",
        # a team's mailbox, a business's line, a public venue
        "Send questions to enterprise-support@quillbase.example, the whole team reads it.",
        "Call Brightwell's main number, (312) 555-0100, and ask for the SMB desk.",
        "Their support line 1-888-555-0142 fixed my sync issue in ten minutes.",
        "The summit is at the Metro Convention Centre, 255 Front St W, Toronto.",
        # numbers of records, not lines
        "Ticket #48213-77 is still open with the vendor.",
        "order ID 2025-118-4410 never shipped, our swag is stuck",
        "SKU 555-0142-XL is discontinued, stop quoting it",
        "Hotel block is rooms 1400-1420, check-in after 3pm.",
        # a colleague's work details shared with their leave, or in an introduction
        "With her permission: Noor's work email is noor.h@tidewater.example, ask her about partnerships.",
        "Sven said it's fine to share, his office line is 312-555-0166.",
        "cc'ing Aiyana, aiyana@northbeam.example, who owns onboarding for your account.",
        "Meet Theo, your new CSM: theo.b@kitewire.example.",
        "OOO until Monday. For anything urgent contact my colleague Rui Costa at rui.costa@brava.example.",
        # a business's line, a record, a public or business address
        "Their main line is (646) 555-0100 but ask for the partnerships desk.",
        "For press inquiries, contact press@lumaflow.example or +1 (415) 555-0100.",
        "ticket number for the summit is SS25-88412, anyone else charged twice?",
        "RMA 71-220-1934 approved, the replacement ships today.",
        "renewal quote #Q-00051288 expires Friday",
        "EIN for Acme Corp (the company, for vendor setup): 12-3456789",
        "Ship returns to: Returns Dept, 2200 Industrial Pkwy, Dock 4, Reno NV 89502.",
        "Salesforce Tower is at 415 Mission St, the meetup is in the lobby cafe.",
        # the author's own, in German
        "Ruf mich gern an: +49 151 5550 1234, ich bin ab Montag im Büro.",
        # a template address, a mention that is a Slack handle
        "If your champion leaves, try firstname.lastname@company.com for the replacement.",
        "Find me as @em.sdr on Slack, email: emily.r@parchment.example.",
        # from a second check set
        "Thanks for the intro! Reach me on my work cell +49 151 5550 7788.",
        "Tracking number 1Z999AA10123456784 for the demo kit, should land Friday.",
        "invoice number was 2024-0331 not 2024-0313, finance will reissue",
        "contact is their procurement desk, procurement@ironclad-mfg.example",
        "work mobile is the best way to reach me on the road. Email's fine too: h.blake@argentum.example",
        "Parking: public garage at 55 Cambridge St. Rooftop terrace is level 8.",
        "Shipping address for the W-9: Attn Accounts Payable, 200 Park Ave, 17th Floor, New York NY 10166.",
        "Sales Kickoff, Feb 11-13, Caesars Forum, 3911 Koval Ln, Las Vegas.",
        "Soirée clients dans nos bureaux: 12 rue de la Paix, 75002 Paris.",
        "Reach out at jess dot m at salesgym dot co if you want the slides",
        # from a third check set
        "hey it's Jordan, new number: 312-555-0177. update your contacts",
        "Meeting moved to room 4.12 on the 4th floor, 2:30pm",
        "Flight BA 117 lands JFK 2:35pm, I'll head straight to the client dinner from there",
        "Charity 10K for the Children's Hospital, Sunday 8am, start line at the trail lot",
        "Dial-in 646-555-0100, passcode 882211#.",
        "Welcome Priya Sethi, our new Head of Partnerships! Reach her at priya.sethi@brightpath.example",
        "the venue is Hall A at Moscone West, 800 Howard St. Registration opens at 7:30",
        "The book club meets at Fernwood Books, 33 High Street, in the reading room upstairs.",
        "The hackathon is hosted at the Innovation District Hub, 1 Tech Square, Building 2.",
        "Drinks after at Harbor Brewing, 210 Water Street.",
        "test account for the sandbox: demo.user@example.com / phone 555-0123",
        "The ISBN for 'The Challenger Sale' is 978-1591844358 if anyone's ordering",
    ],
)
def test_pii_own_contact_details_in_a_post_or_signature_are_own(text):
    assert kinds(text) == []


def test_pii_next_detail_in_a_list_is_someone_elses_too():
    text = "I'm posting it anyway: Rhea Kapoor, 98450 12377, rhea.k.blr@gmail.com, she owes us."
    assert [k for k, _ in kinds(text)] == ["phone", "email"]


@pytest.mark.parametrize(
    "text",
    [
        "My sister just bought a house in Denver, so proud of her!",
        "He lives in Austin now and works remote for a Boston team.",
        "Maria is presenting in room 204 at 3pm, come early for seats.",
        "Our team sits on the 4th floor, pod C, come say hi.",
        "I'm at gate B12 at SFO, flight's delayed an hour, start without me.",
        "You are not alone. Leave her alone, she's doing her job.",
        "The team is staying at the Hilton this year, rates in the doc.",
    ],
)
def test_pii_leaves_homes_stays_and_desks_told_without_a_place_alone(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # prose with a street word and a number
        "The forecasting tool predicted we'd close 140% of plan.",
        "Our ERG ran a food drive that fed 300 families.",
        "This discount request is highway robbery. 42% off list for a 1-year deal?",
        "We had a vote on 23 June 2016 and nothing changed.",
        "Word to my bird! http://pics.example/p/60040730",
        # routines that expose no one: no named place, the author's own, or a meeting
        "Her kids go to school at 8 every morning so she starts calls at 9.",
        "I take the train every morning at 7, so calls before 8 are hard.",
        "She'll pick you up at the station at 9 on Monday for the offsite.",
        "He leaves the office at 6 every day so book calls before then.",
        # records, clock times and names that are not a real name put to an account
        "Tracking number (1Z 999 AA1 01 2345 6784) just says label created.",
        "Shipping label tracking: 9400 1118 9922 3344 5566 77. In transit for 12 days.",
        "Team dinner tonight 7:30 at Nando's on Oxford Street, booked under Revora.",
        "My real name is Robert Smith but everyone calls me Bob.",
        "The team behind the launch: Maria Lopez and Dev Patel. Amazing work!",
        "Should I post his name? He ghosted three of us.",
        "I have her work number if you need to reach procurement.",
        "Meetup: Women in Revenue drinks, Thursday 6pm, the bar at the Westin. All welcome.",
    ],
)
def test_pii_leaves_prose_and_harmless_routines_alone(text):
    assert kinds(text) == []


def test_pii_routine_needs_every_part():
    text = "He's at the Lucky Dog bar every Friday 6-10 and walks home alone."
    assert [k for k, _ in kinds(text)] == ["whereabouts"]
    # without the routine, the time, or someone else, it is not a routine of someone else's
    assert kinds("He's at the Lucky Dog bar on Friday.") == []
    assert kinds("He's at the Lucky Dog bar every Friday.") == []
    assert kinds("I'm at the Lucky Dog bar every Friday 6-10 and walk home alone.") == []


def test_pii_a_room_that_holds_a_talk_is_not_a_stay():
    assert kinds("Maria is at the Hilton, room 12, for the pricing workshop at 3pm") == []
