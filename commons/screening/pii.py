"""Personal-information detector: finds spans that would expose someone, and says whose they are.

Kinds found (each a span of the original text):

- ``email``: e-mail addresses, including "name at domain dot com";
- ``phone``: telephone numbers, found by the ``phonenumbers`` library (several regions, lenient), after a
  cheap digit pre-check so ordinary text never reaches it;
- ``street_address``: a house number with a street word ("12 Oak Street", "Via Roma 4", "PO Box 12"),
  extended over unit, city, region, postcode and country; ``usaddress`` reads US-style candidates that
  end in a state and ZIP code ("12 Maple, Springfield IL 62704") ;
  a street word that is also an ordinary word ("Way", "Point", "Park") counts only with a unit, postcode
  or city line after it;
- ``payment_card`` (Luhn checksum), ``iban`` (mod-97 checksum), ``government_id`` (US SSN, UK National
  Insurance number, and passport / licence / tax numbers next to those words);
- ``whereabouts``: where a named person will be, or is every day, at a private place or a time
  ("Dana is at the Hilton, room 512, until Friday", "she leaves the gym at 6pm every day"); a routine
  that tells a stranger where to find someone else: in one sentence, a person other than the author, a
  recurring time with a clock time (or "alone"), a private place or a way of getting about, and a named
  place ("he's at the Lucky Dog every Friday 6-10 and walks home alone"); a family member's named
  school ("Tyler's kid goes to Roosevelt Elementary");
- ``vehicle`` (a labelled licence plate) and ``access_code`` (a buzzer, gate or door code);
- phone numbers spelled out in words ("five-five-five, oh-one-nine-two, ...").

Whose it is (``is_own``): contact details (email, phone, street address) are the author's own, and so not
doxing, when ``context["own_contact"]`` is true, when ``context["where"] == "profile"`` (a member's own
profile), when the words just before the span offer them ("call me at", "drop me a line at", "my work
cell is", "reach our office at") with no later cue of someone else, or when no one else is named just
before the span ("her", "his", "Dana's", "the SDR who ghosted me", pronouns a member gives for
themselves, "she/her", excepted) and the author writes in the first person or a signature ("Email: ",
" | "). Payment cards, bank accounts, government numbers, plates, door codes and whereabouts always
count: nobody should publish them, their own included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
import usaddress

from .scan import presence

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
    r"\b[A-Za-z0-9._%+-]{2,64}\s*[\[(]?\s*(?:at|AT)\s*[\])]?\s*[A-Za-z0-9-]{2,}\s*[\[(]?\s*"
    r"(?:dot|DOT)\s*[\])]?\s*(?:com|net|org|io|co|de|uk|fr|edu|gov|us)\b"
)
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
    r"tax\s+(?:id|number)|medicare|nhs\s+number)(?:\s*(?:no\.?|number|num|#|is|:|was))*\s*([A-Z0-9][A-Z0-9-]{5,14})\b",
    re.I,
)
LABELLED_CARD = re.compile(
    r"\b(?:card|cc|credit|debit|visa|mastercard|amex)\b(?:\s*(?:no\.?|number|num|#|is|:|ending\s+in))*\s*"
    r"(\d(?:[ -]?\d){11,18})\b",
    re.I,
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
    r"|\b(?:me|us)\s+(?:at|on|via)\s*$",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:me|my|mine|i|i'm|i am|our|ours|us|we|myself)\b", re.I)
_PRONOUNS = re.compile(
    r"\b(?:she|he|they|xe|ze)\s*/\s*(?:her|hers|him|his|them|they|she|he|xem|zir)\b", re.I
)


def _blank(m: re.Match) -> str:
    return " " * len(m.group(0))


# someone other than the author, just before the span: "the SDR who ghosted me: ...", "that guy's ..."
_SOMEONE_ELSE = re.compile(
    r"\b(?:the|that|this|a|some)\s+(?:[\w-]+\s+){0,2}?(?:who|guy|girl|man|woman|dude|lady|creep|jerk|"
    r"scammer|troll|person|recruiter|prospect|ex)\b",
    re.I,
)
# a contact label or separator just before the span, as in a signature ("Email: ", "m: ", " | ")
_CONTACT_LABEL = re.compile(
    r"(?:[|·•\n(]|\b(?:work|office|business|direct|desk|e-?mail|e-?mail's|mobile|cell|phone|tel|m|t|mx|best|"
    r"contact|whatsapp|dial|reach)(?:\s+(?:e-?mail|phone|cell|mobile|line|number|no\.?|tel|dial))?"
    r"(?:\s+is)?\s*[:|]?)\s*$",
    re.I,
)
# someone else's: a pronoun, a possessive name or role ("Dana's", "CEO's", "our manager's"), or kin
_THIRD_PERSON = re.compile(
    r"\b(?:(?i:his|her|hers|their|him|them|he|she|they)|[A-Z][A-Za-z]+['’]s|(?i:[a-z]+['’]s\s+(?:personal|"
    r"private|home|cell|mobile|number|phone|address|email|e-mail))|home\s+address\s+of|"
    r"lives?\s+at|wife|husband|kid|kids|son|daughter|mom|dad|ex)\b"
)

_PRIVATE_PLACE = (
    r"(?:(?i:home|house|apartment|flat|room\s+\d+|gym|parking\s+(?:lot|garage)|car|(?:back\s+|side\s+)?lot|"
    r"building|garage|driveway|daycare|school|"
    r"church|mosque|synagogue|temple|yoga|clinic|doctor|therapist|airbnb|cabin|"
    r"his\s+place|her\s+place|their\s+place|alone|by\s+(?:himself|herself|themselves)))"
)
_WHEN = (
    r"(?i:every\s+(?:day|night|morning|evening|weekday|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|week)|tonight|tomorrow|this\s+(?:weekend|evening|morning|afternoon)|at\s+\d{1,2}(?::\d\d)?\s*"
    r"(?:am|pm)?|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|until\s+\w+|after\s+work|"
    r"around\s+\d{1,2}|(?:mon|tues|wednes|thurs|fri|satur|sun)days|weekends|nightly|daily)"
)
_NAME = r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
WHEREABOUTS = re.compile(
    rf"\b{_NAME}(?:'s|\s+(?:will\s+be|'ll\s+be|is|are|goes|leaves|arrives|stays|is\s+staying|walks|parks|gets\s+home|"
    rf"gets\s+off|drops\s+(?:her|his|their)\s+kids|works\s+out|lives|sleeps|can\s+be\s+found|will\s+be\s+alone|"
    rf"is\s+alone|is\s+always))\s+(?:\w+\s+){{0,5}}?"
    rf"(?:(?:(?:at|in|to|from|near|outside)\s+)?(?:the\s+|her\s+|his\s+|their\s+)?{_PRIVATE_PLACE}\b(?:[^.!?\n]{{0,60}}?)\b{_WHEN}"
    rf"|{_WHEN}\b(?:[^.!?\n]{{0,60}}?)\b(?:at|in|to|from|near|outside)\s+(?:the\s+|her\s+|his\s+|their\s+)?{_PRIVATE_PLACE}\b)",
)
_ROOM = re.compile(
    rf"\b{_NAME}(?:'s|\s+is|\s+will\s+be|\s+stays|\s+sleeps|\s+is\s+staying)\s+[^.!?\n]{{0,40}}?\broom\s+\d+"
)
_NOT_NAMES = frozenset(
    {
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


def _numbers(text: str, taken: list[tuple[int, int]]) -> list[PiiSpan]:
    spans: list[PiiSpan] = []
    if not _DIGITS6.search(text):
        return spans
    for m in CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 13 <= len(digits) <= 19 and luhn_valid(digits) and len(set(digits)) > 1:
            spans.append(PiiSpan("payment_card", m.start(), m.end()))
    for m in LABELLED_CARD.finditer(text):
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
        if any(ch.isdigit() for ch in m.group(1)):
            spans.append(PiiSpan("government_id", m.start(1), m.end(1)))
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
    if not _SEVEN_DIGITS.search(text) or not any(
        _digit_count(m.group(0)) >= 7 for m in _DIGIT_RUN.finditer(text)
    ):
        return []
    found: dict[tuple[int, int], None] = {}
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
    spans = [PiiSpan("phone", s, e) for s, e in sorted(found)]
    taken.extend(found)
    return spans


def _keep_phone(text, start, end, raw, found, taken) -> None:
    digits = _digit_count(raw)
    if digits < 7 or _YEARLIKE.match(raw) or _DATELIKE.match(raw) or _overlaps(start, end, taken):
        return
    if (start > 0 and text[start - 1] in "$€£/=") or _POSTCODE_LABEL.search(
        text, max(0, start - 16), start
    ):
        return
    if any(start < e and s < end for s, e in found):
        return
    found[(start, end)] = None


def _digit_count(s: str) -> int:
    return sum(ch.isdigit() for ch in s)


def _emails(text: str, taken) -> list[PiiSpan]:
    has_at = "@" in text
    if not has_at:
        lowered = text.lower()
        if not (("at" in lowered) and ("dot" in lowered)):
            return []
    spans = [PiiSpan("email", m.start(), m.end()) for m in EMAIL.finditer(text)] if has_at else []
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
    {"rue", "via", "ul.", "ul", "calle", "avenida", "rua", "viale", "piazza", "corso"}
)


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
    if _overlaps(start, core_end, taken):
        return
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


def _addresses(text: str, taken) -> list[PiiSpan]:
    spans: list[PiiSpan] = []
    if not _DIGITS_ANY.search(text):
        return spans
    for m in _BOX.finditer(text):
        end = m.end() + len(_ADDR_TAIL.match(text, m.end()).group(0))
        spans.append(PiiSpan("street_address", m.start(), end))
    if not _WORD_THEN_NUMBER.search(text) and not _NUMBER_THEN_WORD.search(text):
        return _merge(spans, taken)
    for m in _ADDR_NUMBER_FIRST.finditer(text):
        words = [(w.group(0), m.start() + w.end()) for w in re.finditer(r"\S+", m.group(0))]
        last = max((i for i, (w, _) in enumerate(words) if i and _is_street_word(w)), default=0)
        if not last or not any(
            w[:1].isupper() or w.lower() in _LOWER_STREETS for w, _ in words[1 : last + 1]
        ):
            continue
        strong = any(_is_strong_street_word(w) for w, _ in words[1 : last + 1])
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
        first = next(
            (i for i, (w, _) in enumerate(names) if _is_street_word(w) or w[:1].isupper()), None
        )
        if first is None or _prose_not_street([w for w, _ in names[first:]]):
            continue
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
    r"\b(?:his|her|their|[A-Z][a-z]+'s)\s+(?:kids?|children|son|daughter|wife|husband)(?:'s\s+|\s+)"
    r"(?:(?:(?:goes|go|is|are)\s+(?:to|at)|attends|(?:is\s+)?an?\s+\w+\s+at)\s+(?:[A-Z][\w.'-]*\s+){1,3})?"
    r"(?i:school|daycare|day\s+care|kindergarten|preschool|nursery|workplace|office|gym|elementary|"
    r"middle|high|academy)\b"
)


_NAME_VERB_PRESENT = presence(_NAME_VERB)


# A routine that tells a stranger where to find someone: in one sentence, a person other than the
# author, a recurring time with a clock time (or "alone"), a private place or a way of getting about,
# and a named place ("he's at the Lucky Dog every Friday 6-10 and walks home alone", "takes the 7:12
# train from Glen Ridge every morning and sits in the last car"). See ``_routines``.
_ROUTINE_PERSON = re.compile(
    r"\b(?i:he|she|they)(?:'s|’s|'re|’re)?\b|\b(?i:his|her|their|him)\b|(?<![\w.])@[A-Za-z]\w+|"
    r"\b(?!(?:It|That|What|There|Here|Who|Where|How|This|Today|Everyone|Nobody|Someone)['’]s)[A-Z][a-z]+['’]s\s|"
    r"\b(?i:the|that|this)\s+(?:[\w-]+\s+){0,2}?(?i:who|guy|girl|woman|man|dude|lady)\b|"
    r"\b[A-Z][a-z]+(?:\s+(?:from|in|on)\s+\w+)?\s+(?:jogs|runs|walks|takes|leaves|parks|goes|drives|rides|"
    r"cycles|bikes|swims|gets\s+(?:home|off)|works\s+out|is\s+(?:at|home|alone|always))\b"
)
_ROUTINE_RECURS = re.compile(
    r"\b(?i:every\s+(?:day|night|morning|evening|weekday|week|weekend|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)|each\s+(?:day|morning|evening|night|week)|daily|nightly|mornings|evenings|"
    r"weeknights|weekdays|(?:on\s+)?weekends|(?:mon|tues|wednes|thurs|fri|satur|sun)days|routine|schedule|"
    r"always)\b"
)
_ALONE = re.compile(r"\b(?i:alone|by\s+(?:himself|herself|themselves))\b")
_CLOCK = re.compile(
    r"\b\d{1,2}:\d\d\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)|\b(?:at|by|from|until|till)\s+\d{1,2}\b|"
    rf"\b\d{{1,2}}\s*(?:-|–|to)\s*\d{{1,2}}\b|{_ALONE.pattern}"
)
_ROUTINE_PLACE = re.compile(
    r"\b(?i:home|house|apartment|apt|unit|flat|condo|gym|fitness|garage|parking|parks|car|train|bus|subway|"
    r"metro|tram|station|platform|route|trail|loop|bar|pub|school|elementary|daycare|kindergarten|nursery|"
    r"alone|walks|drives\s+home|jogs|picked\s+up|sits\s+in)\b"
)
_CAPITALISED = re.compile(r"(?<=[\w,;:)] )[A-Z][a-z]+|(?<=[\w,;:)] )\d+(?:st|nd|rd|th)\b")
_NOT_PLACES = _NOT_NAMES | {*_MONTHS, "Zoom", "Slack", "Teams"}


def _named_place(sentence: str) -> bool:
    """A capitalised word after the first (a place's name: "the Lucky Dog", "Glen Ridge", "on 5th")."""
    return any(m.group(0) not in _NOT_PLACES for m in _CAPITALISED.finditer(sentence))


_FIRST_PERSON_SUBJECT = re.compile(r"^\W*(?i:i|i'm|i’m|we|we're|we’re|my|our)\b")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_PLATE = re.compile(
    r"\b(?i:licen[cs]e\s+plate|plate|plates|reg(?:istration)?(?:\s+(?:number|no\.?))?)\s*(?:#|no\.?|number|"
    r"is|reads|:)?\s*\(?((?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,5})\b"
)
_ACCESS_CODE = re.compile(
    r"\b(?i:buzzer|gate|door|entry|entrance|alarm|lockbox|keypad|garage|building|apartment)\s+(?i:code|pin)"
    r"\s*(?:is|:|=)?\s*(\d{3,8}#?)"
)


def _routines(text: str) -> list[PiiSpan]:
    spans = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if (
            _ROUTINE_RECURS.search(sentence)
            and _CLOCK.search(sentence)
            and _ROUTINE_PLACE.search(sentence)
            and _ROUTINE_PERSON.search(sentence)
            and not _FIRST_PERSON_SUBJECT.match(sentence)
            and (_ALONE.search(sentence) or _named_place(sentence))
        ):
            start = m.start() + len(sentence) - len(sentence.lstrip())
            spans.append(PiiSpan("whereabouts", start, m.end()))
    return spans


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
_SPELLED_PHONE = re.compile(rf"\b{_DIGIT_WORD}(?:[\s,.\-/]+{_DIGIT_WORD}){{6,14}}\b", re.I)


def _vehicles_and_codes(text: str, lowered: str) -> list[PiiSpan]:
    spans = []
    if "plate" in lowered or "reg" in lowered:
        spans += [PiiSpan("vehicle", m.start(1), m.end(1)) for m in _PLATE.finditer(text)]
    if "code" in lowered or "pin" in lowered:
        spans += [PiiSpan("access_code", m.start(1), m.end(1)) for m in _ACCESS_CODE.finditer(text)]
    return spans


def _spelled_phones(text: str, lowered: str) -> list[PiiSpan]:
    # seven digit words are needed; most texts do not hold seven of their letters' first words
    if sum(lowered.count(w) for w in _DIGIT_WORDS) < 7:
        return []
    return [PiiSpan("phone", m.start(), m.end()) for m in _SPELLED_PHONE.finditer(text)]


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
)


def _whereabouts(text: str, lowered: str) -> list[PiiSpan]:
    spans = _routines(text) if any(w in lowered for w in _RECUR_WORDS) else []
    if not _NAME_VERB_PRESENT.search(text):
        return spans
    if not any(word in lowered for word in _PLACE_WORDS):
        return spans
    spans += [PiiSpan("whereabouts", m.start(), m.end()) for m in _FAMILY_PLACE.finditer(text)]
    for pattern in (WHEREABOUTS, _ROOM):
        for m in pattern.finditer(text):
            if m.group("name").split()[0] not in _NOT_NAMES:
                spans.append(PiiSpan("whereabouts", m.start(), m.end()))
    return _merge(spans, [])  # overlapping sightings of one routine are one span


def _owner_is_author(text: str, span: PiiSpan) -> bool:
    # pronouns a member gives for themselves ("she/her") are not someone else
    window = _PRONOUNS.sub(_blank, text[max(0, span.start - 64) : span.start])
    thirds = [m.start() for m in _THIRD_PERSON.finditer(window)]
    thirds += [m.start() for m in _SOMEONE_ELSE.finditer(window)]
    frames = [m.start() for m in _OWN_FRAME.finditer(window)]
    if frames:
        return not thirds or max(thirds) < frames[-1]
    if thirds:
        return False
    # no one else is named: the author's, when they speak in the first person or write a signature
    wider = text[max(0, span.start - 160) : span.start]
    return bool(_FIRST_PERSON.search(wider) or _CONTACT_LABEL.search(window))


def find_spans(text: str) -> list[PiiSpan]:
    """All personal-information spans in ``text``, before deciding whose they are."""
    taken: list[tuple[int, int]] = []
    lowered = text.lower()
    if not _DIGITS_ANY.search(text):  # numbers, addresses and phones all need a digit
        spans = _emails(text, taken) + _whereabouts(text, lowered) + _spelled_phones(text, lowered)
        return sorted(spans, key=lambda s: (s.start, s.end))
    spans = _numbers(text, taken)
    spans += _vehicles_and_codes(text, lowered)
    taken.extend((s.start, s.end) for s in spans)
    spans += _emails(text, taken)
    spans += _addresses(text, taken)
    spans += _phones(text, taken)
    spans += _whereabouts(text, lowered)
    return sorted(spans, key=lambda s: (s.start, s.end))


def detect(text: str, context: dict | None = None) -> list[PiiSpan]:
    """Spans of ``text`` with ``own`` set where the context or the wording shows they are the author's own
    contact details (see the module docstring for the exact rule)."""
    context = context or {}
    own_context = bool(context.get("own_contact")) or context.get("where") == "profile"
    out = []
    for span in find_spans(text):
        own = span.kind in CONTACT_KINDS and (own_context or _owner_is_author(text, span))
        out.append(PiiSpan(span.kind, span.start, span.end, own))
    return out
