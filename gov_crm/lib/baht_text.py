"""An amount of baht in Thai words, as written on a receipt (ใบเสร็จรับเงิน).

``bahttext(100) == "หนึ่งร้อยบาทถ้วน"``, ``bahttext(21.25) == "ยี่สิบเอ็ดบาทยี่สิบห้าสตางค์"``,
``bahttext(0.25) == "ยี่สิบห้าสตางค์"``, ``bahttext(1000001.5) == "หนึ่งล้านเอ็ดบาทห้าสิบสตางค์"``.

The rules of written Thai numbers: 2 in the tens place is ยี่ (ยี่สิบ), 1 in the tens place is
only สิบ, 1 in the units place is เอ็ด when a higher digit of the same number precedes it
(สิบเอ็ด, หนึ่งร้อยเอ็ด, หนึ่งล้านเอ็ด) and หนึ่ง otherwise; numbers of a million or more
repeat the word ล้าน for each six digits (หนึ่งล้านล้าน = 10^12).
"""
from decimal import ROUND_HALF_UP, Decimal

DIGITS = ["ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]
PLACES = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"]


def _below_million(number, after_higher):
    """Words of 0 < number < 1,000,000; ``after_higher`` when a higher group precedes it."""
    words = []
    digits = str(number)
    size = len(digits)
    for index, char in enumerate(digits):
        digit, place = int(char), size - index - 1
        if not digit:
            continue
        if place == 1:
            words.append({1: "", 2: "ยี่"}.get(digit, DIGITS[digit]) + "สิบ")
        elif place == 0 and digit == 1 and (size > 1 or after_higher):
            words.append("เอ็ด")
        else:
            words.append(DIGITS[digit] + PLACES[place])
    return "".join(words)


def thai_number(number):
    """Words of a non-negative whole number: 21 -> 'ยี่สิบเอ็ด', 1000001 -> 'หนึ่งล้านเอ็ด'."""
    if number < 0:
        raise ValueError("thai_number takes a non-negative number")
    if number == 0:
        return DIGITS[0]
    millions, rest = divmod(number, 1000000)
    words = thai_number(millions) + "ล้าน" if millions else ""
    if rest:
        words += _below_million(rest, bool(millions))
    return words


def bahttext(amount):
    """The amount in baht and satang in Thai words (negative amounts start with ลบ)."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    prefix = "ลบ" if value < 0 else ""
    baht, satang = divmod(int(abs(value) * 100), 100)
    if not baht and not satang:
        return "ศูนย์บาทถ้วน"
    text = thai_number(baht) + "บาท" if baht else ""
    text += thai_number(satang) + "สตางค์" if satang else "ถ้วน"
    return prefix + text
