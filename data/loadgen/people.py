"""Persons and businesses: valid, unique Thai identifiers and phone numbers, Thai names.

Identifier ``k`` (0, 1, 2, ... over all runs of the generator) maps to a 13-digit
number through a bijection, so millions of them are unique without a lookup table:
the 11 digits after the first are ``(k * 7919 + 104729) mod 10**11`` (7919 is prime
to 10, so the map is one-to-one), and the last digit is the mod-11 check digit of
``stdnum.th.pin`` / ``stdnum.th.moa``. Phones use the same idea on 8 digits.
"""
from stdnum.th import moa, pin

FIRST_NAMES = [
    ("สมชาย", "Somchai"), ("สมหญิง", "Somying"), ("สุดา", "Suda"), ("ประเสริฐ", "Prasert"),
    ("วิไล", "Wilai"), ("อนันต์", "Anan"), ("มาลี", "Mali"), ("ธนพล", "Thanaphon"),
    ("กาญจนา", "Kanchana"), ("ณัฐวุฒิ", "Nattawut"), ("พิมพ์ชนก", "Phimchanok"), ("ศักดิ์ชัย", "Sakchai"),
    ("รัตนา", "Rattana"), ("วีระ", "Wira"), ("จันทร์เพ็ญ", "Chanphen"), ("ชัยวัฒน์", "Chaiwat"),
    ("นงลักษณ์", "Nonglak"), ("บุญมี", "Bunmi"), ("ปิยะ", "Piya"), ("อรุณี", "Aruni"),
    ("กิตติ", "Kitti"), ("สุภาพร", "Suphaphon"), ("ทองดี", "Thongdi"), ("เพ็ญศรี", "Phensri"),
    ("วรวุฒิ", "Worawut"), ("ศิริพร", "Siriphon"), ("เอกชัย", "Ekkachai"), ("ลำดวน", "Lamduan"),
    ("ธีรวัฒน์", "Thirawat"), ("อัญชลี", "Anchali"), ("ภานุวัฒน์", "Phanuwat"), ("ขวัญใจ", "Khwanchai"),
]
LAST_NAMES = [
    ("ใจดี", "Jaidee"), ("รักไทย", "Rakthai"), ("ศรีสุข", "Srisuk"), ("วงศ์สวัสดิ์", "Wongsawat"),
    ("บุญเรือง", "Bunrueang"), ("แก้วมณี", "Kaewmani"), ("สุขสวัสดิ์", "Suksawat"), ("ทองคำ", "Thongkham"),
    ("พรหมมา", "Phromma"), ("จันทร์หอม", "Chanhom"), ("สายทอง", "Saithong"), ("มั่นคง", "Mankhong"),
    ("ศรีวงศ์", "Sriwong"), ("อินทร์แก้ว", "Inkaew"), ("ประเสริฐสุข", "Prasertsuk"), ("เพชรรัตน์", "Phetcharat"),
    ("นาคสุข", "Naksuk"), ("บัวทอง", "Buathong"), ("ชัยมงคล", "Chaimongkhon"), ("ดวงแก้ว", "Duangkaew"),
    ("สมบูรณ์", "Sombun"), ("เจริญผล", "Charoenphon"), ("ทองมา", "Thongma"), ("ปัญญาดี", "Panyadi"),
    ("รุ่งเรือง", "Rungrueang"), ("สิทธิโชค", "Sitthichok"), ("คงเจริญ", "Khongcharoen"), ("ศรีทอง", "Srithong"),
    ("มณีวงศ์", "Maniwong"), ("อ่อนศรี", "Onsri"), ("พูลสวัสดิ์", "Phunsawat"), ("ยอดเมือง", "Yotmueang"),
]
BUSINESS_KINDS = ["บริษัท %s การค้า จำกัด", "ห้างหุ้นส่วนจำกัด %s ก่อสร้าง", "บริษัท %s ฟู้ดส์ จำกัด",
                  "บริษัท %s เทคโนโลยี จำกัด", "ร้าน %s พาณิชย์"]


def _scramble(k, modulus, prime=7919, offset=104729):
    return (k * prime + offset) % modulus


def national_id(k):
    """The k-th generated citizen ID: first digit 1-8 (never 0 or 9), valid check digit."""
    first = str(1 + k % 8)
    body = first + "%011d" % _scramble(k // 8, 10 ** 11)
    return body + pin.calc_check_digit(body)


def juristic_id(k):
    """The k-th generated juristic ID: starts with 0 (stdnum.th.moa), valid check digit."""
    body = "0" + "%011d" % _scramble(k, 10 ** 11, prime=104723, offset=7)
    return body + moa.calc_check_digit(body)


def mobile(k):
    """The k-th generated mobile number, digits only as the front desk types it: 06/08/09 + 8 digits."""
    return "0" + "689"[k % 3] + "%08d" % _scramble(k // 3, 10 ** 8)


def person_name(k):
    first = FIRST_NAMES[k % len(FIRST_NAMES)]
    last = LAST_NAMES[(k // len(FIRST_NAMES) + k * 7) % len(LAST_NAMES)]
    return first, last


def business_name(k):
    last = LAST_NAMES[k % len(LAST_NAMES)][0]
    return BUSINESS_KINDS[(k // len(LAST_NAMES)) % len(BUSINESS_KINDS)] % ("%s %d" % (last, k))
