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
  ("Dana is at the Hilton, room 512, until Friday", "she leaves the gym at 6pm every day").

Whose it is (``is_own``): contact details (email, phone, street address) are the author's own, and so not
doxing, when ``context["own_contact"]`` is true, when ``context["where"] == "profile"`` (a member's own
profile), or when the words just before the span are first-person ("call me at", "my cell is",
"reach our office at") with no nearer third-person cue ("her", "his", "Dana's", "our CEO's"). Payment
cards, bank accounts, government numbers and whereabouts always count: nobody should publish them, their
own included.
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
}
KIND_LABEL = {
    "email": "an e-mail address",
    "phone": "a phone number",
    "street_address": "a street address",
    "payment_card": "a payment card number",
    "iban": "a bank account number (IBAN)",
    "government_id": "a government identity number",
    "whereabouts": "where a named person can be found",
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

_FIRST_PERSON = re.compile(r"\b(?:me|my|mine|i|i'm|i am|our|ours|us|we|myself)\b", re.I)
# someone else's: a pronoun, a possessive name or role ("Dana's", "CEO's", "our manager's"), or kin
_THIRD_PERSON = re.compile(
    r"\b(?:his|her|hers|their|him|them|he|she|they|[A-Z][A-Za-z]+['’]s|(?i:[a-z]+['’]s\s+(?:personal|"
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
        if 13 <= len(digits) <= 19 and luhn_valid(digits) and len(set(digits)) > 2:
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
    if (start > 0 and text[start - 1] in "$€£") or _POSTCODE_LABEL.search(
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
        _add_address(text, m.start(), m.end(), spans, taken, weak=False)
    for m in _ADDR_NAME_FIRST.finditer(text):
        words = [(w.group(0), m.start() + w.start()) for w in re.finditer(r"\S+", m.group(0))]
        names = words[:-1]
        if not any(_is_street_word(w) for w, _ in names):
            continue
        first = next(
            (i for i, (w, _) in enumerate(names) if _is_street_word(w) or w[:1].isupper()), None
        )
        if first is None:
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
    r"\b(?:his|her|their|[A-Z][a-z]+'s)\s+(?:kids?|children|son|daughter|wife|husband)(?:'s)?\s+"
    r"(?:school|daycare|day\s+care|kindergarten|preschool|nursery|workplace|office|gym)\b"
)


_NAME_VERB_PRESENT = presence(_NAME_VERB)


def _whereabouts(text: str) -> list[PiiSpan]:
    if not _NAME_VERB_PRESENT.search(text):
        return []
    lowered = text.lower()
    if not any(word in lowered for word in _PLACE_WORDS):
        return []
    spans = [PiiSpan("whereabouts", m.start(), m.end()) for m in _FAMILY_PLACE.finditer(text)]
    for pattern in (WHEREABOUTS, _ROOM):
        for m in pattern.finditer(text):
            if m.group("name").split()[0] not in _NOT_NAMES:
                spans.append(PiiSpan("whereabouts", m.start(), m.end()))
    return spans


def _owner_is_author(text: str, span: PiiSpan) -> bool:
    window = text[max(0, span.start - 48) : span.start]
    firsts = [m.start() for m in _FIRST_PERSON.finditer(window)]
    if not firsts:
        return False
    thirds = [m.start() for m in _THIRD_PERSON.finditer(window)]
    return not thirds or thirds[-1] < firsts[-1]


def find_spans(text: str) -> list[PiiSpan]:
    """All personal-information spans in ``text``, before deciding whose they are."""
    taken: list[tuple[int, int]] = []
    if not _DIGITS_ANY.search(text):  # numbers, addresses and phones all need a digit
        spans = _emails(text, taken) + _whereabouts(text)
        return sorted(spans, key=lambda s: (s.start, s.end))
    spans = _numbers(text, taken)
    spans += _emails(text, taken)
    spans += _addresses(text, taken)
    spans += _phones(text, taken)
    spans += _whereabouts(text)
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
