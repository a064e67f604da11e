"""Strict format validators: a semantic type is only claimed for a column when its values *verify*.

Every public validator takes one value (normally a string), strips it itself, and returns a bool.
None of them raises on any input: non-strings, empty strings, odd Unicode and huge strings all give
``False`` (anything longer than ``MAX_LEN`` characters is rejected before any regex runs, which keeps
the work per value bounded). Digit classes are ASCII-only on purpose: ``str.isdigit`` and ``\\d``
accept superscripts and other scripts' digits, which would slip through or make ``int()`` raise.
"""
from __future__ import annotations

import calendar
import ipaddress
import re
from datetime import date
from decimal import Decimal
from typing import Callable, Iterable

__all__ = [
    "MAX_LEN",
    "STRICT_VALIDATORS",
    "gtin_ok",
    "is_cn_mobile",
    "is_cn_resident_id",
    "is_currency_code",
    "is_compact_date_hour",
    "is_date",
    "is_datetime",
    "is_email",
    "is_gtin",
    "is_iban",
    "is_idfa",
    "is_imei",
    "is_ip",
    "is_ipv4",
    "is_ipv6",
    "is_isbn",
    "is_lat",
    "is_lat_lng_pair",
    "is_lng",
    "is_mac",
    "is_md5",
    "is_payment_card",
    "is_phone_number",
    "is_postal_code_cn",
    "is_sha1",
    "is_time_of_day",
    "is_url",
    "is_us_ssn",
    "is_us_zip",
    "is_uuid",
    "luhn_ok",
    "match_fraction",
    "unix_time_unit",
]

MAX_LEN = 512

# --------------------------------------------------------------------------------------------------
# Input normalisation
# --------------------------------------------------------------------------------------------------


def _text(v: object) -> str | None:
    """The stripped string form of ``v``, or None when it cannot be a candidate (wrong type, too long)."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, str):
        s = v
    elif isinstance(v, (int, float, Decimal)):
        try:  # str() of a huge int raises ValueError (int_max_str_digits)
            s = str(v)
        except (ValueError, OverflowError):
            return None
    else:
        return None
    if len(s) > MAX_LEN:
        return None
    return s.strip()


_DIGITS = re.compile(r"[0-9]+")


def _all_same(s: str) -> bool:
    """Placeholder values such as 0000000000000 or 4444444444444444 pass checksums but are not real."""
    return len(set(s)) == 1


def _date_ok(y: int, m: int, d: int) -> bool:
    """A real calendar date (datetime's range, year 1-9999)."""
    return 1 <= y <= 9999 and 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


# --------------------------------------------------------------------------------------------------
# National identifiers
# --------------------------------------------------------------------------------------------------

# GB 11643-1999: first two digits are the province-level division.
_CN_PROVINCES = frozenset(
    [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91]
)
_CN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_ID_CHECK = "10X98765432"
_CN_ID_18 = re.compile(r"[1-9][0-9]{16}[0-9Xx]")
_CN_ID_15 = re.compile(r"[1-9][0-9]{14}")
_CN_ID_MIN_BIRTH = date(1900, 1, 1)
_CN_ID_MAX_BIRTH = date(2030, 12, 31)


def _cn_birth_ok(y: int, m: int, d: int) -> bool:
    """Birth dates outside 1900-2030 mean the digits are not an id (or a typo)."""
    return _date_ok(y, m, d) and _CN_ID_MIN_BIRTH <= date(y, m, d) <= _CN_ID_MAX_BIRTH


def _cn_id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _CN_ID_WEIGHTS))
    return _CN_ID_CHECK[total % 11]


def is_cn_resident_id(v: str, allow_15: bool = True) -> bool:
    """18-digit resident id with valid province, birth date and checksum; legacy 15-digit ids optionally.

    15-digit ids (issued before 1999) carry no checksum, so only the province and the 19YYMMDD birth
    date can be verified.
    """
    s = _text(v)
    if s is None:
        return False
    if _CN_ID_18.fullmatch(s):
        return (int(s[:2]) in _CN_PROVINCES
                and _cn_birth_ok(int(s[6:10]), int(s[10:12]), int(s[12:14]))
                and _cn_id_check_char(s[:17]) == s[17].upper())
    if allow_15 and _CN_ID_15.fullmatch(s):
        return (int(s[:2]) in _CN_PROVINCES
                and _cn_birth_ok(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12])))
    return False


# SSA rules: area 000, 666 and 900-999 were never issued; group 00 and serial 0000 neither.
_US_SSN = re.compile(r"(?!000|666|9)[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}")


def is_us_ssn(v: str) -> bool:
    """US Social Security number in its dashed AAA-GG-SSSS form (bare 9 digits are too ambiguous)."""
    s = _text(v)
    return s is not None and _US_SSN.fullmatch(s) is not None


# --------------------------------------------------------------------------------------------------
# Bank cards and IBAN
# --------------------------------------------------------------------------------------------------


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) checksum over an ASCII digit string; False for anything that is not one."""
    if not isinstance(digits, str) or len(digits) > MAX_LEN or not _DIGITS.fullmatch(digits):
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = ord(ch) - 48
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


# (scheme, prefix width, lowest prefix, highest prefix): issuer identification number ranges.
_CARD_IIN_RANGES: tuple[tuple[str, int, int, int], ...] = (
    ("visa", 1, 4, 4),
    ("mastercard", 2, 51, 55),
    ("mastercard", 4, 2221, 2720),
    ("amex", 2, 34, 34),
    ("amex", 2, 37, 37),
    ("unionpay", 2, 62, 62),
    ("jcb", 4, 3528, 3589),
    ("discover", 4, 6011, 6011),
    ("discover", 2, 65, 65),
    ("discover", 3, 644, 649),
    ("diners", 2, 36, 36),
    ("diners", 2, 38, 38),
    ("diners", 3, 300, 305),
    ("maestro", 2, 50, 50),
    ("maestro", 2, 56, 58),
    ("maestro", 1, 6, 6),
)
_CARD_SHAPE = re.compile(r"[0-9](?:[ -]?[0-9])*")


def _card_iin_known(digits: str) -> bool:
    """True when the number starts with a prefix some card scheme issues."""
    return any(lo <= int(digits[:width]) <= hi for _, width, lo, hi in _CARD_IIN_RANGES)


def is_payment_card(v: str) -> bool:
    """A 12-19 digit card number (spaces/dashes allowed) with a known scheme prefix and a valid Luhn digit."""
    s = _text(v)
    if s is None or not _CARD_SHAPE.fullmatch(s):
        return False
    digits = s.replace(" ", "").replace("-", "")
    return (12 <= len(digits) <= 19 and not _all_same(digits)
            and _card_iin_known(digits) and luhn_ok(digits))


# ISO 13616 registry lengths; countries not listed are accepted at any length from 15 to 34.
_IBAN_LENGTHS = {
    "DE": 22, "GB": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "CH": 21, "AT": 20,
    "PL": 28, "SE": 24, "NO": 15, "DK": 18, "FI": 18, "IE": 22, "PT": 25, "LU": 20,
    "GR": 27, "HU": 28, "CZ": 24, "SK": 24, "RO": 24, "BG": 22, "HR": 21, "SI": 19, "EE": 20,
    "LV": 21, "LT": 20, "IS": 26, "MT": 31, "CY": 28, "LI": 21, "MC": 27, "TR": 26, "SA": 24,
    "AE": 23, "IL": 23, "BR": 29, "UA": 29,
}
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
_IBAN_SPACED = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")


def _iban_mod97(iban: str) -> int:
    """Remainder of the rearranged IBAN (letters as 10..35) modulo 97, computed digit by digit."""
    n = 0
    for ch in iban[4:] + iban[:4]:
        if ch.isdigit():
            n = (n * 10 + ord(ch) - 48) % 97
        else:
            n = (n * 100 + ord(ch) - 55) % 97
    return n


def is_iban(v: str) -> bool:
    """IBAN (ISO 13616) in electronic or space-grouped print form, with length and mod-97 verified."""
    s = _text(v)
    if s is None or not _IBAN_SPACED.fullmatch(s):
        return False
    iban = s.replace(" ", "").upper()
    if not _IBAN.fullmatch(iban):
        return False
    expected = _IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        return False
    return _iban_mod97(iban) == 1


# --------------------------------------------------------------------------------------------------
# Phone numbers
# --------------------------------------------------------------------------------------------------

_CN_MOBILE = re.compile(r"(?:(?:\+86|0086|86)[ -]?)?1[3-9][0-9](?:[0-9]{8}|([ -])[0-9]{4}\1[0-9]{4})")
# Area codes: 010, 02x, or 0 + three digits starting 3-9; the local number never starts with 0.
_CN_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
_EXTENSION = r"(?:\s?(?:-|转|ext\.?|x|#)\s?[0-9]{1,6})?"
_CN_LANDLINE = re.compile(
    rf"(?:\({_CN_AREA}\)\s?|{_CN_AREA}[- ])[1-9][0-9]{{6,7}}{_EXTENSION}", re.IGNORECASE
)
_NANP = re.compile(
    r"(?:\+?1[ .\-]?)?(?:\([2-9][0-9]{2}\)\s?|[2-9][0-9]{2}[ .\-])[2-9][0-9]{2}[ .\-][0-9]{4}"
    r"(?:\s?(?:x|ext\.?|#)\s?[0-9]{1,6})?",
    re.IGNORECASE,
)
# Digit runs must be split by a separator unless a parenthesised group sits between them; this keeps
# the pattern free of nested ambiguous repetition (no catastrophic backtracking).
_INTL = re.compile(
    r"\+(?:\([0-9]+\)|[1-9][0-9]*)(?:[ .\-]?\([0-9]+\)|[ .\-][0-9]+|(?<=\))[0-9]+)*"
)
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
# National format behind a trunk 0, written in three or more groups: '06 12 34 56 78', '020 7946 0958',
# '0799 85 34 82'. One separator kind throughout; amounts, dates and ids are not written this way.
_TRUNK = re.compile(r"0[1-9][0-9]{0,3}(?P<sep>[ .\-])[0-9]{2,4}(?:(?P=sep)[0-9]{2,4}){1,3}")
# ... or as area code and subscriber number: '01753 857570', '020 4272100', '0120-123456' (10-11 digits in all).
_TRUNK_AREA = re.compile(r"0[1-9][0-9]{1,3}[ \-][1-9][0-9]{5,7}")


def is_cn_mobile(v: str) -> bool:
    """Mainland China mobile: optional +86/86/0086 prefix, 11 digits 1[3-9]..., optionally grouped 3-4-4."""
    s = _text(v)
    return s is not None and _CN_MOBILE.fullmatch(s) is not None


def _is_intl(s: str) -> bool:
    """E.164-like: '+' then 7-15 digits; the country code cannot start with 0."""
    if not _INTL.fullmatch(s):
        return False
    digits = re.sub(r"[^0-9]", "", s)
    return 7 <= len(digits) <= 15 and digits[0] != "0"


def is_phone_number(v: str) -> bool:
    """A phone number in one of the shapes people actually write; bare digit runs other than CN mobiles fail.

    Landlines and North-American numbers need a separator (or parentheses) because bare 10-12 digit
    strings are far more often ids, timestamps or amounts than phone numbers.
    """
    s = _text(v)
    if s is None or not s or _DECIMAL.fullmatch(s):
        return False
    return (_CN_MOBILE.fullmatch(s) is not None
            or _CN_LANDLINE.fullmatch(s) is not None
            or _NANP.fullmatch(s) is not None
            or (_TRUNK.fullmatch(s) is not None and 9 <= sum(ch.isdigit() for ch in s) <= 11)
            or (_TRUNK_AREA.fullmatch(s) is not None and 10 <= sum(ch.isdigit() for ch in s) <= 11)
            or (s.startswith("+") and _is_intl(s)))


# --------------------------------------------------------------------------------------------------
# Email, IP, URL
# --------------------------------------------------------------------------------------------------

# A host label: Unicode letters/digits (IDN) with inner hyphens, at most 63 characters.
_LABEL = r"[^\W_](?:[\w\-]{0,61}[^\W_])?"
_TLD = r"(?:[^\W\d_]{2,24}|[Xx][Nn]--[A-Za-z0-9\-]{1,59})"
_DOMAIN = re.compile(rf"(?:{_LABEL}\.)+{_TLD}\.?")
_SINGLE_LABEL = re.compile(_LABEL)
_EMAIL = re.compile(rf"(?P<local>[\w+\-]+(?:\.[\w+\-]+)*)@(?P<domain>(?:{_LABEL}\.)+{_TLD})")


def is_email(v: str) -> bool:
    """Pragmatic RFC 5322 subset: dotted local part of word chars/+/-, a dotted domain with a letter TLD."""
    s = _text(v)
    if s is None or len(s) > 254:
        return False
    m = _EMAIL.fullmatch(s)
    return m is not None and len(m.group("local")) <= 64


_IPV4_SHAPE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}")
_IPV6_SHAPE = re.compile(r"[0-9A-Fa-f:.]{2,45}")


def is_ipv4(v: str) -> bool:
    """Dotted-quad IPv4; leading zeros (01.2.3.4) are rejected since they are ambiguous (octal)."""
    s = _text(v)
    if s is None or not _IPV4_SHAPE.fullmatch(s):
        return False
    try:
        ipaddress.IPv4Address(s)
    except ValueError:
        return False
    return True


def is_ipv6(v: str) -> bool:
    """IPv6 in any textual form the ipaddress module accepts, without zone ids or brackets."""
    s = _text(v)
    if s is None or not _IPV6_SHAPE.fullmatch(s) or ":" not in s:
        return False
    try:
        ipaddress.IPv6Address(s)
    except ValueError:
        return False
    return True


def is_ip(v: str) -> bool:
    """IPv4 or IPv6 address."""
    return is_ipv4(v) or is_ipv6(v)


_URL = re.compile(
    r"(?P<prefix>(?:https?|ftp)://|//)?"
    r"(?P<userinfo>[^\s/?#@]+@)?"
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[^\s/?#:@\[\]]+)"
    r"(?::(?P<port>[0-9]{1,5}))?"
    r"(?P<rest>[/?#]\S*)?",
    re.IGNORECASE,
)


def _url_host_ok(host: str, has_scheme: bool) -> bool:
    """Hosts: bracketed IPv6, IPv4, a dotted domain, or (with an explicit scheme) a single label."""
    if host.startswith("["):
        return is_ipv6(host[1:-1])
    if is_ipv4(host) or _DOMAIN.fullmatch(host):
        return True
    return has_scheme and _SINGLE_LABEL.fullmatch(host) is not None


def is_url(v: str) -> bool:
    """http/https/ftp URL, protocol-relative //host/path, or a www.-prefixed host; plain words fail."""
    s = _text(v)
    if s is None:
        return False
    m = _URL.fullmatch(s)
    if m is None:
        return False
    prefix, host, port = m.group("prefix"), m.group("host"), m.group("port")
    if port is not None and int(port) > 65535:
        return False
    if prefix is None:  # bare form: only www.<domain with a TLD>, no credentials
        return (m.group("userinfo") is None and host.lower().startswith("www.")
                and _DOMAIN.fullmatch(host[4:]) is not None)
    return _url_host_ok(host, has_scheme=prefix != "//")


# --------------------------------------------------------------------------------------------------
# Product codes
# --------------------------------------------------------------------------------------------------

_GTIN_LENGTHS = frozenset({8, 12, 13, 14})
_GTIN_SHAPE = re.compile(r"[0-9]+(?: [0-9]+)*")
_ISBN_SHAPE = re.compile(r"(?:ISBN(?:-1[03])?:?\s?)?([0-9](?:[ -]?[0-9])*(?:[ -]?[Xx])?)", re.IGNORECASE)


def gtin_ok(digits: str) -> bool:
    """GS1 mod-10 check digit for GTIN-8/12/13/14 (weights 3,1,3,... from the digit left of the check)."""
    if not isinstance(digits, str) or len(digits) not in _GTIN_LENGTHS or not _DIGITS.fullmatch(digits):
        return False
    total = sum((ord(ch) - 48) * (3 if i % 2 else 1) for i, ch in enumerate(reversed(digits)))
    return total % 10 == 0


def is_gtin(v: str) -> bool:
    """EAN-8, UPC-A, EAN-13 or GTIN-14 with a valid check digit; space grouping allowed, hyphens not.

    Hyphens are refused because dates such as 2017-11-25 would otherwise pass as EAN-8 one time in ten.
    """
    s = _text(v)
    if s is None or not _GTIN_SHAPE.fullmatch(s):
        return False
    digits = s.replace(" ", "")
    return not _all_same(digits) and gtin_ok(digits)


def _isbn10_ok(code: str) -> bool:
    """ISBN-10: sum of digit * weight (10 down to 1, X = 10) divisible by 11."""
    if len(code) != 10 or not _DIGITS.fullmatch(code[:9]):
        return False
    last = 10 if code[9] in "Xx" else ord(code[9]) - 48
    total = sum((ord(ch) - 48) * w for ch, w in zip(code[:9], range(10, 1, -1))) + last
    return total % 11 == 0


def is_isbn(v: str) -> bool:
    """ISBN-10 (mod 11, X check allowed) or ISBN-13 (978/979 + GTIN check); hyphens/spaces allowed."""
    s = _text(v)
    if s is None:
        return False
    m = _ISBN_SHAPE.fullmatch(s)
    if m is None:
        return False
    code = m.group(1).replace("-", "").replace(" ", "")
    if _all_same(code.upper()):
        return False
    if len(code) == 13:
        return code[:3] in ("978", "979") and gtin_ok(code)
    return _isbn10_ok(code)


# --------------------------------------------------------------------------------------------------
# Dates, times, timestamps
# --------------------------------------------------------------------------------------------------

_YMD_SEP = re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})")
_YMD_COMPACT = re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})")
_DMY_OR_MDY = re.compile(r"(?P<a>[0-9]{1,2})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})")
_YMD_CN = re.compile(r"(?P<y>[0-9]{4})\s?年\s?(?P<m>[0-9]{1,2})\s?月\s?(?P<d>[0-9]{1,2})\s?[日号]")
_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_MONTH_NUMBER = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_ORDINAL = r"(?:st|nd|rd|th)?"
_MDY_TEXT = re.compile(rf"{_MONTH}\s+(?P<d>[0-9]{{1,2}}){_ORDINAL},?\s+(?P<y>[0-9]{{4}})", re.IGNORECASE)
_DMY_TEXT = re.compile(rf"(?P<d>[0-9]{{1,2}}){_ORDINAL}(?:\s+|-){_MONTH},?(?:\s+|-)(?P<y>[0-9]{{4}})",
                       re.IGNORECASE)


def _ymd_match_ok(m: re.Match[str] | None) -> bool:
    """A regex match with y/m/d groups that names a real date."""
    return m is not None and _date_ok(int(m["y"]), int(m["m"]), int(m["d"]))


def _text_date_ok(m: re.Match[str] | None) -> bool:
    """A match with an English month name and day/year groups that names a real date."""
    return m is not None and _date_ok(int(m["y"]), _MONTH_NUMBER[m["mon"][:3].lower()], int(m["d"]))


def is_date(v: str) -> bool:
    """A calendar date without a time, in ISO, compact, day/month, Chinese or English-month notation.

    Day-first and month-first numeric dates are accepted when valid in either reading; compact
    YYYYMMDD is limited to years 1900-2100 because other 8-digit numbers are usually ids.
    """
    s = _text(v)
    if s is None:
        return False
    compact = _YMD_COMPACT.fullmatch(s)
    if compact is not None:
        return 1900 <= int(compact["y"]) <= 2100 and _ymd_match_ok(compact)
    dm = _DMY_OR_MDY.fullmatch(s)
    if dm is not None:
        y, a, b = int(dm["y"]), int(dm["a"]), int(dm["b"])
        return _date_ok(y, b, a) or _date_ok(y, a, b)
    return (_ymd_match_ok(_YMD_SEP.fullmatch(s)) or _ymd_match_ok(_YMD_CN.fullmatch(s))
            or _text_date_ok(_MDY_TEXT.fullmatch(s)) or _text_date_ok(_DMY_TEXT.fullmatch(s)))


_TIME = (r"(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2})(?:[.,][0-9]{1,9})?)?"
         r"(?:\s?(?P<ampm>[AaPp]\.?[Mm]\.?))?")
_TIME_OF_DAY = re.compile(_TIME)
_ZONE = r"(?P<zone>\s?(?:Z|UTC|GMT|[+-](?P<zh>[0-9]{2})(?::?(?P<zm>[0-9]{2}))?))?"
# The separator before the time: 'T' (ISO), whitespace, or nothing right after a Chinese 日.
_DATETIME_TAIL = re.compile(rf"(?P<sep>T|\s+|(?<=[日号]))(?:{_TIME}){_ZONE}\Z")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8}")
_ISO_BASIC = re.compile(
    r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})T(?P<h>[0-9]{2})(?P<mi>[0-9]{2})(?P<s>[0-9]{2})?"
    r"(?:\.[0-9]{1,9})?(?:Z|[+-](?P<zh>[0-9]{2})(?P<zm>[0-9]{2})?)?"
)


def _clock_ok(h: str, mi: str, sec: str | None, ampm: str | None) -> bool:
    """Hour 0-23 (1-12 with AM/PM), minutes and seconds 0-59."""
    hour = int(h)
    hour_ok = 1 <= hour <= 12 if ampm else 0 <= hour <= 23
    return hour_ok and int(mi) <= 59 and (sec is None or int(sec) <= 59)


def _zone_ok(m: re.Match[str]) -> bool:
    """UTC offsets run from -12:00 to +14:00."""
    zh, zm = m["zh"], m["zm"]
    return (zh is None or int(zh) <= 14) and (zm is None or int(zm) <= 59)


def is_time_of_day(v: str) -> bool:
    """A wall-clock time: H:MM or H:MM:SS(.fff), 24-hour or with a.m./p.m."""
    s = _text(v)
    if s is None:
        return False
    m = _TIME_OF_DAY.fullmatch(s)
    return m is not None and _clock_ok(m["h"], m["mi"], m["s"], m["ampm"])


def is_datetime(v: str) -> bool:
    """A date followed by a time: ISO 8601 (T or space, seconds/fraction/zone optional) or any is_date form."""
    s = _text(v)
    if s is None:
        return False
    basic = _ISO_BASIC.fullmatch(s)
    if basic is not None:
        return _ymd_match_ok(basic) and _clock_ok(basic["h"], basic["mi"], basic["s"], None) and _zone_ok(basic)
    m = _DATETIME_TAIL.search(s)
    if m is None:
        return False
    head = s[:m.start()]
    if m["sep"] == "T" and not _ISO_DATE.fullmatch(head):
        return False
    return (_clock_ok(m["h"], m["mi"], m["s"], m["ampm"]) and _zone_ok(m)
            and not (m["ampm"] and m["zone"]) and is_date(head))


_DATE_HOUR = re.compile(r"(?P<y>[0-9]{2}|(?:19|20)[0-9]{2})(?P<m>[0-9]{2})(?P<d>[0-9]{2})(?P<h>[0-9]{2})")


def is_compact_date_hour(v: str) -> bool:
    """YYMMDDHH or YYYYMMDDHH, as ad and traffic logs bucket events by the hour (Avazu's `hour` 14102100).

    Only a column-level rule with a time header uses it: one 8-digit id in a hundred parses by chance."""
    s = _text(v)
    m = _DATE_HOUR.fullmatch(s) if s is not None else None
    if m is None:
        return False
    y = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
    return _date_ok(y, int(m["m"]), int(m["d"])) and int(m["h"]) <= 23


_UNIX_INT = re.compile(r"[1-9][0-9]{0,15}(?:\.0+)?")
_UNIX_MIN_S = 946_684_800  # 2000-01-01T00:00:00Z
_UNIX_MAX_S = 2_082_758_399  # 2035-12-31T23:59:59Z


def unix_time_unit(v: str) -> str | None:
    """'s' or 'ms' when the integer is a unix timestamp between 2000-01-01 and 2035-12-31, else None.

    The window keeps ordinary counts and ids out: seconds are 9-10 digits, milliseconds 12-13.
    """
    s = _text(v)
    if s is None or not _UNIX_INT.fullmatch(s):
        return None
    n = int(s.split(".")[0])
    if _UNIX_MIN_S <= n <= _UNIX_MAX_S:
        return "s"
    if _UNIX_MIN_S * 1000 <= n <= _UNIX_MAX_S * 1000 + 999:
        return "ms"
    return None


# --------------------------------------------------------------------------------------------------
# Postal codes, hashes, ids
# --------------------------------------------------------------------------------------------------

_CN_POSTCODE = re.compile(r"[0-8][0-9]{5}")
_US_ZIP = re.compile(r"[0-9]{5}(?:-[0-9]{4})?")
_MD5 = re.compile(r"[0-9a-fA-F]{32}")
_SHA1 = re.compile(r"[0-9a-fA-F]{40}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX_LETTER = re.compile(r"[a-fA-F]")


def is_postal_code_cn(v: str) -> bool:
    """Mainland China postcode: 6 digits, first digit 0-8."""
    s = _text(v)
    return s is not None and _CN_POSTCODE.fullmatch(s) is not None


def is_us_zip(v: str) -> bool:
    """US ZIP code: 5 digits or ZIP+4 (12345-6789)."""
    s = _text(v)
    return s is not None and _US_ZIP.fullmatch(s) is not None


def _hex_digest_ok(v: object, shape: re.Pattern[str]) -> bool:
    """Hex digest of a fixed width with at least one a-f letter.

    An all-decimal string is a numeric id far more often than a digest (the chance a real MD5 has no
    letter is about 3e-7), so it is rejected.
    """
    s = _text(v)
    return s is not None and shape.fullmatch(s) is not None and _HEX_LETTER.search(s) is not None


def is_md5(v: str) -> bool:
    """32 hex characters (MD5 digest)."""
    return _hex_digest_ok(v, _MD5)


def is_sha1(v: str) -> bool:
    """40 hex characters (SHA-1 digest)."""
    return _hex_digest_ok(v, _SHA1)


def is_uuid(v: str) -> bool:
    """Canonical 8-4-4-4-12 hex UUID, any case, any version (the nil UUID included)."""
    s = _text(v)
    return s is not None and _UUID.fullmatch(s) is not None


# --------------------------------------------------------------------------------------------------
# Geo coordinates
# --------------------------------------------------------------------------------------------------

_COORD = re.compile(r"[+-]?(?:0|[1-9][0-9]{0,2})\.[0-9]{4,15}")
_PAIR = re.compile(r"[(\[]?\s*(?P<a>[^,\s()\[\]]+)\s*,\s*(?P<b>[^,\s()\[\]]+)\s*[)\]]?")


def _coord_within(v: object, limit: float) -> bool:
    """A decimal with 4+ places (precise enough to locate a place) whose magnitude is at most limit."""
    s = _text(v)
    return s is not None and _COORD.fullmatch(s) is not None and abs(float(s)) <= limit


def is_lat(v: str) -> bool:
    """Latitude: decimal degrees in [-90, 90] with at least 4 decimal places."""
    return _coord_within(v, 90.0)


def is_lng(v: str) -> bool:
    """Longitude: decimal degrees in [-180, 180] with at least 4 decimal places."""
    return _coord_within(v, 180.0)


def is_lat_lng_pair(v: str) -> bool:
    """'lat,lng' (or 'lng,lat', the order AMap and GeoJSON use), optionally in parentheses/brackets."""
    s = _text(v)
    if s is None:
        return False
    m = _PAIR.fullmatch(s)
    if m is None or (s[0] in "([") != (s[-1] in ")]"):
        return False
    a, b = m["a"], m["b"]
    return is_lng(a) and is_lng(b) and (is_lat(a) or is_lat(b))


# --------------------------------------------------------------------------------------------------
# Device identifiers
# --------------------------------------------------------------------------------------------------

_IMEI = re.compile(r"[0-9]{15}")
_MAC_SEPARATED = re.compile(r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}")
_MAC_DOTTED = re.compile(r"[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}")
_MAC_BARE = re.compile(r"[0-9A-Fa-f]{12}")


def is_imei(v: str) -> bool:
    """15-digit IMEI with a valid Luhn check digit (all-same-digit placeholders rejected)."""
    s = _text(v)
    return s is not None and _IMEI.fullmatch(s) is not None and not _all_same(s) and luhn_ok(s)


def is_mac(v: str) -> bool:
    """MAC-48 address: colon- or dash-separated pairs, Cisco dotted quads, or 12 bare hex characters.

    The bare form must contain a hex letter; 12 decimal digits are almost always a number, not a MAC.
    """
    s = _text(v)
    if s is None:
        return False
    if _MAC_SEPARATED.fullmatch(s) or _MAC_DOTTED.fullmatch(s):
        return True
    return _MAC_BARE.fullmatch(s) is not None and _HEX_LETTER.search(s) is not None


def is_idfa(v: str) -> bool:
    """Advertising id (Apple IDFA, Android GAID, and the UUID-shaped OAIDs): same shape as a UUID.

    The shape alone cannot tell these apart from any other UUID; column names and context must.
    """
    return is_uuid(v)


# --------------------------------------------------------------------------------------------------
# Currency
# --------------------------------------------------------------------------------------------------

CURRENCY_CODES = frozenset({
    "CNY", "USD", "EUR", "JPY", "GBP", "HKD", "TWD", "KRW", "SGD", "AUD", "CAD", "CHF", "SEK", "NOK",
    "DKK", "RUB", "INR", "BRL", "MXN", "ZAR", "THB", "MYR", "IDR", "PHP", "VND", "NZD", "TRY", "PLN",
    "AED", "SAR", "ILS", "CZK", "HUF", "MOP", "KZT", "UAH", "EGP", "NGN", "PKR", "BDT", "CLP", "COP",
    "PEN", "ARS", "QAR", "KWD", "RON", "BGN", "ISK",
    "RMB",  # not ISO 4217, but what Chinese systems write for CNY
})
_CURRENCY_SYMBOLS = frozenset({"¥", "￥", "$", "€", "£", "₩", "₹", "₽"})


def is_currency_code(v: str) -> bool:
    """A common ISO 4217 code (upper or lower case, not mixed), RMB, or a bare currency symbol."""
    s = _text(v)
    if s is None:
        return False
    if s in _CURRENCY_SYMBOLS:
        return True
    return (s.isupper() or s.islower()) and s.upper() in CURRENCY_CODES


# --------------------------------------------------------------------------------------------------
# Registry used by the classifier
# --------------------------------------------------------------------------------------------------


def _national_id(v: str) -> bool:
    return is_cn_resident_id(v) or is_us_ssn(v)


def _bank_card(v: str) -> bool:
    return is_payment_card(v) or is_iban(v)


def _item_id_gtin(v: str) -> bool:
    return is_gtin(v) or is_isbn(v)


def _geo_coordinate(v: str) -> bool:
    return is_lat(v) or is_lng(v) or is_lat_lng_pair(v)


def _device_id(v: str) -> bool:
    return is_imei(v) or is_mac(v) or is_idfa(v)


def _timestamp(v: str) -> bool:
    return is_datetime(v) or unix_time_unit(v) is not None


def _postal_code(v: str) -> bool:
    return is_postal_code_cn(v) or is_us_zip(v)


STRICT_VALIDATORS: dict[str, Callable[[str], bool]] = {
    "national_id": _national_id,
    "bank_card": _bank_card,
    "phone_number": is_phone_number,
    "email": is_email,
    "ip_address": is_ip,
    "url": is_url,
    "item_id_gtin": _item_id_gtin,
    "geo_coordinate": _geo_coordinate,
    "device_id": _device_id,
    "date": is_date,
    "timestamp": _timestamp,
    "postal_code": _postal_code,
    "currency": is_currency_code,
}


def match_fraction(values: Iterable[str], check: Callable[[str], bool]) -> tuple[int, int]:
    """(matches, non-empty values considered): None and blank values do not count either way."""
    matches = considered = 0
    for v in values:
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        considered += 1
        if check(v):
            matches += 1
    return matches, considered
