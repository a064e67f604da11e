"""Strict validators accept real-world examples, refuse near misses, and never raise on any input."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tools.classify import validators as V
from tools.classify.validators import (
    MAX_LEN,
    STRICT_VALIDATORS,
    gtin_ok,
    is_cn_mobile,
    is_cn_resident_id,
    is_currency_code,
    is_date,
    is_datetime,
    is_email,
    is_gtin,
    is_iban,
    is_idfa,
    is_imei,
    is_ip,
    is_ipv4,
    is_ipv6,
    is_isbn,
    is_lat,
    is_lat_lng_pair,
    is_lng,
    is_mac,
    is_md5,
    is_payment_card,
    is_phone_number,
    is_postal_code_cn,
    is_sha1,
    is_time_of_day,
    is_url,
    is_us_ssn,
    is_us_zip,
    is_uuid,
    luhn_ok,
    match_fraction,
    unix_time_unit,
)

# --------------------------------------------------------------------------------------------------
# Independent reference helpers (deliberately not sharing code or tables with the module)
# --------------------------------------------------------------------------------------------------


def cn_id(first17: str) -> str:
    """Append the GB 11643 check char; weights derived as 2**(17-i) mod 11 rather than copied."""
    assert len(first17) == 17 and first17.isdigit()
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(first17))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def with_luhn(body: str) -> str:
    """Append the Luhn check digit: try all ten and keep the one whose doubling sum ends in 0."""
    for d in "0123456789":
        candidate = body + d
        digits = [int(c) for c in candidate[::-1]]
        s = sum(x if i % 2 == 0 else (x * 2 - 9 if x * 2 > 9 else x * 2) for i, x in enumerate(digits))
        if s % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def bump_digit(s: str, index: int) -> str:
    """Change one digit (keeps length and shape, breaks a checksum)."""
    c = s[index]
    return s[:index] + str((int(c) + 1) % 10) + s[index + 1:]


# --------------------------------------------------------------------------------------------------
# CN resident id, US SSN
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("first17", [
    "11010519491231002",  # the GB 11643 worked example (check X)
    "44030419900307123",  # Shenzhen
    "31011520000229004",  # leap day
    "65010220301231001",  # last allowed birth date
    "81000019000101234",  # HK province code, first allowed birth date
])
def test_cn_resident_id_generated_valid(first17):
    value = cn_id(first17)
    assert is_cn_resident_id(value)
    assert is_cn_resident_id(f"  {value.lower()}  ")


def test_cn_resident_id_known_example():
    assert is_cn_resident_id("11010519491231002X")
    assert is_cn_resident_id("11010519491231002x")


def test_cn_resident_id_wrong_checksum():
    good = cn_id("44030419900307123")
    wrong_check = "X" if good[-1] != "X" else "0"
    assert not is_cn_resident_id(good[:-1] + wrong_check)
    assert not is_cn_resident_id(bump_digit(good, 10))


@pytest.mark.parametrize("first17", [
    "10010519491231002",  # province 10 does not exist
    "99010519491231002",  # province 99 neither
    "11010518991231002",  # born 1899
    "11010520310101002",  # born 2031
    "11010519490230002",  # 30 February
    "11010519491301002",  # month 13
    "01010519491231002",  # leading zero
])
def test_cn_resident_id_bad_fields_even_with_right_checksum(first17):
    assert not is_cn_resident_id(cn_id(first17))


def test_cn_resident_id_legacy_15():
    assert is_cn_resident_id("110105491231002")
    assert not is_cn_resident_id("110105491231002", allow_15=False)
    assert not is_cn_resident_id("110105490231002")  # 31 Feb 1949
    assert not is_cn_resident_id("990105491231002")  # bad province


@pytest.mark.parametrize("value", ["", "X", "1101051949123100", "11010519491231002XX", "11010519491231002Y",
                                   "１１０１０５１９４９１２３１００２Ｘ", "None", "null"])
def test_cn_resident_id_shapes_rejected(value):
    assert not is_cn_resident_id(value)


def test_us_ssn():
    assert is_us_ssn("123-45-6789")
    assert is_us_ssn(" 078-05-1120 ")
    for bad in ("000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456", "123-00-4567",
                "123-45-0000", "123456789", "123-456-789", "12-345-6789"):
        assert not is_us_ssn(bad), bad


# --------------------------------------------------------------------------------------------------
# Cards, IBAN
# --------------------------------------------------------------------------------------------------


def test_luhn_ok():
    assert luhn_ok("79927398713")
    assert not luhn_ok("79927398710")
    assert not luhn_ok("")
    assert not luhn_ok("7992-7398-713")
    assert not luhn_ok("²³")  # str.isdigit() would say yes
    assert not luhn_ok(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("number", [
    "4111111111111111", "4012888888881881",  # Visa
    "5555555555554444", "5105105105105100", "2221000000000009",  # Mastercard (51-55 and 2-series)
    "378282246310005", "371449635398431",  # Amex
    "6011111111111117", "6011000990139424",  # Discover
    "3530111333300000", "3566002020360505",  # JCB
    "30569309025904", "38520000023237",  # Diners
    "6200000000000005", "6212345678901232",  # UnionPay
    "4111 1111 1111 1111", "4111-1111-1111-1111",
])
def test_payment_card_valid(number):
    assert is_payment_card(number)


def test_payment_card_generated_per_prefix():
    for prefix in ("4", "51", "55", "2221", "2720", "34", "37", "62", "3528", "3589", "6011", "65",
                   "644", "649", "36", "38", "300", "305", "50", "56", "58", "67"):
        body = prefix + "123456789012345"[: 15 - len(prefix)]
        assert is_payment_card(with_luhn(body)), prefix


@pytest.mark.parametrize("prefix", ["1", "7", "8", "9", "0", "33", "35", "2220", "2721", "59", "306", "39"])
def test_payment_card_luhn_valid_unknown_prefix(prefix):
    number = with_luhn(prefix + "123456789012345"[: 15 - len(prefix)])
    assert luhn_ok(number)
    assert not is_payment_card(number)


def test_payment_card_rejections():
    assert not is_payment_card("4111111111111112")  # Luhn fails
    assert not is_payment_card("0000000000000000")  # all same digit, Luhn-valid
    assert not is_payment_card("4444444444444448"[:-1] + "4")  # all fours
    assert not is_payment_card(with_luhn("4" * 9))  # 10 digits, too short
    assert not is_payment_card(with_luhn("4" + "1" * 18))  # 20 digits, too long
    assert not is_payment_card("4111  1111 1111 1111")  # double separator
    assert not is_payment_card("-4111111111111111")
    assert not is_payment_card("4111.1111.1111.1111")


@pytest.mark.parametrize("iban", [
    "DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
    "GB82 WEST 1234 5698 7654 32", "FR1420041010050500013M02606", "NL91ABNA0417164300",
    "BE68539007547034", "CH9300762011623852957", "AT611904300234573201", "ES9121000418450200051332",
    "IT60X0542811101000000123456", "PL61109010140000071219812874", "NO9386011117947",
    "DK5000400440116243", "FI2112345600000785", "SE4550000000058398257466", "IE29AIBK93115212345678",
    "PT50000201231234567890154", "LU280019400644750000", "gb82west12345698765432",
])
def test_iban_valid(iban):
    assert is_iban(iban)


def test_iban_one_digit_changed_fails():
    good = "DE89370400440532013000"
    for i in range(2, len(good)):
        assert not is_iban(bump_digit(good, i)), i


def test_iban_rejections():
    assert not is_iban("DE8937040044053201300")  # DE must be 22 long
    assert not is_iban("NL91ABNA04171643000")  # NL must be 18 long
    assert not is_iban("GB82WEST1234569876543")
    assert not is_iban("1289370400440532013000")  # no country letters
    assert not is_iban("DEXX370400440532013000")  # check digits not digits
    assert not is_iban("DE89-3704-0044-0532-0130-00")
    assert not is_iban("DE89  3704 0044 0532 0130 00")
    assert not is_iban("hello world")


# --------------------------------------------------------------------------------------------------
# Phones
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "13812345678", "19912345678", "+8613812345678", "+86 13812345678", "+86-138-1234-5678",
    "86 138 1234 5678", "0086 13812345678", "138-1234-5678", "138 1234 5678",
])
def test_cn_mobile_valid(value):
    assert is_cn_mobile(value)
    assert is_phone_number(value)


@pytest.mark.parametrize("value", [
    "12812345678", "23812345678", "1381234567", "138123456789", "138-1234 5678", "138-12345678",
    "+87 13812345678", "１３８１２３４５６７８",
])
def test_cn_mobile_invalid(value):
    assert not is_cn_mobile(value)


@pytest.mark.parametrize("value", [
    "010-62345678", "021-12345678", "0755-1234567", "0755 83765432", "(010)62345678", "(0571) 87654321",
    "010-62345678-123", "010-62345678转801",
    "+44 20 7946 0958", "+44 (0)20 7946 0958", "+49-30-1234567", "+33.1.23.45.67.89", "+15115440700",
    "(212) 555-0123", "212-555-0123", "212.555.0123", "+1 212 555 0123", "1-800-555-0199",
    "212-555-0123 x42", "06 12 34 56 78", "020 7946 0958", "0799 85 34 82", "0705 025 1023", "030-1234-5678",
    "01753 857570", "020 4272100", "0120-123456",  # area code + subscriber number (SOTAB train table 628)
])
def test_phone_valid(value):
    assert is_phone_number(value)


@pytest.mark.parametrize("value", [
    "12345", "123456", "2017-11-25", "2017/11/25", "1511544070", "1411544070", "3.14159", "123456.789",
    "+1234567.89", "01012345678", "02112345678", "99912345678", "+12", "+0 123 456 789", "212-555-012",
    "(212 555-0123", "", "phone", "1511544070000", "+1 (212)) 555-0123", "010-02345678",
    "01 02 2020", "01.02.2020", "0123 4567 8901 2345", "01-23-45", "0012 3456 789", "06 12-34 56 78",
    "0102-2020", "01234 5678", "012 123456789", "2020-123456",
])
def test_phone_invalid(value):
    assert not is_phone_number(value)


# --------------------------------------------------------------------------------------------------
# Email, IP, URL
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "alice@example.com", "a.b+tag@sub.example.co.uk", "first_last-1@my-domain.io", "用户@例子.中国",
    "josé@exämple.de", "x@example.museum", "  bob@example.org ",
])
def test_email_valid(value):
    assert is_email(value)


@pytest.mark.parametrize("value", [
    "foo@bar", "@example.com", "alice@", "a..b@example.com", ".a@example.com", "a.@example.com",
    "a b@example.com", "alice@example.c", "alice@example.123", "alice@-example.com", "alice@@example.com",
    "alice@example..com", "www.example.com", "a" * 65 + "@example.com",
])
def test_email_invalid(value):
    assert not is_email(value)


def test_ipv4():
    for good in ("192.168.1.1", "0.0.0.0", "255.255.255.255", "8.8.8.8"):
        assert is_ipv4(good) and is_ip(good), good
    for bad in ("01.2.3.4", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.4/24", "١.٢.٣.٤", "1.2.3.-4"):
        assert not is_ipv4(bad), bad


def test_ipv6():
    for good in ("::1", "2001:db8::8a2e:370:7334", "2001:0db8:0000:0000:0000:ff00:0042:8329",
                 "::ffff:192.168.1.1", "FE80::1"):
        assert is_ipv6(good) and is_ip(good), good
    for bad in ("2001:db8::g", "1:2", "12345::", "[::1]", "fe80::1%eth0", "abc", "1.2.3.4"):
        assert not is_ipv6(bad), bad
    assert not is_ip("hello")


@pytest.mark.parametrize("value", [
    "https://example.com", "http://example.com/path?q=1#top", "HTTPS://EXAMPLE.COM", "ftp://files.example.org/a.txt",
    "http://localhost:8080/", "http://192.168.0.1/admin", "http://[2001:db8::1]:8080/x", "https://user:pw@host.io/",
    "www.example.com", "www.example.com/path", "//cdn.example.com/lib.js", "https://例子.中国/路径",
])
def test_url_valid(value):
    assert is_url(value)


@pytest.mark.parametrize("value", [
    "hello", "example.com", "example.com/path", "http://", "http:// example.com", "https://exa mple.com",
    "mailto:alice@example.com", "file:///etc/passwd", "//", "//localhost/x", "http://example.com:99999",
    "www.example", "user@www.example.com", "http://[zz::1]/", "// TODO: fix this",
])
def test_url_invalid(value):
    assert not is_url(value)


# --------------------------------------------------------------------------------------------------
# GTIN / ISBN
# --------------------------------------------------------------------------------------------------


def test_gtin():
    assert gtin_ok("4006381333931") and is_gtin("4006381333931")
    assert not is_gtin("4006381333932")
    assert is_gtin("036000291452")  # UPC-A
    assert is_gtin("96385074")  # EAN-8
    assert is_gtin("00012345600012")  # GTIN-14
    assert is_gtin("4 006381 333931")
    assert not is_gtin("0000000000000")  # mod-10 valid, placeholder
    assert not is_gtin("400638133393")  # 12 digits, wrong check
    assert not is_gtin("4006381-333931")
    assert not gtin_ok("4006381333931 ")
    assert not gtin_ok("123456789")  # 9 is not a GTIN length


@pytest.mark.parametrize("value", ["0-306-40615-2", "0306406152", "080442957X", "0-8044-2957-x",
                                   "978-0-306-40615-7", "9780306406157", "ISBN 0-306-40615-2",
                                   "ISBN-13: 978-0-306-40615-7", "979-10-90636-07-1"])
def test_isbn_valid(value):
    assert is_isbn(value)


@pytest.mark.parametrize("value", ["0-306-40615-3", "9780306406158", "4006381333931", "0000000000",
                                   "X306406152", "97803064061X", "0-306--40615-2", "030640615"])
def test_isbn_invalid(value):
    assert not is_isbn(value)


# --------------------------------------------------------------------------------------------------
# Dates, times, timestamps
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "2017-11-25", "2017/11/25", "2017.11.25", "2017-1-5", "20171125", "25/11/2017", "11/25/2017",
    "25.11.2017", "2017年11月25日", "2017年1月5日", "Nov 25, 2017", "November 25, 2017", "nov. 25 2017",
    "25 Nov 2017", "25 November 2017", "25-Nov-2017", "2016-02-29", "9999-12-31",
])
def test_date_valid(value):
    assert is_date(value)


@pytest.mark.parametrize("value", [
    "2017-02-29", "2017-13-01", "2017-00-10", "2017-11-31", "2017-11/25", "20171325", "30000101",
    "18991231", "13/13/2017", "32/01/2017", "0000-00-00", "2017-11-25 10:00:00", "Foo 25, 2017",
    "25 Nov", "1511544070", "2017", "",
])
def test_date_invalid(value):
    assert not is_date(value)


@pytest.mark.parametrize("value", [
    "2017-11-25T10:00:00Z", "2017-11-25T10:00:00", "2017-11-25 10:00:00", "2017-11-25T10:00",
    "2017-11-25T10:00:00.123456+08:00", "2017-11-25T10:00:00-0500", "2017-11-25 10:00:00 +0800",
    "2017/11/25 10:00", "2017年11月25日 10:00", "2017年11月25日10:00:30", "20171125T100000Z",
    "25/11/2017 10:00", "Nov 25, 2017 9:40 PM",
])
def test_datetime_valid(value):
    assert is_datetime(value)


@pytest.mark.parametrize("value", [
    "2017-11-25", "2017-11-25T25:00:00", "2017-11-25 10:60", "2017-02-30 10:00", "25/11/2017T10:00",
    "2017-11-25T10:00:00+15:00", "10:00", "2017-11-25 10", "1511544070", "2017-11-25 10:00 PM Z",
])
def test_datetime_invalid(value):
    assert not is_datetime(value)


def test_time_of_day():
    for good in ("10:00", "10:00:59", "7:10 a.m.", "9:40 PM", "23:59", "00:00", "12:30pm", "10:00:59.250"):
        assert is_time_of_day(good), good
    for bad in ("24:00", "23:60", "10:00:60", "13:00 PM", "0:30 AM", "3:1", "1000", "10.00", "10:00 XM"):
        assert not is_time_of_day(bad), bad


def test_unix_time_unit():
    assert unix_time_unit("1511544070") == "s"
    assert unix_time_unit("1511544070000") == "ms"
    assert unix_time_unit(1511544070) == "s"
    assert unix_time_unit("1511544070.0") == "s"
    assert unix_time_unit(1511544070000.0) == "ms"
    assert unix_time_unit("946684800") == "s"  # 2000-01-01
    assert unix_time_unit("2082758399") == "s"  # 2035-12-31T23:59:59
    assert unix_time_unit("946684799") is None  # one second too early
    assert unix_time_unit("2082758400") is None
    assert unix_time_unit("1511544070.5") is None
    assert unix_time_unit("-1511544070") is None
    assert unix_time_unit("01511544070") is None
    assert unix_time_unit("15115440700") is None  # between the windows
    assert unix_time_unit("1511544070000000") is None  # microseconds are not claimed
    assert unix_time_unit("123") is None
    assert unix_time_unit(True) is None  # type: ignore[arg-type]
    assert unix_time_unit("2017-11-25") is None


# --------------------------------------------------------------------------------------------------
# Postal codes, hashes, uuid
# --------------------------------------------------------------------------------------------------


def test_postal_codes():
    assert is_postal_code_cn("310000") and is_postal_code_cn("100080") and is_postal_code_cn("050000")
    assert not is_postal_code_cn("910000") and not is_postal_code_cn("31000") and not is_postal_code_cn("3100000")
    assert is_us_zip("10001") and is_us_zip("94105-1234")
    assert not is_us_zip("1000") and not is_us_zip("94105-12") and not is_us_zip("941051234")


def test_hashes_and_uuid():
    md5 = "d41d8cd98f00b204e9800998ecf8427e"
    sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"
    assert is_md5(md5) and is_md5(md5.upper()) and not is_sha1(md5)
    assert is_sha1(sha1) and not is_md5(sha1)
    assert not is_md5(md5[:-1] + "g")
    assert not is_md5("1" * 32)  # all decimal: a number, not a digest
    uid = "123e4567-e89b-12d3-a456-426614174000"
    assert is_uuid(uid) and is_uuid(uid.upper()) and is_uuid("00000000-0000-0000-0000-000000000000")
    for bad in ("123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
                "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-42661417400g"):
        assert not is_uuid(bad), bad


# --------------------------------------------------------------------------------------------------
# Geo
# --------------------------------------------------------------------------------------------------


def test_lat_lng():
    assert is_lat("30.274085") and is_lat("-90.0000") and is_lat("+45.1234") and is_lat("0.0001")
    assert is_lng("120.155070") and is_lng("-180.0000") and is_lng("179.99999")
    assert not is_lat("120.155070")  # out of latitude range
    assert not is_lat("90.0001") and not is_lng("180.0001")
    assert not is_lat("30.27") and not is_lng("120.155")  # too imprecise
    assert not is_lat("30") and not is_lat("030.2740") and not is_lat("1e1") and not is_lat("NaN")


def test_lat_lng_pair():
    for good in ("30.274085,120.155070", "30.274085, 120.155070", "120.155070,30.274085", "(30.2741, 120.1551)",
                 "[-33.8688, 151.2093]"):
        assert is_lat_lng_pair(good), good
    for bad in ("30.27,120.15", "200.1234,100.1234", "100.1234,100.1234", "30.2741;120.1551",
                "30.2741,120.1551,1.0000", "(30.2741, 120.1551", "30.2741 120.1551", ","):
        assert not is_lat_lng_pair(bad), bad


# --------------------------------------------------------------------------------------------------
# Device ids
# --------------------------------------------------------------------------------------------------


def test_imei():
    assert is_imei("490154203237518")
    assert is_imei(with_luhn("35209900176148"))
    assert not is_imei("490154203237519")
    assert not is_imei("000000000000000")
    assert not is_imei("49015420323751")
    assert not is_imei("49-015420-323751-8")


def test_mac():
    for good in ("00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001A2B3C4D5E", "001a.2b3c.4d5e", "ff:ff:ff:ff:ff:ff"):
        assert is_mac(good), good
    for bad in ("123456789012", "00:1A-2B:3C:4D:5E", "00:1A:2B:3C:4D", "00:1A:2B:3C:4D:5G", "001A2B3C4D5E6F"):
        assert not is_mac(bad), bad


def test_idfa_is_uuid_shaped():
    assert is_idfa("6D92078A-8246-4BA4-AE5B-76104861E7DC")
    assert is_idfa("6d92078a-8246-4ba4-ae5b-76104861e7dc")
    assert not is_idfa("6D92078A82464BA4AE5B76104861E7DC")


# --------------------------------------------------------------------------------------------------
# Currency
# --------------------------------------------------------------------------------------------------


def test_currency():
    for good in ("CNY", "USD", "EUR", "JPY", "GBP", "HKD", "TWD", "KRW", "RMB", "usd", " eur ", "¥", "￥", "$", "€", "£"):
        assert is_currency_code(good), good
    for bad in ("XYZ", "Usd", "US", "USDD", "dollar", "$$", "¥100", "", "None"):
        assert not is_currency_code(bad), bad


# --------------------------------------------------------------------------------------------------
# Registry and match_fraction
# --------------------------------------------------------------------------------------------------

REGISTRY_EXAMPLES = {
    "national_id": ("11010519491231002X", "110105194912310021"),
    "bank_card": ("4111111111111111", "4111111111111112"),
    "phone_number": ("13812345678", "1511544070"),
    "email": ("alice@example.com", "alice@example"),
    "ip_address": ("10.0.0.1", "10.0.0.256"),
    "url": ("https://example.com", "example"),
    "item_id_gtin": ("4006381333931", "4006381333932"),
    "geo_coordinate": ("30.274085", "30.27"),
    "device_id": ("490154203237518", "490154203237519"),
    "date": ("2017-11-25", "2017-11-31"),
    "timestamp": ("2017-11-25 10:00:00", "2017-11-25"),
    "postal_code": ("310000", "3100"),
    "currency": ("CNY", "XYZ"),
}


def test_registry_keys():
    assert set(STRICT_VALIDATORS) == set(REGISTRY_EXAMPLES)


@pytest.mark.parametrize("name", sorted(REGISTRY_EXAMPLES))
def test_registry_entries(name):
    good, bad = REGISTRY_EXAMPLES[name]
    check = STRICT_VALIDATORS[name]
    assert check(good) is True
    assert check(bad) is False


def test_registry_composites():
    assert STRICT_VALIDATORS["national_id"]("123-45-6789")
    assert STRICT_VALIDATORS["bank_card"]("DE89370400440532013000")
    assert STRICT_VALIDATORS["item_id_gtin"]("0-306-40615-2")
    assert STRICT_VALIDATORS["geo_coordinate"]("30.274085,120.155070")
    assert STRICT_VALIDATORS["geo_coordinate"]("120.155070")
    assert STRICT_VALIDATORS["device_id"]("00:1A:2B:3C:4D:5E")
    assert STRICT_VALIDATORS["device_id"]("6D92078A-8246-4BA4-AE5B-76104861E7DC")
    assert STRICT_VALIDATORS["timestamp"]("1511544070")
    assert STRICT_VALIDATORS["timestamp"]("1511544070000")
    assert STRICT_VALIDATORS["postal_code"]("94105-1234")


def test_match_fraction():
    values = ["alice@example.com", "bob@example.org", "not an email", "", "   ", None, "carol@example.net"]
    assert match_fraction(values, is_email) == (3, 4)
    assert match_fraction([], is_email) == (0, 0)
    assert match_fraction(iter(["13812345678", "2017-11-25"]), is_phone_number) == (1, 2)
    assert match_fraction([1511544070, 42], lambda v: unix_time_unit(v) == "s") == (1, 2)


# --------------------------------------------------------------------------------------------------
# Never raise, whatever comes in
# --------------------------------------------------------------------------------------------------

FAMILIES = {
    "ids": (is_cn_resident_id, lambda v: is_cn_resident_id(v, allow_15=False), is_us_ssn),
    "cards": (luhn_ok, is_payment_card, is_iban),
    "phones": (is_cn_mobile, is_phone_number),
    "net": (is_email, is_ipv4, is_ipv6, is_ip, is_url),
    "codes": (gtin_ok, is_gtin, is_isbn),
    "time": (is_date, is_datetime, is_time_of_day, unix_time_unit),
    "postal_hash": (is_postal_code_cn, is_us_zip, is_md5, is_sha1, is_uuid),
    "geo": (is_lat, is_lng, is_lat_lng_pair),
    "device": (is_imei, is_mac, is_idfa),
    "currency": (is_currency_code,),
    "registry": tuple(STRICT_VALIDATORS.values()),
}

# Arbitrary Unicode, arbitrary bytes seen as latin-1, and text built from the characters these formats
# use (so the fuzzing also reaches checksum and calendar code, not only the first regex).
FORMAT_ALPHABET = "0123456789 -+()./:@_#xXTZtzAaPpMm年月日号转[]%,;\t\n\u3000０１²"
ANY_TEXT = st.one_of(
    st.text(),
    st.binary().map(lambda b: b.decode("latin-1")),
    st.text(alphabet=FORMAT_ALPHABET, max_size=40),
)


def _assert_never_raises(family: str, value: object) -> None:
    for check in FAMILIES[family]:
        result = check(value)
        assert result is None or isinstance(result, (bool, str)), (check, value, result)


@pytest.mark.parametrize("family", sorted(FAMILIES))
@settings(max_examples=200, deadline=None)
@given(value=ANY_TEXT)
def test_never_raises_on_text(family, value):
    _assert_never_raises(family, value)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_never_raises_on_odd_inputs(family):
    huge_digits = "4" * (MAX_LEN + 1)
    odd = [None, "None", "null", "NaN", "", " ", "\x00", True, 0, -1, 1.5, float("nan"), float("inf"),
           Decimal("1E+5000"), 10 ** 5000, b"13812345678", ["13812345678"], object(), huge_digits,
           "1" * 100_000, "2017-11-25" + " " * 10_000]
    for value in odd:
        _assert_never_raises(family, value)
    for check in FAMILIES[family]:
        assert not check(huge_digits)


def test_length_cap_applies_before_stripping():
    padded = " " * MAX_LEN + "13812345678"
    assert not is_phone_number(padded)
    assert is_phone_number(" " * 10 + "13812345678")


def test_public_names_exported():
    for name in V.__all__:
        assert hasattr(V, name), name


def test_compact_date_hour():
    from tools.classify.validators import is_compact_date_hour

    for good in ("14102100", "14102123", "2023102114", "1998123100"):
        assert is_compact_date_hour(good), good
    for bad in ("14102124", "14133100", "14022900", "1410210", "3023102114", "1511544070", "abcdefgh", ""):
        assert not is_compact_date_hour(bad), bad
