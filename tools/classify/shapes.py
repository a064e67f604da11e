"""Value shapes that separate look-alike types: addresses, measures with units, enumeration URLs.

These are checks over one value; `columns.py` turns the share of values that pass into evidence. They stay
generic (no site or data set in mind): an address names a street or an administrative unit, a measure is a
number with a unit of mass, length, volume, energy or power.
"""
from __future__ import annotations

import re

from tools.classify.names import FAMILY_NAMES, GIVEN_NAMES
from tools.classify.validators import CURRENCY_CODES

_STREET = re.compile(
    r"\b(street|st|road|rd|avenue|ave|av|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|square|sq|highway"
    r"|hwy|parkway|pkwy|terrace|crescent|close|suite|ste|apt|apartment|floor|fl|unit|building|bldg|po box|box"
    r"|rue|strasse|straße|str|weg|platz|via|viale|piazza|calle|avenida|rua|plaza|carrer|chaussée|laan|gasse)\b\.?",
    re.I)
_CN_ADDRESS = re.compile(r"[省市区县镇乡村路街道巷弄号栋幢楼室单元苑园里]")
_MEASURE = re.compile(
    r"[~≈]?\s*[+-]?\d+(?:[.,]\d+)?(?:\s*[-x×/]\s*\d+(?:[.,]\d+)?)*\s*"
    r"(mg|g|gr|gram|grams|kg|kgs|kilograms?|lb|lbs|pounds?|oz|ounces?|t|tonnes?|ml|l|litres?|liters?|cl|dl|fl\.? ?oz"
    r"|gal|gallons?|mm|cm|m|km|in|inch|inches|ft|feet|yd|mi|miles?|kcal|cal|calories|kj|kwh|wh|w|kw|watts?|v|volts?"
    r"|mah|ah|hz|khz|mhz|ghz|mb|gb|tb|px|dpi|°c|°f|克|千克|公斤|斤|毫克|毫升|升|毫米|厘米|米|公里|千米|瓦|伏|英寸|卡|千卡)\.?",
    re.I)
_PROSE = re.compile(r"\b(is|are|was|were|this|that|please|you|your|our|we|located|call|with|for)\b", re.I)
_ENUM_URL = re.compile(r"https?://(www\.)?(schema\.org|purl\.org/goodrelations)/", re.I)


# Street words by where they stand. A suffix follows the street's name ("Oak Dr"), a prefix leads it ("rue Mably",
# "Calle 38"); English words that are also ordinary words (place, avenue, via) lead only after a house number.
# Where a word stands is what separates "120 Oak Ct" from "24 Ct Box" and "Dr. Martens".
_SUFFIX = (r"street|st|road|rd|avenue|ave|av|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|square|sq|highway"
           r"|hwy|parkway|pkwy|terrace|crescent|close|str")
_PREFIX = r"rue|strasse|straße|str|weg|platz|viale|piazza|calle|avenida|rua|carrer|chaussée|laan|gasse"
_WEAK_PREFIX = r"avenue|av|boulevard|blvd|place|plaza|via"
_UNIT = r"suite|ste|apt|apartment|unit|floor|fl|building|bldg"
_WORD = r"(?:[^\W\d_][\w'’.-]*|\d+(?:st|nd|rd|th))"
_STREET_CUES = (
    re.compile(rf"{_WORD}\s+(?:{_SUFFIX})\b", re.I),  # Oak Dr, 13th St
    re.compile(r"\d+[A-Za-z]?\s+(?:street|st|road|rd|avenue|ave)\b\.?(?=\s*(?:[,;.]|$))", re.I),  # 152 St.,
    re.compile(rf"\b(?:{_PREFIX})\b\.?\s*(?:{_WORD}|\d)", re.I),  # rue Mably, Calle 38
    re.compile(r"\b(?:road|rd|highway|hwy|route|street|avenue|ave)\b\.?\s*(?:no\.?\s*)?#?\s*\d", re.I),  # Hwy 70
    re.compile(rf"\d+[A-Za-z]?,?\s+(?:{_WEAK_PREFIX})\b|\b(?:av|ave|blvd)\.\s*[A-Z]", re.I),  # 46, avenue George V
    re.compile(r"\b[Ss]t\.?\s+[A-Z][a-z]"),  # St Peter Port
    re.compile(rf"\b(?:{_UNIT})\b\.?\s*(?:no\.?\s*)?#?\s*\d|\b\d+(?:st|nd|rd|th)\s+(?:floor|fl)\b", re.I),  # Apt 5
    re.compile(r"\b(?:p\.?\s*o\.?\s*)?box\s*#?\s*\d", re.I),  # PO Box 12
    re.compile(r"\b[A-Z][a-z]+(?:-[a-z]+)?-(?:ro|gil|daero)\b(?=\s*(?:\d|,|;|$))|\b\d+-gil\b"),  # Korean road names: Baekbeom-ro, 8-gil
)
# sizes, pack counts and areas: product and listing text that happens to hold a street word ("Flash Drive 64GB")
_NOT_ADDRESS = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:gb|tb|mb|mah|inch|inches|cm|mm|oz|lbs?|ml|kg|pcs?|pk|pack|ct|count|pieces?)\b"
    r"|\b\d+(?:[.,]\d+)?(?:w|v|g|in)\b|\b(?:pack|set|box|case)\s+of\s+\d|\bsize\s*:?\s*\d"
    r"|\bsq\.?\s*(?:ft|feet|foot|m|meters?|metres?|yds?)\b|\bfl\.?\s*oz\b"
    r"|\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\b", re.I)  # and opening hours


def street_cue(s: str) -> bool:
    """A street word standing where streets are named, in text that is not a size or pack count."""
    return not _NOT_ADDRESS.search(s) and any(c.search(s) for c in _STREET_CUES)


def _each_part(check, value: str) -> bool:
    """Several addresses in one cell ('1, Seosomun-ro, Seoul; 18, Baekbeom-ro, Seoul'), as listing pages join a
    chain's branches: the cell is an address when every part is one."""
    parts = [p for p in re.split(r"\s*;\s*", value.strip()) if p]
    return 2 <= len(parts) <= 8 and all(check(p) for p in parts)


def is_address(value: str) -> bool:
    """A street address (a number and a street word where streets are named) or a Chinese address (two or more
    address units); a cell of several such addresses joined by ';' also counts."""
    s = value.strip()
    if ";" in s and _each_part(is_address, s):
        return True
    if len(s) < 6 or len(s) > 120:  # longer text that mentions an address is a description
        return False
    if re.search(r"[\u4e00-\u9fff]", s):
        return len(s) <= 60 and len(_CN_ADDRESS.findall(s)) >= 2 and not re.search(r"[。！？!?]", s)
    if _PROSE.search(s) or re.search(r"[a-z]{3,}[.!?]\s+[A-Z]", s):  # a sentence that mentions an address
        return False
    return bool(re.search(r"\d", s)) and street_cue(s) and 2 <= len(s.split()) <= 16


_STREET_MORE = re.compile(  # street words the strict check leaves out, for the lenient one only
    r"\b(rue|calle|avenida|strasse|straße|gasse|piazza|viale|chemin|route|rte|estrada|carrera|carretera|jalan|jl"
    r"|ulica|ul|straat|allee|allée|vej|gata|gatan|katu|utca|quai|rua|travessa|camino|paseo|sector|colonia|col"
    r"|barrio|district|village|ro|gil|marg|nagar)\b", re.I)


_HOUSE_AFTER = re.compile(r"[A-ZÀ-Þ][^\d,;:()]{2,40}\s\d{1,5}[A-Za-z]?(\s[A-ZÀ-Þ][^\d,;:()]{1,30})?")


def is_address_like(value: str) -> bool:
    """Lenient, for judging a learned guess (not evidence on its own): a street word, a house number after
    the street name, or comma-separated place names, as addresses are written around the world."""
    s = value.strip()
    if ";" in s and _each_part(is_address_like, s):
        return True
    if not 5 <= len(s) <= 150:
        return False
    if re.search(r"[\u4e00-\u9fff]", s):
        return bool(_CN_ADDRESS.search(s)) and not re.search(r"[。！？!?]", s)
    if _PROSE.search(s) or re.search(r"[a-z]{3,}[.!?]\s+[A-Z]", s) or not 2 <= len(s.split()) <= 20:
        return False
    if _NOT_ADDRESS.search(s):
        return False
    if (re.search(r"\d", s) and _STREET.search(s)) or _STREET_MORE.search(s) or _HOUSE_AFTER.fullmatch(s):
        return True
    places = [p for p in re.split(r"\s*,\s*", s) if re.match(r"[A-ZÀ-Þ][^\W\d_]", p)]
    return len(places) >= 2


_NAME_PART = re.compile(r"(?:[^\W\d_]\.){1,3}|[^\W\d_][^\W\d_'’.\-]*(?:[-'’][^\W\d_]+)*\.?")
_NAME_JOIN = re.compile(r"\s*(?:;|/|&|,|\band\b|\bund\b|\bet\b)\s*")


# words that make a business, a place, a product or a flavour rather than a person
_NOT_PERSON = frozenset("""
the a an of for with and inc ltd llc co corp company group gmbh sa plc limited store shop shoppe market mart boutique
cafe café coffee tea bar pub grill kitchen restaurant bistro diner pizza pizzeria bakery sushi burger burgers tacos
cuisine food foods house palace hotel inn motel resort lodge spa salon studio club center centre bank university
college school academy institute hospital clinic church museum gallery theatre theater park garden gardens farm farms
beach lake river mountain valley hill hills street road avenue city town village county state
orange lemon lime mint vanilla lavender cherry apple berry berries coconut cinnamon pepper ginger honey chocolate
caramel almond peach mango blossom musk sandalwood unscented fragrance scent scented original classic natural organic
fresh sweet spicy black white red blue green yellow pink purple brown grey gray gold silver cotton wool leather
steel wood wooden glass plastic large small medium mini pack set kit box bottle edition series collection
new best top pro plus premium deluxe special limited free sale
""".split()) - FAMILY_NAMES - GIVEN_NAMES  # Brown, White, Green, Hill and Wood are also people


def is_name_like(value: str) -> bool:
    """Lenient, for judging a learned guess (not evidence on its own): words of letters, capitalised or in
    capitals, maybe initials or particles, one name or several joined by ';', '/', '&', 'and', ','."""
    s = value.strip()
    if not 2 <= len(s) <= 80 or re.search(r"[0-9@:|\[\]!?#$%=<>{}_+*\\]", s):
        return False
    if re.search(r"[\u4e00-\u9fff]", s):
        return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff]{1,8}", s))
    for part in _NAME_JOIN.split(s):
        words = part.split()
        if not words:
            continue
        if len(words) > 5 or any(len(w.rstrip(".")) > 1 and w.lower().strip(".'’") in _NOT_PERSON for w in words):
            return False
        for w in words:
            if not _NAME_PART.fullmatch(w):
                return False
            if not w[0].isupper() and w.lower() not in ("de", "da", "del", "della", "di", "du", "van", "von", "der",
                                                        "den", "la", "le", "bin", "al", "el", "y", "dos", "das"):
                return False
    return True


# Money as shops write it around the world: a symbol or an ISO 4217 code before or after the amount, thousands
# grouped by ',', '.', a space or an apostrophe, decimals after '.' or ',' ("$12.99", "38,27 €", "1.234,50 EUR",
# "CHF 1'250.00", "R$ 49,90", "12,99 zł", "¥99", "99元"). Codes are matched in capitals ("12 pen" is no price),
# the four that Chinese exports write in lower case also so.
_MONEY_SYMBOL = (r"(?:[A-Z]{1,2}\$|\$|¥|￥|€|£|₩|₹|₽|₺|₫|₱|₪|฿|R\$|[Kk]r\.?|KR|zł|Kč|руб\.?|元|块|rmb|cny|usd|eur|"
                 + "|".join(sorted(CURRENCY_CODES)) + ")")  # the currency validator's ISO 4217 list
_AMOUNT = r"[+-]?(?:\d{1,3}(?:[,.\u00a0\u202f' ]\d{3})+|\d+)(?:[.,]\d{1,2})?"
_MONEY = re.compile(rf"{_MONEY_SYMBOL}\s?{_AMOUNT}|{_AMOUNT}\s?{_MONEY_SYMBOL}")


def is_money(value: str) -> bool:
    """An amount with its currency: '$12.99', '38,27 €', '1.234,50 EUR', 'R$ 49,90', '99元'."""
    s = value.strip()
    return len(s) <= 24 and bool(_MONEY.fullmatch(s))


def is_measure(value: str) -> bool:
    """'21.3 g', '0.003 kg', '9.23 cm', '2979 lbs.', '3000mAh', '500毫升'."""
    s = value.strip()
    return len(s) <= 30 and bool(_MEASURE.fullmatch(s))


def is_enum_url(value: str) -> bool:
    """schema.org / GoodRelations enumeration members such as https://schema.org/InStock."""
    return bool(_ENUM_URL.match(value.strip()))


def is_phone_like(value: str) -> bool:
    """Lenient: 7-15 digits with only phone punctuation (the strict validators decide verified formats)."""
    s = value.strip()
    digits = sum(ch.isdigit() for ch in s)
    return 7 <= digits <= 15 and bool(re.fullmatch(r"[+\d\s().\-/]+(\s?(ext|x|转)\.?\s?\d+)?", s, re.I))


def is_ip_like(value: str) -> bool:
    """Lenient: a dotted quad of 1-3 digit groups (maybe masked with *), or hex groups between three or more
    colons (or '::'), so neither '43.99; 39.99; 41.99' nor a time of day passes."""
    s = value.strip()
    if re.fullmatch(r"[\d*]{1,3}(\.[\d*]{1,3}){3}(/\d{1,2})?(:\d{1,5})?", s):
        return True
    return ("::" in s or s.count(":") >= 3) and bool(
        re.fullmatch(r"[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}(%\w+)?(/\d{1,3})?", s))


def is_device_id_like(value: str) -> bool:
    """Lenient: a device identifier (IMEI, IDFA/OAID, MAC, Android id, a hash) is a long run of letters and digits,
    never a word like 'iOS' or 'android'."""
    s = value.strip()
    return bool(re.fullmatch(r"[0-9A-Za-z:\-_.]{8,64}", s)) and sum(ch.isdigit() for ch in s) >= 3


def is_id_number_like(value: str) -> bool:
    """Lenient: a long run of digits (cards, accounts, ids), maybe grouped, maybe masked or ending in X."""
    s = re.sub(r"[\s\-]", "", value.strip())
    return bool(re.fullmatch(r"[A-Z]{0,2}[\d*]{8,34}[Xx]?", s))


_MASKED_CN_NAME = re.compile(r"[\u4e00-\u9fff][*＊]{1,3}|[\u4e00-\u9fff][*＊][\u4e00-\u9fff]")
_MASKED_MOBILE = re.compile(r"1[3-9][0-9]{1,3}[*＊]{3,6}[0-9]{2,4}")
_MASKED_EMAIL = re.compile(r"[^@\s*＊]{0,4}[*＊]{2,}[^@\s]{0,4}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_MASKED_DIGITS = re.compile(r"[0-9]{1,14}[*＊]{4,13}[0-9]{0,4}[0-9Xx]?")


def masked_kind(value: str) -> str | None:
    """What a masked value was, from the shape the mask keeps (Chinese exports hide the middle digits): a name
    (张**, 李*明), a CN mobile (138****5678), an e-mail (a***@qq.com), an 18-digit resident id
    (110101********1234) or a card or account number (6222 **** **** 1234); None for anything else."""
    s = re.sub(r"[\s-]", "", value.strip())
    if _MASKED_CN_NAME.fullmatch(s):
        return "person_name"
    if _MASKED_MOBILE.fullmatch(s) and len(s) == 11:
        return "phone_number"
    if _MASKED_EMAIL.fullmatch(value.strip()):
        return "email"
    if _MASKED_DIGITS.fullmatch(s) and sum(ch.isdigit() for ch in s) >= 4:
        if len(s) in (15, 18):
            return "national_id"
        if 12 <= len(s) <= 19:
            return "bank_card"
    return None
