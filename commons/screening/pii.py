"""Personal-information detector: finds spans that would expose someone, and says whose they are.

Kinds found (each a span of the original text):

- ``email``: e-mail addresses, including ones written to slip past a filter: "name at domain dot com",
  "name(at)gmail.com", "name at gmail", "name @ gmail", "arobase", or one character at a time;
- ``phone``: telephone numbers, found by the ``phonenumbers`` library (several regions, lenient), after a
  cheap digit pre-check so ordinary text never reaches it;
- ``street_address``: a house number with a street word ("12 Oak Street", "Via Roma 4", "PO Box 12"),
  extended over unit, city, region, postcode and country; ``usaddress`` reads US-style candidates that
  end in a state and ZIP code ("12 Maple, Springfield IL 62704") ;
  a street word that is also an ordinary word ("Way", "Point", "Park") counts only with a unit, postcode
  or city line after it;
  an address line that ends in a Canadian, British, Australian or Indian postcode ("Unit 7, 31 Railway
  Parade, Glen Waverley VIC 3150");
- ``payment_card`` (Luhn checksum), ``iban`` (mod-97 checksum), ``government_id`` (US SSN and its last
  four, UK National Insurance number, and passport / licence / tax / Aadhaar numbers near those words,
  and other national numbers named by their label: PAN, NRIC/IC, codice fiscale, DNI, CPF, ...),
  ``bank_account`` (sort code, routing, BSB or account number in a text about a bank) and
  ``date_of_birth`` (a labelled or "born" date with its year);
- ``whereabouts``: where a named person will be, or is every day, at a private place or a time ("Dana is
  at the Hilton, room 512, until Friday", "she leaves the gym at 6pm every day"); a routine that tells a
  stranger where to find someone else: in one sentence, a person other than the author, a recurring time
  with a clock time (or "alone"), a private place or a way of getting about, and a named place ("he's at
  the Lucky Dog every Friday 6-10 and walks home alone"); a family member's named school, field or class
  ("Tyler's kid goes to Roosevelt Elementary"); and, without an address, a home placed on a street, a
  hotel stay with a room or floor (a named hotel, a hospital, a trip or a campsite with a room or a site
  number), a desk with its floor and pod, a gate, a flight or a route with a time (``_located``);
- ``vehicle`` (a labelled licence plate) and ``access_code`` (a buzzer, gate or door code, a digicode);
- phone numbers spelled out in words ("five-five-five, oh-one-nine-two, ...") or one digit at a time;
- ``real_name``: the real name put to an anonymous account or post ("@quotaqueen_88 is actually Priya
  Raghunathan", "who wrote that anonymous post: Cristina Vega");
- ``exposure_offer``: an offer or a threat to publish someone's details, the details left out ("DM me for
  her home address", "keep it up and I'll post your home address").

Exposure told in words with nothing here to point at (a diagnosis, a home described without a number)
is read by the model's doxing head (``core.py``), not by these rules.

Whose it is (``own``): contact details (email, phone, street address) are the author's own, and so not
doxing, when ``context["own_contact"]`` is true; in a profile or an event description (the member's own,
the venue's, the organiser's) unless someone else's home or cell is named just before ("his cell is",
"Darren's place", "she lives at"); when the author says they are theirs ("that's me", "Dana Lee here",
"my direct line"); when the words just before offer them ("call me at", "my work cell is", "reach our
office at") with no later cue of someone else; or when no one else is named in the 160 characters before
the span and the author writes in the first person or a signature ("Email: ", " | "). Someone else is
named by a pronoun, a possessive, kin or a role ("her", "Dana's", "the SDR who ghosted me", "my old AE
partner"; pronouns a member gives for themselves, "she/her", excepted), by a verb of contact ("contact
Amit outside work"), by a mention with a possessive ("@kyle's personal phone"), by a full name just
before the details ("Brad Kellerman, 555-..."), by a cue just after ("that's his personal line", "call
her at home"), or by an earlier detail of the same list. A colleague's details shared with their leave
("with her permission", "Mike said it's fine to share") and a colleague's work e-mail or office line in
an introduction ("cc'ing Dana, dana@acme.com, who owns onboarding") are not an exposure. A team's
mailbox ("support@", "procurement@") and what follows it in the same list, a template
("firstname.lastname@company.com"), a business's main, support or press line, a toll-free number, and
the address of a venue, an office or a returns desk named just before it are not anyone's personal
details, and are reported as ``own`` too (not counted). Payment cards, bank accounts, government
numbers, dates of birth, plates, door codes and whereabouts always count: nobody should publish them,
their own included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
import usaddress

from .scan import caseless_groups, presence

CONTACT_KINDS = frozenset({"email", "phone", "street_address"})
KIND_PROBABILITY = {
    "email": 0.9,
    "phone": 0.9,
    "street_address": 0.85,
    "payment_card": 0.97,
    "iban": 0.95,
    "government_id": 0.95,
    "whereabouts": 0.8,
    "vehicle": 0.8,
    "access_code": 0.9,
    "bank_account": 0.95,
    "date_of_birth": 0.9,
    "real_name": 0.85,
    "exposure_offer": 0.8,
}
KIND_LABEL = {
    "email": "an e-mail address",
    "phone": "a phone number",
    "street_address": "a street address",
    "payment_card": "a payment card number",
    "iban": "a bank account number (IBAN)",
    "government_id": "a government identity number",
    "whereabouts": "where a named person can be found",
    "vehicle": "a vehicle's licence plate",
    "access_code": "a code to get into a building or home",
    "bank_account": "a bank account number",
    "date_of_birth": "a date of birth",
    "real_name": "the real name behind an anonymous account",
    "exposure_offer": "an offer or a threat to publish someone's private details",
}


@dataclass(frozen=True)
class PiiSpan:
    kind: str
    start: int
    end: int
    own: bool = False


EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b"
)
EMAIL_SPELLED = re.compile(
    r"\b[A-Za-z0-9._%+-]{2,64}\s*[\[({]?\s*(?:at|AT)\s*[\])}]?\s*[A-Za-z0-9-]{2,}\s*[\[({]?\s*"
    r"(?:dot|DOT)\s*[\])}]?\s*(?:com|net|org|io|co|de|uk|fr|edu|gov|us|ca|in|au)\b"
)
# written to dodge a filter: "jen.whitaker at gmail", "sarah.p(at)gmail.com", "seb arobase free point fr",
# "chad @ gmail": a free-mail provider, or a domain with its ending, after a spelled or spaced "at"
_PROVIDERS = (
    r"gmail|googlemail|yahoo|ymail|hotmail|outlook|icloud|aol|proton(?:mail)?|gmx|rediffmail|free|orange|"
    r"wanadoo|btinternet|yandex|zoho|qq|live|msn"
)
_DOT = r"(?:\s*\.\s*|\s*[\[({]\s*(?i:dot|point)\s*[\])}]\s*|\s+(?i:dot|point)\s+)"
_TLD = (
    r"(?i:com|net|org|io|co|fr|de|uk|ca|in|au|ch|es|it|nl|be|edu|gov|us|me|ai|app|dev|info|biz|ie|nz|"
    r"se|no|dk|fi|pl|br|mx|jp|sg|example)\b"
)
EMAIL_DODGED = re.compile(
    r"(?<![\w.@-])(?:(?=[A-Za-z0-9._%+-]*(?:[._\d]|\s(?i:dot)\s))[A-Za-z0-9][A-Za-z0-9._%+-]{0,62}[A-Za-z0-9]"
    r"(?:\s+(?i:dot)\s+[A-Za-z0-9_%+-]+)*\s*"
    r"(?:\s(?i:at|arobase)\s|[\[({]\s*(?i:at|@)\s*[\])}])|[A-Za-z0-9][A-Za-z0-9._%+-]{1,63}(?:\s@\s+|@\s+))\s*"
    r"(?:(?i:" + _PROVIDERS + r")\b(?:" + _DOT + _TLD + r")*|[A-Za-z0-9-]{2,}" + _DOT + _TLD + r")"
)
# a cheap first look for EMAIL_DODGED (substrings, then a pattern): a spelled or spaced "at" followed by
# a provider or a dotted name
_DODGED_WORDS = (
    "gmail",
    "yahoo",
    "hotmail",
    "outlook",
    "icloud",
    "proton",
    "aol.",
    "gmx",
    "rediff",
    " dot ",
    "(dot)",
    "[dot]",
    " point ",
    "arobase",
    "(at)",
    "[at]",
    "{at}",
    "@ ",
)
_AT_DOMAIN = re.compile(r" at [a-z0-9-]+\.[a-z]")


_DODGED_HINT = presence(
    re.compile(
        r"(?:\b(?:at|arobase)\b|@)\s*[\])}]?\s*(?:(?:" + _PROVIDERS + r")\b|"
        r"[a-z0-9-]{2,}\s*(?:\.|[\[({]?\s*(?:dot|point)))",
        re.I,
    )
)


def _dodged_hint(text: str, lowered: str) -> bool:
    return bool(
        (any(w in lowered for w in _DODGED_WORDS) or _AT_DOMAIN.search(lowered))
        and _DODGED_HINT.search(text)
    )


# "c h r i s . b a r r y 8 8 @ g m a i l . c o m": one character at a time
_SPACED_OUT = re.compile(r"(?<!\S)(?:[A-Za-z0-9._@-] ){8,}[A-Za-z0-9._@-](?!\S)")


# the shape of an address, not anyone's: "firstname.lastname@company.com", "you@yourcompany.com"
_PLACEHOLDER_EMAIL = re.compile(
    r"^(?i:(?:first(?:name)?|last(?:name)?|name|your\.?name|you|user(?:name)?|email|someone|john\.doe|jane\.doe|"
    r"(?:demo|test|sample|dummy)(?:[._-]?(?:user|account|\d+))?|"
    r"f\.?last|first[._]last|firstname[._]lastname)@|[^@]+@(?:your)?(?:company|companyname|domain|"
    r"yourdomain|email)\.com$)"
)


# addresses of a role or a team, not of a person: "support@", "billing@", "events@"
_ROLE_MAILBOX = re.compile(
    r"^(?i:[\w.]*[._-])?(?i:escalations|support|billing|sales|info|help|helpdesk|hello|hi|team|events?|press|media|careers|jobs|admin|"
    r"contact|office|no-?reply|hr|accounts?|partners?|marketing|privacy|security|legal|feedback|"
    r"enquiries|inquiries|service|customerservice|care|orders|bookings|reservations|community|mods?|"
    r"moderators?|abuse|webmaster|invoices?|finance|ap|ar|success|cs|onboarding|registration|rsvp|procurement|"
    r"purchasing|vendors?|payables|receivables|mentors?|mentorship|renewals|licensing|ops|operations|"
    r"recruiting|talent|people|desk)"
    r"(?:[._-][\w.-]*)?@"
)


def _nobodys_mailbox(address: str) -> bool:
    """A team's or a role's mailbox ("support@"), or a template ("firstname.lastname@company.com")."""
    return bool(_ROLE_MAILBOX.match(address) or _PLACEHOLDER_EMAIL.match(address))


_DIGIT_RUN = re.compile(r"\+?\(?\d[\d\s().\-/]{5,}\d")
CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b", re.I)
SSN = re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}[- ](?!00)\d{2}[- ](?!0000)\d{4}(?![\d-])")
SSN_PLAIN = re.compile(
    r"\b(?:ssn|social\s+security(?:\s+number)?|sin|tax\s+id|tin)\W{0,4}(?:is\s+|number\s+|#\s*)?(\d{9})\b",
    re.I,
)
NINO = re.compile(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
LABELLED_ID = re.compile(
    r"\b(?:passport|driver'?s?\s+licen[cs]e|licen[cs]e\s+(?:no|number)|national\s+id|id\s+card|"
    r"tax\s+(?:id|number)|medicare(?:\s+card)?|nhs\s+number|aadhaa?r|pan\s+card|steuer-?id|"
    r"health\s+card|sin|social\s+insurance(?:\s+number)?|ni|national\s+insurance|nric|mykad|ic|"
    r"codice\s+fiscale|carta\s+d['’]identit[aà]|dni|nie|cpf|curp|nif|bsn|pesel|personnummer|c[ée]dula)\b"
    r"(?:\s*(?:no\.?|number|num|#|is|:|was))*\s*"
    r"([A-Z]{2}(?:\s?\d{2}){3}\s?[A-D]|(?:\d{2,6}[ -]){1,4}\d{1,6}|[A-Z0-9][A-Z0-9-]{5,17})\b",
    re.I,
)
# a licence, passport or health number a few words after its label ("Ontario licence for the guy who
# keyed my car: K4102-37459-81205"): letters and at least eight digits in dashed groups
LOOSE_LABELLED_ID = re.compile(
    r"\b(?i:licen[cs]e|passport|medicare|aadhaa?r|health\s+card)\b[^.!?\n]{0,60}?"
    r"(?<![\w-])((?=[A-Z0-9 -]*\d{4})[A-Z]?\d{3,5}(?:[- ]\d{3,6}){1,3})(?![\w-])"
)
# the last four digits of a social security number, named as such
SSN_LAST_FOUR = re.compile(
    r"\b(?i:ssn|social(?:\s+security)?)(?:['’]s)?\s+(?i:last\s+(?:four|4)|ends|ending)(?:\s+(?:digits|are|is|in|with|:))*"
    r"\s*(\d{4})\b"
)
# an Indian PAN (five letters, four digits, a letter) a few words after its label
PAN_NUMBER = re.compile(
    r"\b(?:PAN|(?i:pan\s+card))\b[^.!?\n]{0,40}?\b([A-Z]{3}[ABCFGHLJPT][A-Z]\d{4}[A-Z])\b"
)
# a National Insurance number a few words after its label, the specimen prefixes ("QQ") included
LOOSE_NINO = re.compile(
    r"\b(?i:ni\s+(?:number|no)|national\s+insurance)\b[^.!?\n]{0,40}?\b([A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D])\b"
)
# bank details: an account, sort code, routing or BSB number next to its label, in a text about a bank
BANK_NUMBER = re.compile(
    r"\b(?i:sort\s+code|routing(?:\s+(?:number|no\.?|#))?|bsb|aba|swift|(?:bank\s+)?acc(?:oun)?t\.?"
    r"(?:\s+(?:number|no\.?|#))?)\s*(?:is\s+|:\s*|#\s*)?(\d[\d -]{4,20}\d)\b"
)
_BANK_CONTEXT = re.compile(r"(?i:\bbank|sort\s+code|routing|\bbsb\b|\bswift\b|\bwire\b|\biban\b)")
_BANK_WORDS = ("bank", "sort", "routing", "bsb", "swift", "wire", "iban")  # its first look
# a date of birth, with its year
DATE_OF_BIRTH = re.compile(
    r"\b(?i:date\s+of\s+birth|d\.?o\.?b\.?|birth\s*date|birthday|born(?:\s+on)?)(?:\s+(?i:for|of)\s+\S+)?(?:\s*(?:is|was|:))*\s*\(?"
    r"(\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d\d(?!\d)|(?:19|20)\d\d-\d\d-\d\d|\d{1,2}\s+[A-Z][a-z]+\.?\s+(?:19|20)\d\d|"
    r"[A-Z][a-z]+\.?\s+\d{1,2},?\s+(?:19|20)\d\d)"
)
_DOB_LABEL = re.compile(r"birth|born|d\.?o\.?b")  # in lower case: a first look for DATE_OF_BIRTH
_PHONE_LABEL_BEFORE = re.compile(
    r"(?i:\b(?:cell|mobile|phone|tel|whatsapp|call|text|line)\b\W{0,4})$"
)
_ISBN_BEFORE = re.compile(r"(?i:\bisbn(?:-1[03])?\b[^\d\n]{0,40})$")
LABELLED_CARD = re.compile(
    r"\b(?:card|cc|credit|debit|visa|mastercard|amex)\b(?:\s*(?:no\.?|number|num|#|is|:|ending\s+in))*\s*"
    r"(\d(?:[ -]?\d){11,18})\b",
    re.I,
)
# a card-shaped number (four groups of four, or Amex's 4-6-5) a few words after a card word, or just
# before an expiry date ("5425 2334 3010 9903, 04/26"): members rarely copy a card whose checksum holds
# (starts with a digit, not a look-behind, so ``re`` skips ahead to digits)
_CARD_SHAPE = (
    r"(\d(?<![\d-]\d)\d{3}(?:[ -]\d{4}){3}|\d(?<![\d-]\d)\d{3}[ -]\d{6}[ -]\d{5})(?![\d-])"
)
LOOSE_CARD = re.compile(
    rf"\b(?i:card|cc|credit|debit|visa|mastercard|amex)\b[^!?\n]{{0,80}}?{_CARD_SHAPE}"
)
CARD_BEFORE_EXPIRY = re.compile(
    rf"{_CARD_SHAPE}(?=[,;]?\s*(?i:exp(?:iry|ires|\.)?:?\s*)?(?:0[1-9]|1[0-2])\s*/\s*\d\d\b)"
)
IPV4 = re.compile(
    r"(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])"
)

_PHONE_DIGITS = r"\+?\(?\d[\d \t().\-]{5,18}\d(?:\s*(?:x|ext\.?)\s*\d{1,5})?"
LABELLED_PHONE = re.compile(
    rf"\b(?i:mobile|cell|cellphone|phone|tel|telephone|desk|fax|whatsapp|landline|"
    rf"home\s+phone|direct\s+line)\b\s*(?:number|no\.?|#)?\s*(?:is\s+)?:?\s*({_PHONE_DIGITS})"
)
SUFFIXED_PHONE = re.compile(
    rf"(?<![\w-])({_PHONE_DIGITS})[\s\-]*(?i:office|mobile|cell|fax|home|work)\b"
)
_POSTCODE_LABEL = re.compile(r"(?i:zip|postal|post\s*code|postcode|cep|plz)\W{0,12}$")
_PHONE_REGIONS = ("US", "GB", "DE", "FR", "AU", "IN", "BR", "IT", "NL", "CH")
_YEARLIKE = re.compile(r"^(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?$")
_DATELIKE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")

_STREET_WORDS = (
    "street|st|str|strasse|straße|road|rd|avenue|ave|av|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    "square|sq|terrace|ter|crescent|cres|close|parkway|pkwy|highway|hwy|circle|cir|trail|trl|alley|row|walk|"
    "plaza|gardens|grove|heights|mews|wharf|quay|pike|xing|expressway|freeway|rte|stravenue|"
    "rue|via|viale|piazza|calle|carrer|avenida|rua|travessa|praça|ulica|ul|utca|út|útja|gasse|weg|platz|"
    "allee|ring|damm|ufer|vej|vägen|gatan|gata|gate|veien|vegen|katu|tie|kuja|straat|laan|plein|gracht|"
    "kade|steeg|chaussée|chemin|quai|cours|impasse|allée|boulevard|strada|vicolo|corso|largo|odos|stratioti"
)
_STREET_SUFFIX = re.compile(rf"^(?:{_STREET_WORDS})\.?$", re.I)
# street words that are also ordinary words ("10 Key Points", "2 Way Street"): need a unit, a postcode or
# a city line after them to count
_WEAK_STREET_WORDS = (
    "way|view|rise|hill|loop|path|run|crossing|route|points?|squares?|courts?|dam|dale|glen|ridge|port|park|"
    "estates|manor|row|walk|ring|gate|close|place|circle|trail|terrace|grove|gardens|place"
)
_WEAK_SUFFIX = re.compile(rf"^(?:{_WEAK_STREET_WORDS})\.?$", re.I)
_TAIL_EVIDENCE = re.compile(r"\d{4,6}|(?i:apt|suite|unit|flat|floor)|\n|,\s*[A-Z]{2}\b")
_STREET_GLUED = re.compile(
    r"(?:straße|strasse|gasse|weg|platz|allee|vej|vägen|gatan|veien|vegen|katu|tie|straat|"
    r"laan|gade|stræde|utca|ulica|road|street)$",
    re.I,
)
_UNIT = r"(?i:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|bldg|building|#)\.?\s*#?\s*[A-Za-z]?\d+[A-Za-z]?"
_UNIT_RE = re.compile(rf"\s*{_UNIT}", re.I)
_BOX = re.compile(
    r"\b(?:(?:P\.?\s?O\.?\s?|Post\s+Office\s+)Box\s+\d+|PSC\s+\d+,?\s+Box\s+\d+|Unit\s+\d+\s+Box\s+\d+|"
    r"USN?S\s+\w+(?:\s+\w+)?|(?:APO|FPO|DPO)\s+A[AEP]\s+\d{5})\b",
    re.I,
)
_BOX_WORDS = re.compile(r"box|usn?s\s|[afd]po\s")  # in lower case: a first look for _BOX
_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽΑ-ΩА-Я"
_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿĀ-žȘ-ț'’.\-]+"
# a house number and up to five words, one of them a street word ("12 Oak Street"); or up to four words,
# one of them a street word, and then a number ("Via Roma 4", "Koskikatu 25", "Rákóczi út 66.")
_ADDR_NUMBER_FIRST = re.compile(
    rf"(?<![\w-])\d{{1,6}}[A-Za-z]?(?:[-/]\d{{1,4}})?\s+(?:(?:{_WORD}|\d{{1,3}}(?:st|nd|rd|th)?)[ \t]+){{0,4}}{_WORD}"
)
# a house or postal number, one to four capitalised words and a number: "764 Fagradalsbraut 71"
_ADDR_NUMBERED_NAME = re.compile(
    rf"(?<![\w-])(?:{_UNIT}[ \t]+)?\d{{2,6}}[ \t]+(?:[{_UP}][\w'’.\-]*[ \t]+|(?:u\.|ul\.|de|del|la|le|des|du|van|von|di|da)[ \t]+){{1,4}}"
    rf"\d{{1,4}}[A-Za-z]?\b\.?"
)
_ADDR_NAME_FIRST = re.compile(
    rf"(?<![\w-])(?:{_WORD}[ \t]+){{0,3}}{_WORD}[ \t]+\d{{1,5}}[A-Za-z]?\b\.?"
)
_ADDR_TAIL = re.compile(
    rf"(?:(?:,|\n[ \t>?*•-]*|[ \t])[ \t]*(?:{_UNIT}|nan|\([{_UP}][\w ]*\)|[{_UP}][\w'’.\-]*(?:[ \t]+[{_UP}(][\w'’.\-)]*){{0,3}}|[A-Z]{{2}}|\d{{4,6}}(?:-\d{{4}})?|"
    r"[A-Z]\d[A-Z]\s?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}))*"
)

# the author offering their own contact details: "call me at", "my work cell is", "reach our office at",
# "I'm on"; a first-person word alone ("the guy who ghosted me: 555-0198") is not enough
_OWN_FRAME = re.compile(
    r"\b(?:my|our)\s+(?:[\w-]+\s+){0,3}?(?:e-?mail|phone|number|no|cell|mobile|line|address|office|desk|"
    r"whatsapp|signal|telegram|contacts?|details|info|booth|store|shop|studio|hq|headquarters|inbox|"
    r"extension|ext|handle)\b"
    r"|\b(?:reach|call|ring|text|e-?mail|mail|ping|contact|message|dm|find|connect\s+with|reach\s+out\s+to|"
    r"write\s+to|get\s+in\s+touch\s+with|visit|join|meet|drop|shoot|send|hit|give|buzz|whatsapp)\s+"
    r"(?:me|us)\b"
    r"|\b(?:i|we)(?:'m|’m|'re|’re|\s+am|\s+are)\s+(?:at|on|reachable|available)\b"
    r"|\b(?:i|we)\s+live\s+(?:at|on|in)\b|\bto\s+me\s*:?\s*$|\breach\s+out\s+(?:at|on|via)\b"
    r"|\b(?:me|us)\s+(?:at|on|via)\s*$",
    re.I,
)
_FIRST_PERSON = re.compile(
    r"\b(?:me|my|mine|i|i'm|i am|our|ours|us|we|myself|ich|mich|mir|mein|meine|je|moi|mon|yo|ll[aá]mame)\b",
    re.I,
)
_PRONOUNS = re.compile(
    r"\b(?:she|he|they|xe|ze)\s*/\s*(?:her|hers|him|his|them|they|she|he|xem|zir)\b", re.I
)


def _blank(m: re.Match) -> str:
    return " " * len(m.group(0))


# someone other than the author, just before the span: "the SDR who ghosted me: ...", "that guy's ..."
_SOMEONE_ELSE = re.compile(
    r"(?<!\bi'm\s)(?<!\bi’m\s)(?<!\bi\sam\s)(?<!\bas\s)"  # "I'm the hiring manager: ..." is the author
    r"\b(?:the|that|this|a|some)\s+['‘\"“]?(?:[\w-]+['’\"”]?\s+['‘\"“]?){0,2}?(?:who|guy|girl|man|woman|dude|"
    r"lady|creep|jerk|scammer|troll|person|recruiter|prospect|ex|manager|boss|customer|client|coach|"
    r"consultant|founder|intern)['’\"”]?(?:\s+(?:who|that))?\b"
    # "my old AE partner Sunil: ...", "our old founder is hiding in ...": a person the author knows
    r"|\b(?:my|our)\s+(?:(?!(?:for|of|to|with|and|from|in|on|at)\b)[\w-]+\s+){0,2}?(?:partner|colleague|co-?worker|teammate|neighbou?r|landlord|"
    r"roommate|flatmate|friend|ex|ex-\w+|manager|boss|founder|ceo|cfo|cto|coo|vp|director|recruiter|guy|gal|lead|"
    r"client|customer|buyer|champion|mentor|mentee|cousin|sister|brother|uncle|aunt)\b(?!\s+(?:and|&)\s+i\b)"
    # "the number for the recruiter", "the cell of Vikram": someone else's, unless it is the author's
    r"|\b(?:number|cell|phone|#|e-?mail|address|mobile|contact|info|details|digits|whatsapp)\s+(?:for|of)\s+"
    r"(?:him|her|them|(?-i:(?!The\b|This\b|That\b|Our\b|My\b)[A-Z][a-z]+)\b|(?:the|that|this)\s+['‘\"“]?[\w-]+"
    r"['’\"”]?(?:\s+[\w-]+)?['’\"”]?\s+(?:who|that)\b)",
    re.I,
)
# "contact Amit outside work: ...", "text Priya at ...": someone named after a verb of contact (in an
# event description, that is its organiser: see ``_context_owns``)
_CONTACT_NAMED = re.compile(
    r"\b(?i:contact|call|text|e-?mail|ping|reach|message|dm|ring|whatsapp)\s+(?!(?:Me|Us)\b)[A-Z][a-z]+\b"
)
# someone else's, named just after the details: "..., that's his personal line", "his name's Eric"
_SOMEONE_ELSE_AFTER = re.compile(
    r"[^\n]{0,64}?(?:\b(?i:call|text|ring|e-?mail|message|ping|reach|visit|find)\s+(?i:her|him|them)\b|"
    r"\b(?i:his|her)\s+(?i:wife|husband|partner|boyfriend|girlfriend|kids?|mom|dad|family)\b|"
    r"\b(?i:that's|that is|it's|its|this is)\s+(?:(?i:his|her|their)|"
    r"[A-Za-z][a-z]+['’]s)\b|\b(?:his|her)\s+(?:name|personal|private|real|actual|cell|mobile|number|line|"
    r"home|address|email)\b|\b(?i:this|that|he|she)(?:['’]s|\s+is|\s+was)\s+the\s+(?:\w+\s+)?(?i:guy|man|woman|"
    r"one|person|creep|jerk|scammer|troll)\b|\bname(?:\s+is|['’]s)\s+[A-Z]|\b(?:[A-Z][a-z]+|(?i:she|he))['’]s\s+the\s+(?:one|person|guy|"
    r"woman|man)\b)",
)
# in a profile or an event description, someone else's details: "his cell is", "Darren's place",
# "she lives at", "home address"
_OTHERS_DETAILS = re.compile(
    r"\b(?:(?i:his|her|their)|[A-Z][a-z]+['’]s)\s+(?:[\w-]+\s+){0,2}?(?i:cell|phone|number|mobile|e-?mail|"
    r"address|home|house|place|flat|apartment|condo|digits)\b|\b(?i:he|she|they)\s+(?i:lives?|stays?)\b|"
    r"\b(?i:lives?\s+(?:[^.!?\n]{0,40}?\s)?(?:at|on)|home\s+address)\b"
)
# a contact label or separator just before the span, as in a signature ("Email: ", "m: ", " | ")
_CONTACT_LABEL = re.compile(
    r"(?:[|·•\n(]|\b(?:work|office|business|direct|desk|e-?mail|e-?mail's|mobile|cell|phone|tel|m|t|e|mx|best|"
    r"contact|whatsapp|dial|reach)(?:\s+(?:e-?mail|phone|cell|mobile|line|number|no\.?|tel|dial))?"
    r"(?:\s+is)?\s*[:|]?)\s*$",
    re.I,
)
# someone else's: a pronoun, a possessive name or role ("Dana's", "CEO's", "our manager's"), or kin
_THIRD_PERSON = re.compile(
    r"(?<![\w.])@[A-Za-z_][\w.-]*\w(?=['’]s\b|\s+(?i:personal|private|home|cell|mobile|number|phone|e-?mail|"
    r"address|lives|digits)\b)|\b(?:(?i:his|her|hers|their|him|them|he|she|they)|"
    r"(?!(?:E-?mail|Email|Phone|Cell|Mobile|Number|Address|That|It|What|There|Here|Today|Everyone)['’]s)"
    r"[A-Z][A-Za-z]+['’]s|(?i:[a-z]+['’]s\s+(?:personal|"
    r"private|home|cell|mobile|number|phone|address|email|e-mail))|home\s+address\s+of|"
    r"lives\b|wife|husband|kid|kids|son|daughter|mom|dad|ex)\b"
)
# a person's full name just before the details, with only punctuation or a label between: "Brad
# Kellerman, 555-201-7788", "Jenna Clarke. Cell 555-...", "Mia Castellano (mia.c@..." (not "|": in a
# signature, "Dana Lee | Northwind | 555-..." names the author, a company or a city)
_NAME_BEFORE = re.compile(
    r"(?<![\w@.'’])(?P<first>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:[A-Z]\.\s+)?(?P<last>[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)"
    r"(?:\s*[,:;\n(—–-]+\s*|\s+|\.\s+)(?:(?i:cell|mobile|phone|tel|e-?mail|gmail|home|number|personal|at|is|"
    r"m|e|c)\s*[:.]?\s*){0,2}$"
)
_NOT_SURNAMES = frozenset(
    {
        "Inc",
        "Llc",
        "Ltd",
        "Labs",
        "Software",
        "Solutions",
        "Group",
        "Team",
        "Sales",
        "Support",
        "Center",
        "Centre",
        "Street",
        "Road",
        "Avenue",
        "Office",
        "Hq",
        "Systems",
        "Technologies",
        "Tech",
        "Cloud",
        "Ai",
        "Health",
        "Capital",
        "Partners",
        "Media",
        "Digital",
        "Security",
        "Data",
        "Analytics",
        "Here",
        "Desk",
        # venues: "Blue Bottle Coffee, 66 Mint St" is a place, not a person
        "Coffee",
        "Cafe",
        "Café",
        "Bar",
        "Pub",
        "Hotel",
        "Inn",
        "Hall",
        "Park",
        "Square",
        "Club",
        "Brewery",
        "Kitchen",
        "Grill",
        "House",
        "Room",
        "Rooms",
        "Studio",
        "Studios",
        "Gallery",
        "Library",
        "Museum",
        "Tower",
        "Building",
        "Plaza",
        "Market",
        "Tavern",
        "Bistro",
        "Diner",
        "Lounge",
        "Rooftop",
        "Theater",
        "Theatre",
        "Arena",
        "Stadium",
        "Campus",
        "Works",
        "Space",
        "Hub",
        "Lab",
        "Co",
        "Company",
        "Bank",
        "Station",
        "Airport",
        "Mall",
        "Commons",
        "Collective",
        "Yard",
        "Wharf",
        "Pier",
        "Gardens",
        "Dept",
        "Department",
        "Returns",
        "Dock",
        "Warehouse",
        "Forum",
        "Payable",
        "Receivable",
        "Attn",
        "Legal",
        "Accounts",
        "Finance",
        "Lodge",
        "Resort",
        "Retreat",
        "West",
        "East",
        "North",
        "South",
        "Books",
        "Bookstore",
        "Bookshop",
        "Shop",
        "Store",
        "Bakery",
        "Brewing",
        "Roasters",
    }
)
# the author saying the details are theirs: "that's me", "Dana Whitfield here", "my direct line"
_SELF_CUE = re.compile(
    r"^\W*(?:(?i:hey|hi|hello)[,!]?\s+)?(?i:it['’]?s|this\s+is)\s+[A-Z][a-z]+\b|"
    r"\b(?i:that['’]?s|this\s+is|it['’]?s)\s+(?i:me|my\s+(?:direct\s+line|number|cell|e-?mail|desk|work\s+\w+))\b|"
    r"\((?i:me|that's\s+me)\)|(?:^|[\n.!]\s*|(?i:hi|hey|hello)[,!]?\s+)(?!(?:Ok|Okay|So|Well|Yes|Yeah|Right|Alright|Over|Up|Out|Look|Click|Sign|"
    r"Start|Anyone|Everyone|Nobody|Someone|Scroll|Read)\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+here\b|"
    r"\b(?i:my\s+name\s+is|mine['’]s|mine\s+is)\b|"
    r"\b(?i:i['’]?m|i\s+am)\s+[A-Z][a-z]+\b(?!\s+(?:Software|Labs|Inc))|\b(?i:my\s+(?:own\s+)?(?:number|cell|e-?mail|"
    r"direct\s+line|desk|mobile)\b)"
)
# a business's line, not a person's: "Northwind's main number", "reception", "the front desk"
_BUSINESS_LINE = re.compile(
    r"\b(?i:dial-?in|conference\s+(?:line|bridge)|bridge\s+line|main\s+(?:number|line|office)|switchboard|reception|front\s+desk|help\s*line|hotline|"
    r"(?:support|sales|billing|press|media|service|customer\s+(?:success|service|support|care))\s+"
    r"(?:line|number|desk|team)|office\s+line|customer\s+service|(?:press|media)\s+inquir\w+)\b"
    r"[^.!?\n]{0,40}$"
)


_THEIR_LINE = re.compile(
    r"\b(?i:his|her|their)\s+(?!(?i:main)\b)(?:\w+\s+)?(?i:office|desk|line|number)"
)
# a talk, a session or a meeting in a room is not where someone sleeps
_ROOM_EVENT = re.compile(
    r"\b(?i:present(?:s|ing)?|speak(?:s|ing)?|talk|session|workshop|panel|keynote|breakout|meeting|demo|"
    r"class|training|hosting|hosts|teaching|teaches|interview(?:s|ing)?)\b"
)


def _named_just_before(window: str) -> int | None:
    m = _NAME_BEFORE.search(window[-48:])
    if m and m.group("first") not in _NOT_NAMES and m.group("last") not in _NOT_SURNAMES:
        return len(window) - len(window[-48:]) + m.start()
    return None


_PRIVATE_PLACE = (
    r"(?:(?i:home|house|apartment|flat|room\s+\d+|lobby|gym|parking\s+(?:lot|garage)|car|(?:back\s+|side\s+)?lot|"
    r"building|garage|driveway|daycare|school|"
    r"church|mosque|synagogue|temple|yoga|clinic|doctor|therapist|airbnb|cabin|hospital|hospice|"
    r"rehab|dialysis|infusion|physio|meeting\s+in\s+the\s+basement|"
    r"his\s+place|her\s+place|their\s+place|alone|by\s+(?:himself|herself|themselves)))"
)
_WHEN = (
    r"(?i:every\s+(?:day|night|morning|evening|weekday|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|week)|tonight|tomorrow|this\s+(?:weekend|evening|morning|afternoon)|at\s+\d{1,2}(?::\d\d)?\s*"
    r"(?:am|pm)?|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|until\s+\w+|after\s+work|"
    r"around\s+\d{1,2}|(?:mon|tues|wednes|thurs|fri|satur|sun)days|weekends|nightly|daily|"
    r"next\s+(?:week|(?:mon|tues|wednes|thurs|fri|satur|sun)day)|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
)
_NAME = r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
WHEREABOUTS = re.compile(
    rf"\b{_NAME}(?:'s|\s+(?:will\s+be|'ll\s+be|is|are|goes|leaves|arrives|stays|is\s+staying|walks|parks|gets\s+home|"
    rf"gets\s+off|drops\s+(?:her|his|their)\s+kids|works\s+out|lives|sleeps|can\s+be\s+found|will\s+be\s+alone|"
    rf"is\s+alone|is\s+always))\s+(?:\w+\s+){{0,5}}?"
    rf"(?:(?:(?:at|in|to|from|near|outside)\s+)?(?:the\s+|her\s+|his\s+|their\s+)?(?:\w+\s+)?{_PRIVATE_PLACE}\b"
    rf"(?:[^.!?\n]{{0,60}}?)\b{_WHEN}"
    rf"|{_WHEN}\b(?:[^.!?\n]{{0,60}}?)\b(?:at|in|to|from|near|outside)\s+(?:the\s+|her\s+|his\s+|their\s+)?(?:\w+\s+)?"
    rf"{_PRIVATE_PLACE}\b)",
)
_CLAUSE_REST = re.compile(r"[^.!?\n]{0,60}")
_ROOM = re.compile(
    rf"\b{_NAME}(?:'s|\s+is|\s+will\s+be|\s+stays|\s+sleeps|\s+is\s+staying)\s+[^.!?\n]{{0,40}}?\broom\s+\d+"
)
_NOT_NAMES = frozenset(
    {
        "Children",
        "Women",
        "Men",
        "People",
        "Everyone",
        "Everybody",
        "Nobody",
        "Someone",
        "Somebody",
        "It",
        "This",
        "That",
        "We",
        "I",
        "You",
        "They",
        "He",
        "She",
        "Team",
        "Our",
        "My",
        "The",
        "There",
        "Here",
        "What",
        "Who",
        "Which",
        "Anyone",
        "Each",
        "All",
        "Sales",
        "Marketing",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Today",
        "Tomorrow",
        "Tonight",
    }
)


_DIGITS_ANY = re.compile(r"\d")
_NUMBER_THEN_WORD = re.compile(r"\d[ \t]+[^\W\d_]")
_DIGITS6 = re.compile(r"\d(?:\D{0,3}\d){5}")
_WORD_THEN_NUMBER = re.compile(r"[^\W\d_][ \t]+\d")
_NAME_VERB = re.compile(
    r"\b(?:[A-Z][a-z]+(?:'s)?\s+(?:will|'ll|is|are|goes|leaves|arrives|stays|walks|parks|gets|drops|"
    r"works|lives|sleeps|can|kids?|children|son|daughter|wife|husband|room)|(?!(?:It|That|Let|What|There|Here|He|She|"
    r"Who|Everyone|Today|Nobody|Someone|Where|How|This)'s)[A-Z][a-z]+'s|(?:his|her|their)"
    r"\s+(?:kids?|children|son|daughter|wife|husband))\b"
)
# "my manager's kid", "the hiring manager's daughter"
_ROLE_KIN = re.compile(
    r"\b(?i:his|her|their|the|my|our)\s+(?:[\w-]+\s+)?[\w-]+'s\s+(?i:kids?|children|son|daughter|wife|husband)\b"
)
_PLACE_WORDS = (
    "home",
    "house",
    "apartment",
    "flat",
    "hotel",
    "room",
    "gym",
    "parking",
    "car",
    "lot",
    "building",
    "garage",
    "driveway",
    "daycare",
    "day care",
    "school",
    "church",
    "mosque",
    "synagogue",
    "temple",
    "bar",
    "pub",
    "yoga",
    "class",
    "clinic",
    "doctor",
    "therapist",
    "airbnb",
    "cabin",
    "place",
    "alone",
    "office",
    "nursery",
    "kindergarten",
    "workplace",
    "elementary",
    "academy",
    "high",
    "middle",
    "field",
    "rink",
    "pool",
    "dojo",
    "lobby",
)


def luhn_valid(digits: str) -> bool:
    """True when a digit string passes the Luhn checksum used by payment cards."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_valid(code: str) -> bool:
    """True when an IBAN (spaces allowed) passes its ISO 13616 mod-97 check."""
    code = code.replace(" ", "").upper()
    if not 15 <= len(code) <= 34:
        return False
    rearranged = code[4:] + code[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _numbers(text: str, lowered: str, taken: list[tuple[int, int]]) -> list[PiiSpan]:
    spans: list[PiiSpan] = []
    # each labelled pattern is read only where its label's letters are (its case-blind parts are slow)
    if "ssn" in lowered or "social" in lowered:
        spans += [
            PiiSpan("government_id", m.start(1), m.end(1)) for m in SSN_LAST_FOUR.finditer(text)
        ]
    if _DOB_LABEL.search(lowered):
        spans += [
            PiiSpan("date_of_birth", m.start(1), m.end(1)) for m in DATE_OF_BIRTH.finditer(text)
        ]
    if "pan" in lowered:
        spans += [PiiSpan("government_id", m.start(1), m.end(1)) for m in PAN_NUMBER.finditer(text)]
    if not _DIGITS6.search(text):
        taken.extend((s.start, s.end) for s in spans)
        return spans
    for m in CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if (
            13 <= len(digits) <= 19
            and luhn_valid(digits)
            and len(set(digits)) > 1
            and not (m.start() and text[m.start() - 1] == "+")
            and not _PHONE_LABEL_BEFORE.search(text, max(0, m.start() - 24), m.start())
            and not _ISBN_BEFORE.search(text, max(0, m.start() - 48), m.start())
        ):
            spans.append(PiiSpan("payment_card", m.start(), m.end()))
    for pattern in (LABELLED_CARD, LOOSE_CARD, CARD_BEFORE_EXPIRY):
        for m in pattern.finditer(text):
            if not _overlaps(m.start(1), m.end(1), [(x.start, x.end) for x in spans]):
                spans.append(PiiSpan("payment_card", m.start(1), m.end(1)))
    for m in IBAN.finditer(text):
        if iban_valid(m.group(0)):
            spans.append(PiiSpan("iban", m.start(), m.end()))
    for m in SSN.finditer(text):
        spans.append(PiiSpan("government_id", m.start(), m.end()))
    for m in SSN_PLAIN.finditer(text):
        spans.append(PiiSpan("government_id", m.start(1), m.end(1)))
    for m in NINO.finditer(text):
        spans.append(PiiSpan("government_id", m.start(), m.end()))
    for m in LABELLED_ID.finditer(text):
        if sum(ch.isdigit() for ch in m.group(1)) >= 2:
            spans.append(PiiSpan("government_id", m.start(1), m.end(1)))
    for m in LOOSE_LABELLED_ID.finditer(text):
        spans.append(PiiSpan("government_id", m.start(1), m.end(1)))
    for m in LOOSE_NINO.finditer(text):
        spans.append(PiiSpan("government_id", m.start(1), m.end(1)))
    if any(w in lowered for w in _BANK_WORDS) and _BANK_CONTEXT.search(text):
        for m in BANK_NUMBER.finditer(text):
            if _digit_count(m.group(1)) >= 6:
                spans.append(PiiSpan("bank_account", m.start(1), m.end(1)))
    spans = _merge(spans, [])
    taken.extend((s.start, s.end) for s in spans)
    # IP addresses are not reported, but their digits are not phone numbers either
    if "." in text:
        taken.extend((m.start(), m.end()) for m in IPV4.finditer(text))
    return spans


def _overlaps(start: int, end: int, taken) -> bool:
    return any(start < e and s < end for s, e in taken)


_SEVEN_DIGITS = re.compile(r"\d(?:\D*+\d){6}")


def _phones(text: str, taken: list[tuple[int, int]]) -> list[PiiSpan]:
    # a run of seven digits needs seven digits in the text: a cheap check first
    if not _SEVEN_DIGITS.search(text):
        return []
    if _ODD_SEPARATORS.search(text):
        # "720·555·0133", "646 – 555 – 0193": the same length with plain separators, so spans still fit
        text = text.translate(_PLAIN_SEPARATORS)
    if not any(_digit_count(m.group(0)) >= 7 for m in _DIGIT_RUN.finditer(text)):
        return []
    found: dict[tuple[int, int], None] = {}
    for m in _ONE_BY_ONE.finditer(text):
        if 10 <= _digit_count(m.group(0)) <= 12 and not _overlaps(m.start(), m.end(), taken):
            found[(m.start(), m.end())] = None
    for pattern in (LABELLED_PHONE, SUFFIXED_PHONE):
        for m in pattern.finditer(text):
            start, end = m.start(1), m.end(1)
            if (
                _digit_count(m.group(1)) >= 7
                and not _overlaps(start, end, taken)
                and (start, end) not in found
            ):
                found[(start, end)] = None
    for match in phonenumbers.PhoneNumberMatcher(
        text, "US", leniency=phonenumbers.Leniency.POSSIBLE
    ):
        _keep_phone(text, match.start, match.end, match.raw_string, found, taken)
    for run in _DIGIT_RUN.finditer(text):
        if (
            _digit_count(run.group(0)) < 7
            or _overlaps(run.start(), run.end(), list(found))
            or _overlaps(run.start(), run.end(), taken)
        ):
            continue
        lo = max(0, run.start() - 2)
        window = text[lo : run.end() + 8]
        for region in _PHONE_REGIONS[1:]:
            matches = list(
                phonenumbers.PhoneNumberMatcher(
                    window, region, leniency=phonenumbers.Leniency.POSSIBLE
                )
            )
            for match in matches:
                _keep_phone(text, lo + match.start, lo + match.end, match.raw_string, found, taken)
            if matches:
                break
    spans = [PiiSpan("phone", s, e) for s, e in sorted(found) if not _TOLL_FREE.match(text[s:e])]
    taken.extend(found)
    return spans


_ODD_SEPARATORS = re.compile(r"\d\s?[–—‐‑·•‧∙]\s?\d")
_PLAIN_SEPARATORS = str.maketrans(
    {"–": "-", "—": "-", "‐": "-", "‑": "-", "·": ".", "•": ".", "‧": ".", "∙": "."}
)
# a number written one digit at a time, to slip past a filter: "6 4 6 - 5 5 5 - 0 1 9 3"
_ONE_BY_ONE = re.compile(r"\d(?<![\w.-]\d)(?:[ ]{1,2}(?:-[ ]{1,2})?\d){9,11}(?![\w-])")
# toll-free numbers belong to organisations (North America, India, Australia): never a person's
_TOLL_FREE = re.compile(
    r"^\+?(?:1[\s.-]?\(?8(?:00|33|44|55|66|77|88)\)?|\+?(?:91[\s-]?)?1[\s-]?800|1[38]00)[\s.-]"
)
# a number that names a record, not a line: "ticket #48213-99", "order ID 2024-118-5531", "ISBN 978-..."
_RECORD_LABEL = re.compile(
    r"(?i:\b(?:ticket|order|invoice|inv|sku|case|isbn|batch|po|ref|reference|id|tracking|version|build|serial|"
    r"model|part|confirmation|booking|receipt|transaction|txn|claim|policy|item|lot|job|req|requisition|"
    r"opportunity|opp|quote|contract|rma|ein|tin|vat|registration|account)(?:\s+(?:number|no\.?|id|#))?"
    r"(?:\s+(?:for|of|on)\s+[^\n:]{1,64}?)?(?:\s+(?:is|was))?\s*[:#]?\s*#?|#?[A-Z]{1,5}-|[A-Z]{1,3}\d{1,4}-)$"
)


# the tail of a long tracking or order number: "tracking: 9400 1118 9922 3344 5566 77", "(1Z 999 AA1 01 ..."
_RECORD_DIGITS_BEFORE = re.compile(
    r"\b(?i:tracking|order|invoice|ticket|ref|reference|confirmation|booking|serial|awb|waybill|parcel|"
    r"shipment)\b(?:\s+(?i:number|no\.?|#|id|code))?\W{0,4}(?:[A-Z0-9]{1,6}[ -]){1,6}[A-Z]{0,3}$"
)
_RANGE = re.compile(r"^(\d{3,5})\s*[-–]\s*(\d{3,5})$")


def _is_range(raw: str) -> bool:
    """ "1400-1420": two numbers of one length, the second a little above the first (rooms, pages)."""
    m = _RANGE.match(raw)
    return (
        bool(m)
        and len(m.group(1)) == len(m.group(2))
        and 0 < int(m.group(2)) - int(m.group(1)) < 200
    )


_CODE_BEFORE = re.compile(r"\d[A-Za-z0-9]*[A-Za-z]$")  # "1Z999AA" just before: a tracking code


def _keep_phone(text, start, end, raw, found, taken) -> None:
    digits = _digit_count(raw)
    if (
        digits < 7
        or _YEARLIKE.match(raw)
        or _DATELIKE.match(raw)
        or _is_range(raw)
        or _overlaps(start, end, taken)
    ):
        return
    if (start > 0 and text[start - 1] in "$€£/=") or _POSTCODE_LABEL.search(
        text, max(0, start - 16), start
    ):
        return
    if (
        start and text[start - 1].isalpha() and _CODE_BEFORE.search(text, max(0, start - 24), start)
    ) or re.match(r"(?:19|20)\d\d[-/.]\d{3,4}$", raw):
        return  # inside a tracking code ("1Z999AA1012..."), or a year and a serial ("2024-0313")
    if (
        _RECORD_LABEL.search(text, max(0, start - 80), start)
        or _RECORD_DIGITS_BEFORE.search(text, max(0, start - 64), start)
    ) or re.match(r"-?[A-Za-z]", text[end : end + 2]):
        return  # a ticket, order or part number ("SKU 555-0199-XL")
    if any(start < e and s < end for s, e in found):
        return
    found[(start, end)] = None


def _digit_count(s: str) -> int:
    return sum(ch.isdigit() for ch in s)


_AT_WORDS = (" at", "(at", "[at", "{at", "arobase")


def _emails(text: str, lowered: str, taken) -> list[PiiSpan]:
    has_at = "@" in text
    if not has_at and not any(w in lowered for w in _AT_WORDS):
        return []
    dodged = _dodged_hint(text, lowered)
    if not has_at and not dodged and not (("at" in lowered) and ("dot" in lowered)):
        return []
    spans = [PiiSpan("email", m.start(), m.end()) for m in EMAIL.finditer(text)] if has_at else []
    if has_at and " @ " in text:
        spans += [
            PiiSpan("email", m.start(), m.end())
            for m in _SPACED_OUT.finditer(text)
            if "@" in m.group(0) and EMAIL.fullmatch(m.group(0).replace(" ", ""))
        ]
    if dodged:
        spans += [
            PiiSpan("email", m.start(), m.end())
            for m in EMAIL_DODGED.finditer(text)
            if not _overlaps(m.start(), m.end(), [(s.start, s.end) for s in spans])
        ]
    # "name at domain dot com" needs a literal "at"/"AT" and "dot"/"DOT"
    if ("dot" in text or "DOT" in text) and ("at" in text or "AT" in text):
        spans += [
            PiiSpan("email", m.start(), m.end())
            for m in EMAIL_SPELLED.finditer(text)
            if not _overlaps(m.start(), m.end(), [(s.start, s.end) for s in spans])
        ]
    taken.extend((s.start, s.end) for s in spans)
    return spans


_LOWER_STREETS = frozenset(
    {
        "rue",
        "via",
        "ul.",
        "ul",
        "calle",
        "avenida",
        "rua",
        "viale",
        "piazza",
        "corso",
        "allée",
        "allee",
        "chemin",
        "impasse",
        "quai",
    }
)
# a home named just before an address written all in lower case: "lives btw. 3904 whitney ave, hamden"
_HOME_BEFORE = re.compile(r"\b(?i:lives?|living|home|house|address|addy|moved)\b[^\n]{0,40}$")


def _is_street_word(word: str) -> bool:
    w = word.rstrip(".,")
    return bool(_STREET_SUFFIX.match(w) or _WEAK_SUFFIX.match(w)) or (
        len(w) > 5 and bool(_STREET_GLUED.search(w))
    )


# a US-style address ending in a state and ZIP code, street word or not: "12 Maple, Springfield IL 62704";
# ``usaddress`` then decides whether the words before the state are a street
_US_STATE_ZIP = re.compile(
    r"(?<![\w-])\d{1,6}[A-Z]?[ \t]+[A-Z][\w.'’-]*(?:[ \t,]+[\w.'’-]+){0,7}?,?[ \t]+[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?\b"
)
_ADDRESS_LOWER = frozenset(
    {"apt", "suite", "unit", "ste", "de", "la", "del", "st", "rd", "ave", "and"}
)
_USADDRESS_STREET = {
    "StreetName",
    "StreetNamePostType",
    "StreetNamePreType",
    "StreetNamePreDirectional",
}


def _usaddress_confirms(candidate: str) -> bool:
    """True when ``usaddress`` reads ``candidate`` as a number on a named street (US style)."""
    if any(
        w[:1].islower() and w.lower().rstrip(".,") not in _ADDRESS_LOWER for w in candidate.split()
    ):
        return False  # prose ("3 Big Deals in Austin TX 78701"), not an address line
    try:
        labels = {label for _, label in usaddress.parse(candidate)}
    except Exception:  # the CRF tagger raises on odd input; a parse failure is a "no"
        return False
    return (
        "AddressNumber" in labels and bool(labels & _USADDRESS_STREET) and "Recipient" not in labels
    )


def _is_strong_street_word(word: str) -> bool:
    w = word.rstrip(".,")
    return bool(_STREET_SUFFIX.match(w)) or (len(w) > 5 and bool(_STREET_GLUED.search(w)))


def _add_address(
    text: str, start: int, core_end: int, spans: list[PiiSpan], taken, weak: bool
) -> None:
    if _overlaps(start, core_end, taken) or _RECORD_DIGITS_BEFORE.search(
        text, max(0, start - 64), start
    ):
        return
    if start > 1 and text[start - 1] == ":" and text[start - 2].isdigit():
        return  # "dinner at 7:30 at Nando's on Oxford Street": a clock time, not a house number
    # a house number or zip before a foreign-style "Name 12" street
    pre = re.search(r"(?:\d{1,6}[ \t]+)+$", text[max(0, start - 14) : start])
    if pre:
        start -= len(pre.group(0))
    end = core_end + len(_ADDR_TAIL.match(text, core_end).group(0))
    end = _trim_tail(text, core_end, end)
    unit = _UNIT_RE.match(text, end)
    if unit:
        end = unit.end()
    if weak and not _TAIL_EVIDENCE.search(text, core_end, end + 1):
        return
    spans.append(PiiSpan("street_address", start, end))


# street words that are everyday English words when written in lower case
_PROSE_STREET_WORDS = frozenset(
    {
        "drive",
        "dr",
        "court",
        "ct",
        "st",
        "str",
        "close",
        "place",
        "pl",
        "way",
        "row",
        "walk",
        "road",
        "rd",
        "street",
        "avenue",
        "ave",
        "av",
        "boulevard",
        "blvd",
        "lane",
        "ln",
        "highway",
        "hwy",
        "square",
        "sq",
        "terrace",
        "crescent",
        "parkway",
        "trail",
        "alley",
        "plaza",
        "heights",
        "wharf",
        "quay",
        "pike",
    }
)


_NO_SUFFIX_STREET = re.compile(r"\d{1,6}\s+(?:[NSEW]\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?")
_CITY_ZIP_AFTER = re.compile(
    r"\s*(?:#\s*\d+[A-Z]?|(?i:apt|unit|suite|ste)\.?\s*#?\d+[A-Z]?)?,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,?\s+"
    r"(?:[A-Z]{2}\s+)?\d{5}(?:-\d{4})?\b"
)
_PROSE_BETWEEN = frozenset({"is", "are", "was", "were", "level", "floor", "gate", "seat", "row"})
_UNIT_WORD = re.compile(r"^(?:apt|apartment|suite|ste|unit|flat|floor|fl|bldg|building)\.?,?$")


def _prose_not_street(words: list[str]) -> bool:
    """Lower-case words whose street words are everyday ones: "close 140% of plan", "drive that fed 300"
    (a street's name is capitalised, "Via Roma 4", or a foreign street word, "hersnapvej 18")."""
    if not all(w.islower() for w in words) or any(_UNIT_WORD.match(w) for w in words):
        return False  # "avenue suite 112" is an address
    streets = [w.rstrip(".,") for w in words if _is_street_word(w)]
    return all(_WEAK_SUFFIX.match(w) or w in _PROSE_STREET_WORDS for w in streets)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH = re.compile(
    r"\b(?:" + "|".join(_MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?"
)


# a postcode that only an address line ends with: Canadian ("T4H 1P4"), British ("RG6 4PD"), an
# Australian state and postcode ("VIC 3150"), an Indian city and PIN ("Mumbai 400053")
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{2}\s+)?[ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d\b|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|"
    r"\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}\b|(?<=,\s)[A-Z][a-z]+\s*[-–]?\s*[1-9]\d{5}\b|"
    r"(?<=,\s)[AC-FHKNPRTV-Y]\d{2}\s[AC-FHKNPRTV-Y0-9]{4}\b"
)
# the number an address line starts with, up to 90 characters before its postcode: "RR 3", "Unit 7",
# "B-204", "88"
_ADDRESS_START = re.compile(
    r"(?<![\w/-])(?:(?i:rr|unit|flat|apt|suite|site|box)\s+\d+[A-Z]?|[A-Z]-?\d{1,4}|\d{1,5}[A-Z]?(?:[-/]\d{1,5})?)"
    r"(?=[ ,])"
)


# most texts hold no postcode: say so without finding them all
_POSTCODE_PRESENT = presence(_POSTCODE)


def _postcode_addresses(text: str) -> list[PiiSpan]:
    if not _POSTCODE_PRESENT.search(text):
        return []
    spans = []
    for m in _POSTCODE.finditer(text):
        lo = max(0, m.start() - 90)
        before = text[lo : m.start()]
        cut = max(before.rfind(c) for c in ".!?\n:;(")
        if cut >= 0 and not re.match(r"\.\s*\d", before[cut:]):
            before, lo = before[cut + 1 :], lo + cut + 1
        start = _ADDRESS_START.search(before)
        if start and before.count(",") >= 1:
            spans.append(PiiSpan("street_address", lo + start.start(), m.end()))
    return spans


# a home placed after "lives at" or "lives on", with a number and a name but no street word: "Meera lives
# at 12B Shanti Niketan, New Delhi", "lives on Bygdøy allé 35", "lives in Lakewood at 7790 W Alameda"
_LIVES_AT = re.compile(
    r"\b(?i:lives?|living)\b[^.!?\n]{0,40}?\b(?i:at|on)\s+(?P<addr>\d{1,5}[A-Z]?(?:[-/]\d{1,4})?,?\s+"
    r"(?:[A-Z0-9][^\W_]*\.?,?\s+){0,3}?[A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+)?|"
    r"(?:[A-Z][^\W\d_]+\s+){1,3}(?:[^\W\d_]+\s+)?\d{1,5}[A-Z]?\b)(?!\s*(?i:am|pm|o['’]clock|:))"
)


def _addresses(text: str, lowered: str, taken) -> list[PiiSpan]:
    spans: list[PiiSpan] = []
    if not _DIGITS_ANY.search(text):
        return spans
    if _BOX_WORDS.search(lowered):
        for m in _BOX.finditer(text):
            end = m.end() + len(_ADDR_TAIL.match(text, m.end()).group(0))
            spans.append(PiiSpan("street_address", m.start(), end))
    spans += _postcode_addresses(text)
    if not _WORD_THEN_NUMBER.search(text) and not _NUMBER_THEN_WORD.search(text):
        return _merge(spans, taken)
    if "liv" in text or "Liv" in text:
        for m in _LIVES_AT.finditer(text):
            _add_address(text, m.start("addr"), m.end("addr"), spans, taken, weak=False)
    for m in _ADDR_NUMBER_FIRST.finditer(text):
        words = [(w.group(0), m.start() + w.end()) for w in re.finditer(r"\S+", m.group(0))]
        last = max((i for i, (w, _) in enumerate(words) if i and _is_street_word(w)), default=0)
        if not last:
            # no street word, but a unit, a city and a ZIP code after it: "2100 N Lamar #312, Austin 78705"
            named = _NO_SUFFIX_STREET.match(m.group(0))
            if named and _CITY_ZIP_AFTER.match(text, m.start() + named.end()):
                _add_address(text, m.start(), m.start() + named.end(), spans, taken, weak=False)
            continue
        strong = any(_is_strong_street_word(w) for w, _ in words[1 : last + 1])
        if not (
            any(w[:1].isupper() or w.lower() in _LOWER_STREETS for w, _ in words[1 : last + 1])
            or (
                strong
                and re.match(r"\d{2,6} (?:[nsew]\.? )?[a-z0-9]{3,}", m.group(0))
                and _HOME_BEFORE.search(text, max(0, m.start() - 48), m.start())
            )
        ):
            continue
        _add_address(text, m.start(), words[last][1], spans, taken, weak=not strong)
    for m in _US_STATE_ZIP.finditer(text):
        if not _overlaps(
            m.start(), m.end(), [(x.start, x.end) for x in spans]
        ) and _usaddress_confirms(m.group(0)):
            spans.append(PiiSpan("street_address", m.start(), m.end()))
    for m in _ADDR_NUMBERED_NAME.finditer(text):
        if not _MONTH.search(m.group(0)):  # "23 June 2016" is a date
            _add_address(text, m.start(), m.end(), spans, taken, weak=False)
    for m in _ADDR_NAME_FIRST.finditer(text):
        words = [(w.group(0), m.start() + w.start()) for w in re.finditer(r"\S+", m.group(0))]
        names = words[:-1]
        if not any(_is_street_word(w) for w, _ in names):
            continue
        if any(w[:1].islower() and w.endswith(".") and _is_street_word(w) for w, _ in names):
            continue  # "in a good way. Slide 7": a sentence ends on an everyday word
        first = next(
            (i for i, (w, _) in enumerate(names) if _is_street_word(w) or w[:1].isupper()), None
        )
        if first is None or _prose_not_street([w for w, _ in names[first:]]):
            continue
        if any(w.lower().rstrip(".,") in _PROSE_BETWEEN for w, _ in names[first:]):
            continue  # "Rooftop terrace is level 8": a sentence, not "Via delle Coste 41"
        strong = any(_is_strong_street_word(w) for w, _ in names)
        _add_address(text, names[first][1], m.end(), spans, taken, weak=not strong)
    return _merge(spans, taken)


_TAIL_STOP = re.compile(
    r"\b(?:I|It|The|We|You|He|She|They|This|That|Call|Email|Phone|Mobile|Tel|Fax|Desk|Thanks|"
    r"Please|Can|And|But|So|Then|Last|Next|My|Our|Your|His|Her)\b"
)


def _trim_tail(text: str, core_end: int, end: int) -> int:
    tail = text[core_end:end]
    stop = _TAIL_STOP.search(tail)
    if stop:
        end = core_end + stop.start()
    while end > core_end and text[end - 1] in " ,\n\t.":
        end -= 1
    return end


def _merge(spans: list[PiiSpan], taken) -> list[PiiSpan]:
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[PiiSpan] = []
    for s in spans:
        if merged and s.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = PiiSpan(last.kind, last.start, max(last.end, s.end))
        else:
            merged.append(s)
    out = [s for s in merged if not _overlaps(s.start, s.end, taken)]
    taken.extend((s.start, s.end) for s in out)
    return out


_FAMILY_PLACE = re.compile(
    r"\b(?:(?i:his|her|their)|[A-Z][a-z]+'s|(?i:the|my|our)\s+(?:[\w-]+\s+)?[\w-]+'s)\s+"
    r"(?i:kids?|children|son|daughter|wife|husband)(?:'s\s+|\s+)"
    r"(?:(?:(?:goes|go|is|are)\s+(?:to|at)|attends|(?:is\s+)?an?\s+\w+\s+at|(?:[\w-]+\s+){1,5}?(?:at|in))\s+"
    r"(?:[A-Z][\w.'-]*\s+){1,3})?"
    r"(?i:school|daycare|day\s+care|kindergarten|preschool|nursery|workplace|office|gym|elementary|"
    r"middle|high|academy|primary|montessori|field|rink|pool|dojo)\b"
)


_NAME_VERB_PRESENT = presence(_NAME_VERB)


# A routine that tells a stranger where to find someone: in one sentence, a person other than the
# author, a recurring time with a clock time (or "alone"), a private place or a way of getting about,
# and a named place ("he's at the Lucky Dog every Friday 6-10 and walks home alone", "takes the 7:12
# train from Glen Ridge every morning and sits in the last car"). See ``_routines``.
_ROUTINE_PERSON = re.compile(
    caseless_groups(
        r"\b(?i:he|she|they)(?:'s|’s|'re|’re)?\b|\b(?i:his|her|their|him)\b|(?<![\w.])@[A-Za-z]\w+|"
        r"\b(?!(?:It|That|What|There|Here|Who|Where|How|This|Today|Everyone|Nobody|Someone)['’]s)[A-Z][a-z]+['’]s\s|"
        r"\b(?i:the|that|this)\s+(?:[\w-]+\s+){0,2}?(?i:who|guy|girl|woman|man|dude|lady)\b|"
        r"\b(?i:our|my|their)\s+(?i:champion|prospect|manager|boss|ceo|cfo|cro|vp|director|buyer|investor|co-?worker|"
        r"colleague|teammate|neighbou?r)\b|"
        r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+(?:from|in|on|at)\s+(?:the\s+)?\w+(?:\s+team)?)?,?\s+(?:jogs|runs|walks|takes|"
        r"leaves|parks|goes|drives|rides|is\s+(?:getting|flying)|flies|got\s+admitted|"
        r"cycles|bikes|swims|gets\s+(?:home|off)|works\s+out|is\s+(?:at|on|home|alone|always|staying|checking)|"
        r"will\s+be|sits|visits|books|sails|"
        r"does|picks|moved|lives|stays|hits|commutes|drinks|heads)\b|"
        r"\b[A-Z][a-z]+\s+(?:from|at|in|on)\s+(?:the\s+)?[A-Z]\w+(?:\s+\w+)?\s+(?:hits|goes|takes|leaves|drinks|is\s+at)\b|"
        r"\b[A-Z][a-z]+,\s+who\s"
    )
)
_ROUTINE_PERSON_PRESENT = presence(_ROUTINE_PERSON)
_ROUTINE_RECURS = re.compile(
    r"\b(?i:every\s+(?:day|night|morning|evening|weekday|week|weekend|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)|each\s+(?:day|morning|evening|night|week)|daily|nightly|mornings|evenings|"
    r"weeknights|weekdays|(?:on\s+)?weekends|(?:mon|tues|wednes|thurs|fri|satur|sun)days|routine|schedule|"
    r"always|usually|most\s+(?:days|mornings|evenings|nights)|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
    r"(?:\s*/\s*(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun))+|mon\s*-\s*fri)\b"
    r"|\b[MTWFS](?:/[MTWFS]){1,4}\b|\b(?i:walks|drives|bikes|cycles|jogs|runs)\s+home\b|\b(?i:commutes|weekly)\b"
    r"|\b(?i:every|each)\s+(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b|\b(?i:every\s+(?:other|single))\b"
    r"|\b(?i:predictable|like\s+clockwork)\b"
    r"|\b(?i:mon|tue|tues|wed|thu|thurs|fri|sat|sun)\s+(?i:mon|tue|tues|wed|thu|thurs|fri|sat|sun)\s+"
    r"(?i:mon|tue|tues|wed|thu|thurs|fri|sat|sun)\b"
)
_ALONE = re.compile(r"\b(?i:alone|by\s+(?:himself|herself|themselves))\b")
_CLOCK = re.compile(
    r"\b\d{1,2}:\d\d\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)|\b(?:at|by|from|until|till|around|about)\s+\d{1,2}\b|"
    r"\b\d{1,2}h(?:\d\d)?\b|"
    rf"\b\d{{1,2}}\s*(?:-|–|to)\s*\d{{1,2}}\b|{_ALONE.pattern}|"
    r"\b(?i:(?:every|on)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?:morning|afternoon|evening|night))\b"
)
_CLOCK_TIME = re.compile(r"\b\d{1,2}:\d\d\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)")
_ROUTINE_PLACE = re.compile(
    r"\b(?i:home|house|apartment|apt|unit|flat|condo|gym|fitness|garage|parking|parks|car|train|bus|subway|"
    r"metro|tram|station|platform|route|trail|loop|bar|pub|school|elementary|daycare|kindergarten|nursery|"
    r"alone|walks|drives\s+home|jogs|picked\s+up|sits\s+in|starbucks|coffee|caf[eé]|dog\s+park|park|"
    r"shuttle|yoga|pilates|crossfit|booth|lot|school\s+run|picks?\s+up|drop-?off|carriage|coach|bart|"
    r"takes\s+the\s+\d{1,2}:\d\d|caltrain|muni|tube|ferry|car\s+\d|montessori|preschool|twins|salon|nails|spa|"
    r"barber|therapy|therapist|doctor|clinic|church|mosque|temple|synagogue|equinox|dog|class|practice|lessons?|"
    r"tavern|trivia|marina|slip|dialysis|hospital|hospice|infusion|chemo|physio|meeting|basement|senior\s+living|"
    r"memory\s+care|grocery|whole\s+foods|stool|courts?|padel|tennis|pickleball|golf|boathouse|long\s+runs?|"
    r"run\s+club|appointments?|kaiser)\b"
    r"|\bon\s+[A-Z][a-z]+\s+(?:St|Ave|Rd|Blvd|Street|Avenue|Road)\b"
)
_CAPITALISED = re.compile(r"(?<=[\w,;:)] )[A-Z][a-z]+|(?<=[\w,;:)] )\d+(?:st|nd|rd|th)\b")
_NOT_PLACES = _NOT_NAMES | {*_MONTHS, "Zoom", "Slack", "Teams"}


def _named_place(sentence: str) -> bool:
    """A capitalised word after the first (a place's name: "the Lucky Dog", "Glen Ridge", "on 5th")."""
    return any(m.group(0) not in _NOT_PLACES for m in _CAPITALISED.finditer(sentence))


# the author's own routine or home: "I", "we", "my commute", "our place" (not "my ex-manager")
_FIRST_PERSON_SUBJECT = re.compile(
    r"^\W*(?i:i|i'm|i’m|i've|we|we're|we’re|we've|(?:my|our)\s+(?:own\s+|new\s+|old\s+|daily\s+)?"
    r"(?:home|house|place|flat|apartment|condo|address|office|desk|team|family|commute|routine|schedule|"
    r"day|days|mornings?|evenings?|week|weekends?|run|gym|favourite|favorite))\b"
    # "I know she's at ...", "I heard he stays at ...": the author tells where someone else is
    r"(?!\s+(?i:still\s+|also\s+)?(?:know|knew|heard|hear|saw|see|noticed|found\s+out|happen\s+to\s+know)\s+"
    r"(?:that\s+)?(?i:he|she|they|his|her|their|[A-Z][a-z]+['’]s)\b)"
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
# a sentence that ends on an initial or a title ("Omar B.", "St.", "Dr.") goes on into the next one
_ENDS_ON_INITIAL = re.compile(r"(?:\b[A-Z]|\b(?:St|Dr|Mr|Ms|Mrs))\.$")


def _sentences(text: str):
    """(start, end) of each sentence of ``text``; an initial or a title does not end one."""
    start = None
    for m in _SENTENCE.finditer(text):
        if start is None:
            start = m.start()
        if m.group(0).endswith(".") and _ENDS_ON_INITIAL.search(m.group(0)) and m.end() < len(text):
            continue
        yield start, m.end()
        start = None
    if start is not None:
        yield start, len(text)


_PLATE = re.compile(
    r"\b(?i:licen[cs]e\s+plate|plate|plates|rego|reg(?:istration)?(?:\s+(?:number|no\.?))?)(?:['’]s)?\s*(?:#|no\.?|number|"
    r"is|reads|:)?\s*\(?((?:[A-Z]{2}\s+)?(?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,5})\b"
)
_ACCESS_CODE = re.compile(
    r"\b(?:(?i:buzzer|gate|door|entry|entrance|alarm|lockbox|keypad|garage|building|apartment)\s+(?i:code|pin)|"
    r"(?i:digicode|t[üu]rcode))\s*(?:is|:|=)?\s*((?=[A-Z0-9]*\d)[A-Z0-9]{3,8}#?)(?![\w-])"
)


def _sentences_where(text: str, test) -> list[PiiSpan]:
    """Each sentence of ``text`` for which ``test(sentence)`` holds, as a whereabouts span."""
    spans = []
    for begin, end in _sentences(text):
        sentence = text[begin:end]
        if test(sentence):
            start = begin + len(sentence) - len(sentence.lstrip())
            spans.append(PiiSpan("whereabouts", start, end))
    return spans


def _routines(text: str) -> list[PiiSpan]:
    # every routine needs a time or "alone" (``_ALONE`` is part of ``_CLOCK``): look once in the whole
    # text before reading it sentence by sentence
    if not _CLOCK.search(text):
        return []
    return _sentences_where(text, _is_routine)


def _is_routine(sentence: str) -> bool:
    return bool(
        (
            (_ROUTINE_RECURS.search(sentence) and _CLOCK.search(sentence))
            or (_ALONE.search(sentence) and _CLOCK_TIME.search(sentence))
        )
        and _ROUTINE_PLACE.search(sentence)
        and _ROUTINE_PERSON_PRESENT.search(sentence)
        and not _FIRST_PERSON_SUBJECT.match(sentence)
        and (_ALONE.search(sentence) or _named_place(sentence))
    )


_DIGIT_WORDS = (
    "zero",
    "oh",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
)
_DIGIT_WORD = rf"(?:{'|'.join(_DIGIT_WORDS)})"
# a phone number spelled out to slip past filters: "five-five-five, oh-one-nine-two, ..."
_SPELLED_PHONE = re.compile(
    rf"\b(?:\d{{1,4}}[\s,.\-/]+)?{_DIGIT_WORD}(?:[\s,.\-/]+(?:{_DIGIT_WORD}|\d{{1,4}}\b)){{2,14}}\b",
    re.I,
)
_DIGIT_WORD_RE = re.compile(rf"\b{_DIGIT_WORD}\b", re.I)


def _vehicles_and_codes(text: str, lowered: str) -> list[PiiSpan]:
    spans = []
    if "plate" in lowered or "reg" in lowered:
        spans += [PiiSpan("vehicle", m.start(1), m.end(1)) for m in _PLATE.finditer(text)]
    if "code" in lowered or "pin" in lowered:
        spans += [PiiSpan("access_code", m.start(1), m.end(1)) for m in _ACCESS_CODE.finditer(text)]
    return spans


def _spelled_phones(text: str, lowered: str) -> list[PiiSpan]:
    # seven digit words are needed; most texts do not hold seven of their letters' first words
    if sum(lowered.count(w) for w in _DIGIT_WORDS) < 3:
        return []
    spans = []
    for m in _SPELLED_PHONE.finditer(text):
        words = len(_DIGIT_WORD_RE.findall(m.group(0)))
        if words >= 3 and 7 <= words + _digit_count(m.group(0)) <= 15:
            spans.append(PiiSpan("phone", m.start(), m.end()))
    return spans


# words one of which every ``_ROUTINE_RECURS`` match holds: a cheap check before the pattern
_RECUR_WORDS = (
    "every",
    "each",
    "daily",
    "nightly",
    "mornings",
    "evenings",
    "weeknights",
    "weekdays",
    "weekends",
    "days",
    "routine",
    "schedule",
    "always",
    "usually",
    "most ",
    "alone",
    "himself",
    "herself",
    "themselves",
    "/",
    "mon-fri",
    "commutes",
    "mon ",
    "weekly",
    "walks home",
    "drives home",
    "bikes home",
    "jogs home",
    "runs home",
    "cycles home",
    "predictable",
    "clockwork",
)


# Where someone else lives, sleeps, sits or flies, told without a street address. In one sentence
# (the person may be named in the text around it):
# - a home and two things that place it on a street ("she lives in the blue house at the end of Maple
#   Ct", "Greg lives in the Avalon tower, 22nd floor"; one is enough when it is a unit, a floor, a
#   building's letter, a colour or a landmark);
# - a hotel stay with a room or a floor ("she's in room 1412 at the Hilton", "staying at the Aria");
# - a desk with its floor and row, seat or pod ("Kevin's desk is 4th floor, row G, seat 12");
# - a gate or a flight with a time ("will be at gate B22 at SFO tomorrow for the 8:15am").
_HOME = re.compile(
    r"\b(?i:lives?|living|moved|bought|house|home|flat|condo|apartments?|townhouse|duplex|rowhouse|bungalow|"
    r"cottage|basement\s+suite|new\s+place|(?:his|her|their)\s+place)\b|[a-z]['’]s\s+(?:new\s+)?place\b"
)
# a unit of a building: enough by itself to place a home
_LOCATOR_UNIT = re.compile(
    r"\b(?i:apt|unit|suite|flat)\s*#?\s*[A-Z]?\d+[A-Z]?\b|\b(?i:house\s+(?:number|no\.?|#))\s*\d+\b|"
    r"\b(?i:\d+(?:st|nd|rd|th)\s+floor|top\s+floor|floor\s+\d+)\b|\b(?i:tower|building|bldg|block)\s+[A-Z0-9]\b"
)
_LOCATOR_STRONG = re.compile(
    r"\b[A-Z][a-z]+\s+(?:St|Street|Ave|Avenue|Rd|Road|Ct|Court|Way|Crescent|Lane|Ln|Dr|Drive|Blvd|Close|"
    r"Terrace|Parade|Grove)\b|"
    rf"{_LOCATOR_UNIT.pattern}|"
    r"\b(?i:across\s+from|next\s+to|at\s+the\s+end\s+of|around\s+the\s+corner\s+from|above\s+the|"
    r"behind\s+the|just\s+past|corner\s+(?:unit|lot|house))\b|"
    r"\b(?i:blue|red|green|white|yellow|grey|gray|brown|brick|tan|black|purple|pink|beige)\s+"
    r"(?i:house|door|condo|building|townhouse|duplex|rowhouse|bungalow|cottage|one)\b"
)
_LOCATOR_WEAK = re.compile(r"\b(?:on|off)\s+(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))\b")
_STAY = re.compile(
    r"\b(?i:staying|stays|sleeps|check(?:s|ing)?[\s-]+(?:in|out)|same\s+hotel|(?:he|she|they)(?:['’]s|\s+is|"
    r"['’]re|\s+are)\s+in\s+room|(?:his|her|their)\s+(?:hotel\s+)?room)\b"
)
# a place to stay named without a verb of staying: counts with a room, unless the room holds a talk
_STAY_PLACE = re.compile(
    r"\b(?i:hotel|motel|hostel|airbnb|resort|hospital|ward|hospice|clinic|rehab|memory\s+care|senior\s+living|"
    r"behaviou?ral\s+health|psych\s+unit|icu|cardiac|admitted|surgery|(?:solo\s+)?trip|vacation|vacationing|holiday|camping|campsite|"
    r"campground|inn|sheraton|marriott|hilton|hyatt|westin|courtyard|four\s+seasons|travelodge|ibis|novotel|"
    r"radisson|intercontinental|ritz|hampton|doubletree|embassy\s+suites|best\s+western|la\s+quinta|"
    r"fairfield|aloft|kimpton|premier\s+inn|red\s+roof)\b"
)
_STAY_UNIT = re.compile(
    r"\b(?i:room\s+[A-Z]?\d{1,5}[A-Z]?(?:-\d{1,4}[A-Z]?)?|suite\s+\d{2,5}|\d+(?:st|nd|rd|th)\s+floor|"
    r"(?:camp)?site\s+\d{1,4}|bed\s+\d{1,3}|ward\s+\d{1,3}|slip\s+[A-Z]?-?\d{1,3}|"
    r"(?:villa|cabin|bungalow|chalet|cottage)\s+\d{1,4})\b"
)
_DESK = re.compile(r"\b(?i:desk|seat|pod|cubicle|cube|workstation)\b")
_DESK_PLACE = re.compile(
    r"\b(?i:\d+(?:st|nd|rd|th)\s+floor|floor\s+\d+|row\s+[A-Z0-9]\b|seat\s+\d+|pod\s+[A-Z0-9]\b|"
    r"by\s+the\s+(?:window|printers?|kitchen|elevators?)|before\s+the\s+printers?|desk\s+[\w-]*\d)"
)
_TRAVEL = re.compile(
    r"\b(?i:gate\s+[A-Z]?\d{1,3}[A-Z]?|flight\s+[A-Z]{2}\s?\d{2,4}|seat\s+\d{1,2}[A-F])\b|"
    r"\b[A-Z][A-Z0-9]\s?\d{2,4},?\s+(?:from\s+)?[A-Z]{3}\s*(?:to|→|->|–|-|>)\s*[A-Z]{3}\b|"
    r"\b[A-Z]{2}\s?\d{2,4}\s+(?:at\s+\d{1,2}[:.]\d\d|(?i:departs|departing|lands|landing|leaves|boards|boarding))\b|"
    r"\b(?i:flying|flies|on|catching|takes)\s+(?-i:[A-Z]{2})\s?\d{2,4}\b|\b(?i:acela|amtrak|caltrain|eurostar)\s+\d{2,5}\b"
)
_SOON = re.compile(
    r"\b(?i:tomorrow|tonight|today|this\s+(?:morning|afternoon|evening)|on\s+(?:mon|tues|wednes|thurs|fri|"
    r"satur|sun)day|on\s+the\s+\d{1,2}(?:st|nd|rd|th)|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|\b\d{1,2}:\d\d|"
    r"\b\d{1,2}\s*(?i:am|pm)\b"
)
_LOCATED_WORDS = (
    # a home (``_HOME``)
    "live",
    "moved",
    "bought",
    "house",
    "home",
    "flat",
    "condo",
    "apartment",
    "place",
    "duplex",
    # a stay needs a unit (``_STAY_UNIT``, ``_AT_ROOM``)
    "room",
    "suite",
    "staying",
    "camp",
    " bed ",
    " ward ",
    " slip ",
    "rehab",
    "detox",
    "treatment",
    "hospital",
    "hospice",
    "recovering",
    "inpatient",
    "center",
    "centre",
    "clinic",
    "villa",
    "cabin",
    "bungalow",
    # a desk (``_DESK``)
    "desk",
    "seat",
    "pod",
    "cubicle",
    "workstation",
    # a journey (``_TRAVEL``)
    "gate",
    "flight",
    "flying",
    "acela",
    "amtrak",
    "caltrain",
    "eurostar",
    "→",
)


def _located(text: str, lowered: str) -> list[PiiSpan]:
    if not any(w in lowered for w in _LOCATED_WORDS) or not _ROUTINE_PERSON_PRESENT.search(text):
        return []
    return _sentences_where(text, _is_located)


_AT_ROOM = re.compile(
    r"\b(?:(?i:he|she|they)|[A-Z][a-z]+(?:\s+[A-Z]\.?)?)(?:['’]s|\s+is|['’]re|\s+are)\s+(?:at|in)\s+(?:the\s+)?"
    r"[A-Z][^.!?\n]{0,40}?(?i:room|suite)\s+\d{1,5}\b"
)


# a stay for care at a named place, no room needed: "he's in rehab at Hazelden until August", "she is
# staying at the Renfrew Center in Coconut Creek"
_HEALTH_STAY = re.compile(
    r"\b(?i:in\s+(?:rehab|detox|treatment|hospice|(?:the\s+)?hospital|(?:the\s+)?psych\s+ward)|inpatient|"
    r"recovering)\b[^.!?\n]{0,40}?\b(?:at|in)\s+(?:the\s+)?[A-Z]|"
    r"\b(?i:staying|stays|is|['’]s|are|['’]re)\s+(?:at|in)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,3}"
    r"(?i:center|centre|clinic|hospital|institute|rehab|hospice|recovery)\b"
)


def _is_located(sentence: str) -> bool:
    if _FIRST_PERSON_SUBJECT.match(sentence):
        return False
    if _HOME.search(sentence):  # a home placed on a street (the locators are counted only then)
        strong = len(_LOCATOR_STRONG.findall(sentence))
        if strong and (
            strong + len(_LOCATOR_WEAK.findall(sentence)) >= 2 or _LOCATOR_UNIT.search(sentence)
        ):
            return True
    return bool(
        (
            _STAY_UNIT.search(sentence)
            and _ROUTINE_PERSON_PRESENT.search(sentence)
            and (
                _STAY.search(sentence)
                or (_STAY_PLACE.search(sentence) and not _ROOM_EVENT.search(sentence))
            )
        )
        or (_DESK.search(sentence) and len(_DESK_PLACE.findall(sentence)) >= 2)
        or (_TRAVEL.search(sentence) and _SOON.search(sentence))
        or bool(_AT_ROOM.search(sentence) and not _ROOM_EVENT.search(sentence))
        or bool(_HEALTH_STAY.search(sentence) and _ROUTINE_PERSON_PRESENT.search(sentence))
    )


# unmasking: the real name put to a handle or an anonymous post ("@quotaqueen_88 is actually Priya
# Raghunathan", "real name Tomasz Wiśniewski", "who wrote that anonymous post: Cristina Vega")
_UNMASK_WORDS = (
    "real name",
    "actual name",
    "actually",
    "really",
    "anonymous",
    "behind",
    "unmask",
    "irl",
)
_UNMASK_SETTING = re.compile(
    r"(?<![\w.])@[A-Za-z_]\w{2,}|['‘\"“][A-Za-z]+[A-Z_\d]\w*['’\"”]|"
    r"\b(?i:anonymous|anon|burner|alt|troll\w*|poster|account|handle|username|pseudonym|fake\s+name)\b"
)
_PERSON_NAME = (
    r"(?<![\w@])(?P<name>[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?\s+[A-Z][^\W\d_]+(?:[-'’][^\W\d_]+)?)\b"
)
_UNMASKED = re.compile(
    # "is actually Priya Raghunathan": the name right after
    r"(?:\b(?i:is|it['’]?s|that['’]?s)\s+(?i:actually|really)\s+(?:(?i:just|named|called)\s+)?"
    # "real name Tomasz ...", "the real name behind @saasysdr ...: it's Rebecca Lund"
    r"|(?:(?<!\bmy\s)(?<!\bMy\s)(?<!\bour\s)\b(?i:real|actual|legal|irl)\s+(?i:name)(?!s)|\b(?i:unmask\w*)|"
    r"\b(?i:behind)\s+(?i:(?:the|that|this)\s+)?(?:@(?!USER\b)|['‘\"“]|(?i:account|handle|alt|burner|anon|post|"
    r"profile|username)))[^\n]{0,100}?"
    # "who wrote that anonymous post about the Miami office: Cristina Vega"
    r"|\b(?i:anonymous)\s+(?i:post|poster|account|troll|member|review)\w*[^\n]{0,160}?)"
    rf"{_PERSON_NAME}"
)


def _unmasked(text: str, lowered: str) -> list[PiiSpan]:
    if not any(w in lowered for w in _UNMASK_WORDS) or not _UNMASK_SETTING.search(text):
        return []
    return [
        PiiSpan("real_name", m.start("name"), m.end("name"))
        for m in _UNMASKED.finditer(text)
        if m.group("name").split()[0] not in _NOT_NAMES
    ]


# an offer or a threat to publish someone else's private details, with the details left out: "DM me for
# her home address", "I have his personal cell if anyone wants it", "keep it up and I'll post your home
# address", "his address is on the county records, go look"
_PRIVATE_DETAIL = (
    r"(?:(?:home|personal|private|real|new|cell|mobile|direct|current|exact|full|wife['’]s|husband['’]s|"
    r"kids['’]?|parents['’]?)\s+){0,2}(?:address|number|cell|phone|e-?mail|digits|whatsapp|location|"
    r"whereabouts|schedule|license\s+plate|plate|(?<=real\s)name)\b"
)
_OWNER = r"(?:his|her|their|your|(?-i:[A-Z][a-z]+)['’]s|(?:the|that|this)\s+(?:\w+\s+){0,2}?(?:guy|girl|man|woman|dude|lady|recruiter|rep|troll)['’]s)"
_EXPOSURE_OFFER = re.compile(
    r"(?i:\b(?:dm|pm|message|inbox|text|ask|email|hit)\s+me\s+(?:up\s+)?(?:for|and\s+i['’]ll\s+(?:send|share|give)(?:\s+you)?)"
    rf"\s+{_OWNER}\s+{_PRIVATE_DETAIL}"
    rf"|\b(?:i\s+(?:have|got|found|know)|i['’]ve\s+got)\s+{_OWNER}\s+(?:(?:home|personal|private|real|new|cell|"
    r"wife['’]s|husband['’]s|kids['’]?)\s+){1,2}(?:address|number|cell|phone|e-?mail|digits|name)\b"
    r"[^.!?\n]{0,40}?\b(?:if\s+any(?:one|body)|dm\s+me|who\s+wants|happy\s+to\s+share|just\s+say(?:in['’]?)?|for\s+anyone)"
    r"|\b(?:(?:i['’]ll|i\s+will|i['’]m\s+(?:going\s+to|gonna)|gonna|about\s+to|should\s+i|let['’]s|we\s+should)\s+"
    r"(?:just\s+)?(?:post|share|publish|drop|leak|dox|put\s+out|tweet|spread|give\s+out|hand\s+out)|"
    rf"every(?:one|body)\s+(?:gets|will\s+(?:get|see|know|have)))\s+{_OWNER}\s+{_PRIVATE_DETAIL}"
    rf"|\b{_OWNER}\s+(?:home\s+)?address\s+is\s+(?:on|in)\s+(?:the\s+)?(?:\w+\s+){{0,2}}?(?:county|property|public|"
    r"court|voter|tax)\s+(?:\w+\s+)?records?)"
)


_EXPOSURE_WORDS = (
    "address",
    "number",
    "cell",
    "phone",
    "mail",
    "digits",
    "whatsapp",
    "location",
    "whereabouts",
    "schedule",
    "plate",
    "name",
)


def _exposure_offers(text: str, lowered: str) -> list[PiiSpan]:
    if not any(w in lowered for w in _EXPOSURE_WORDS):
        return []
    return [PiiSpan("exposure_offer", m.start(), m.end()) for m in _EXPOSURE_OFFER.finditer(text)]


def _whereabouts(text: str, lowered: str) -> list[PiiSpan]:
    spans = _routines(text) if any(w in lowered for w in _RECUR_WORDS) else []
    spans += _located(text, lowered)
    if not (_NAME_VERB_PRESENT.search(text) or ("'s" in text and _ROLE_KIN.search(text))):
        return spans
    if not any(word in lowered for word in _PLACE_WORDS):
        return spans
    spans += [PiiSpan("whereabouts", m.start(), m.end()) for m in _FAMILY_PLACE.finditer(text)]
    for pattern in (WHEREABOUTS, _ROOM):
        for m in pattern.finditer(text):
            if "room" in m.group(0).lower() and _ROOM_EVENT.search(
                text[m.start() : m.end()] + _CLAUSE_REST.match(text, m.end()).group(0)
            ):
                continue  # "Maria is at the Hilton, room 12, for the pricing workshop"
            if m.group("name").split()[0] not in _NOT_NAMES:
                spans.append(PiiSpan("whereabouts", m.start(), m.end()))
    return _merge(spans, [])  # overlapping sightings of one routine are one span


def _owner_is_author(text: str, span: PiiSpan) -> bool:
    # pronouns a member gives for themselves ("she/her") are not someone else
    window = _PRONOUNS.sub(_blank, text[max(0, span.start - 64) : span.start])
    if _SELF_CUE.search(text, max(0, span.start - 80), span.end + 64):
        return True
    thirds = [m.start() for m in _THIRD_PERSON.finditer(window)]
    thirds += [m.start() for m in _SOMEONE_ELSE.finditer(window)]
    thirds += [m.start() for m in _CONTACT_NAMED.finditer(window)]
    named = _named_just_before(window)
    if named is not None:
        thirds.append(named)
    if (
        span.kind == "phone"
        and named is None
        and _BUSINESS_LINE.search(window)
        and not _THEIR_LINE.search(window)
    ):
        return True
    frames = [m.start() for m in _OWN_FRAME.finditer(window)]
    if _SOMEONE_ELSE_AFTER.match(text, span.end, span.end + 64):
        return False
    if frames:
        return not thirds or max(thirds) < frames[-1]
    if thirds:
        return False
    # no one else is named: the author's, when they speak in the first person or write a signature;
    # someone else named further back ("the guy who scammed our webinar: Amir Haddad, 1420 ...",
    # "the prospect's home address is on the label: ...") still makes them theirs
    wider = _PRONOUNS.sub(_blank, text[max(0, span.start - 160) : span.start])
    if _SOMEONE_FAR.search(wider) or _OTHERS_DETAILS.search(wider):
        return False
    return bool(_FIRST_PERSON.search(wider) or _CONTACT_LABEL.search(window))


# someone else, named further back than ``_SOMEONE_ELSE`` looks: a person described, not a job title ("the
# guy who scammed our webinar", not "the Partner Manager role")
_SOMEONE_FAR = re.compile(
    r"(?<!\bi'm\s)(?<!\bi’m\s)(?<!\bi\sam\s)\b(?i:the|that|this|some)\s+(?:[\w-]+\s+){0,2}?"
    r"(?i:who|guy|girl|man|woman|dude|lady|creep|jerk|scammer|troll|member|poster)\b"
)


# a public place named just before an address: the address is the place's ("the Moscone Center, 747
# Howard St"), unless someone's home is named too
_PUBLIC_PLACE = re.compile(
    r"\b(?i:cent(?:er|re)|hotel|venue|conference|convention|hall|hq|headquarters|campus|meetup|store|"
    r"restaurant|bar|caf[eé]|pub|brewery|co-?working|wework|library|museum|stadium|arena|theat(?:er|re)|"
    r"university|college|ballroom|auditorium|event\s+space|expo|offices?|coffee|bakery|kitchen|grill|club|"
    r"studio|gallery|market|plaza|tavern|bistro|diner|lounge|rooftop|venue|tower|reception|warehouse|"
    r"food\s+bank|charity|shelter|dept|department|returns|dock|factory|plant|public\s+(?:garage|parking|lot)|"
    r"parking|forum|summit|kickoff|offsite|retreat|bureaux?|b[üu]ro|oficinas?|ufficio|attn|attention|lodge|"
    r"resort|hub|books(?:tore|hop)?|shop|brewing|roasters)\b|"
    r"\b(?i:mailing\s+address\s+for|ship\s+(?:\w+\s+)?to|deliver(?:ies)?\s+(?:\w+\s+)?to|send\s+"
    r"(?:\w+\s+)?(?:donations|returns|packages?|parcels?)\s+to)\b"
)


def _public_place(text: str, span: PiiSpan) -> bool:
    window = text[max(0, span.start - 48) : span.start]
    if _SOMEONE_ELSE.search(text, max(0, span.start - 160), span.start):
        return False  # "the address of the guy who was harassing women at the meetup: ..."
    return bool(_PUBLIC_PLACE.search(window)) and not (
        _OTHERS_DETAILS.search(window)
        or _HOME_WORD.search(window)
        or _named_just_before(window) is not None
    )


# shared with the person's leave: "with her permission", "Mike said it's fine to share", "Dana asked me
# to post this"
_CONSENT = re.compile(
    r"\b(?i:with\s+(?:his|her|their|[a-z]+['’]s)\s+(?:permission|consent|ok|blessing)|"
    r"(?:said|says|confirmed)\s+(?:it['’]?s|its|it\s+is)\s+(?:fine|ok|okay|cool|alright)\s+to\s+(?:share|post|pass)|"
    r"asked\s+me\s+to\s+(?:share|post|pass|circulate|give\s+out)|said\s+to\s+(?:give|share|pass)\s+(?:out\s+)?"
    r"(?:his|her|their)|(?:is|are)\s+happy\s+(?:for\s+me\s+)?to\s+(?:share|be\s+contacted))"
)
# a colleague introduced at work, with work details: "cc'ing Dana, dana@acme.com, who owns onboarding",
# "Meet Sam, your new CSM", "for anything urgent contact my colleague Aisha Bello at ..."
_INTRODUCED = re.compile(
    r"\b(?i:cc['’]?(?:ing|'d|ed)?|copying|copied|loop(?:ing)?\s+in|adding|connecting|introducing|intro(?:ducing)?\s+to|"
    r"meet|say\s+hi\s+to|(?:contact|reach|email|ask|ping)\s+my\s+colleague|my\s+colleague|our\s+(?:se|ae|csm|"
    r"sdr|recruiter|partner\s+manager|account\s+manager|solutions?\s+\w+|support\s+\w+)|your\s+new\s+\w+|"
    r"welcome|our\s+new|[A-Z][a-z]+\s+from\s+(?:legal|finance|procurement|security|it|ops|revops|marketing|sales|support|"
    r"onboarding|hr|payroll|billing))\b"
)
_FREEMAIL = re.compile(
    r"@(?i:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|me|mac|aol|proton|protonmail|pm|gmx|"
    r"web|mail|yandex|rediffmail|free|orange|wanadoo|btinternet|sky|comcast|verizon|att|qq|163|zoho)\."
)
_PERSONAL_WORD = re.compile(
    r"\b(?i:personal|private|home|cell|mobile|outside\s+work|after\s+hours)\b"
)


def _shared_for_work(text: str, span: PiiSpan) -> bool:
    """A colleague's details shared with their leave, or their work e-mail or office line in an
    introduction: not an exposure."""
    before = text[max(0, span.start - 160) : span.start]
    if _CONSENT.search(before) or _CONSENT.search(text, span.end, span.end + 80):
        return True
    raw = text[span.start : span.end]
    near = text[max(0, span.start - 40) : min(len(text), span.end + 24)]
    if _PERSONAL_WORD.search(near) or not _INTRODUCED.search(before):
        return False
    if span.kind == "email":
        return not _FREEMAIL.search(raw)
    return span.kind == "phone" and bool(re.search(r"(?i:\b(?:office|work|desk|direct)\b)", near))


_HOME_WORD = re.compile(
    r"\b(?i:home|house|flat|apartment|condo|lives?|place|parents|rents?|renting|basement|sublets?|unit)\b"
)


# only separators and labels between two details of one list
_SAME_LIST = re.compile(
    r"[\s,;|/()—–-]*(?:(?i:and|or|cell|mobile|phone|tel|e-?mail|gmail|home|office|personal|private|address|"
    r"number|m|e|c|h|#)\W*)*$"
)


def _context_owns(text: str, span: PiiSpan) -> bool:
    """In a profile or an event description, contact details are the member's, or the event's (its
    venue, its organiser), unless someone else's are named just before them."""
    window = _PRONOUNS.sub(_blank, text[max(0, span.start - 64) : span.start])
    return not (_OTHERS_DETAILS.search(window) or _SOMEONE_ELSE.search(window))


def find_spans(text: str) -> list[PiiSpan]:
    """All personal-information spans in ``text``, before deciding whose they are."""
    taken: list[tuple[int, int]] = []
    lowered = text.lower()
    exposed = _unmasked(text, lowered) + _exposure_offers(text, lowered)
    if not _DIGITS_ANY.search(text):  # numbers, addresses and phones all need a digit
        spans = (
            _emails(text, lowered, taken)
            + _whereabouts(text, lowered)
            + _spelled_phones(text, lowered)
        )
        return sorted(spans + exposed, key=lambda s: (s.start, s.end))
    spans = _numbers(text, lowered, taken)
    spans += _vehicles_and_codes(text, lowered)
    taken.extend((s.start, s.end) for s in spans)
    spans += _emails(text, lowered, taken)
    spans += _addresses(text, lowered, taken)
    spans += _phones(text, taken)
    spans += [s for s in _spelled_phones(text, lowered) if not _overlaps(s.start, s.end, taken)]
    spans += _whereabouts(text, lowered)
    return sorted(spans + exposed, key=lambda s: (s.start, s.end))


def detect(text: str, context: dict | None = None) -> list[PiiSpan]:
    """Spans of ``text`` with ``own`` set where the context or the wording shows they are the author's own
    contact details (see the module docstring for the exact rule)."""
    context = context or {}
    own_context = bool(context.get("own_contact"))
    in_context = context.get("where") in ("profile", "event")
    out: list[PiiSpan] = []
    team_mailboxes: set[int] = set()  # where each team or role mailbox ends
    for span in find_spans(text):
        if (
            span.kind in CONTACT_KINDS
            and out
            and (not out[-1].own or out[-1].end in team_mailboxes)
            and _SAME_LIST.match(text, out[-1].end, span.start)
        ):
            # the next detail in the same list ("Nikhil Rao, 98450 12376, nikhil.rao@...") is theirs too,
            # and the next after a team's mailbox ("press@acme.com or +1 212 ...") is the team's
            out.append(PiiSpan(span.kind, span.start, span.end, out[-1].own))
            continue
        own = span.kind in CONTACT_KINDS and (
            own_context
            or (in_context and _context_owns(text, span))
            or _owner_is_author(text, span)
        )
        if span.kind == "email" and _nobodys_mailbox(text[span.start : span.end]):
            own = True
            team_mailboxes.add(span.end)
        elif span.kind in CONTACT_KINDS and not own and _shared_for_work(text, span):
            own = True
        elif span.kind == "street_address" and not own and _public_place(text, span):
            own = True  # a venue's or a business's address is public
        out.append(PiiSpan(span.kind, span.start, span.end, own))
    return out
