"""Thai identifiers: the 13-digit national ID of a person and the juristic ID of a business.

Both carry a check digit: the first twelve digits weighted 13 down to 2, the check digit is
``(11 - sum % 11) % 10``. A national ID never starts with 0 or 9; a juristic ID starts with 0.
"""
import re

NATIONAL = "national"
JURISTIC = "juristic"
# why a value is not an identifier (:func:`id_problem`)
NOT_DIGITS = "not_digits"
BAD_LENGTH = "bad_length"
BAD_FIRST_DIGIT = "bad_first_digit"
BAD_CHECK_DIGIT = "bad_check_digit"
ID_LENGTH = 13


def compact_id(value):
    """Digits of an identifier typed with spaces, dashes or dots; other characters kept.

    A number becomes its digits; anything else that is not text (False, None, a list of
    names) gives "", so callers can test ``compact_id(x).isdigit()`` on any value.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return ""
    return re.sub(r"[\s\-.]", "", value)


def check_digit(first_twelve):
    """The check digit (a one-character string) of the first twelve digits."""
    total = sum((ID_LENGTH - index) * int(digit) for index, digit in enumerate(first_twelve[:12]))
    return str((11 - total % 11) % 10)


def id_problem(value, kind=NATIONAL):
    """None when ``value`` (compact digits) is a valid identifier of ``kind``, else the reason:
    NOT_DIGITS, BAD_LENGTH, BAD_FIRST_DIGIT or BAD_CHECK_DIGIT (checked in that order)."""
    if not isinstance(value, str) or not value.isdigit():
        return NOT_DIGITS
    if len(value) != ID_LENGTH:
        return BAD_LENGTH
    if (value[0] in "09") if kind == NATIONAL else (value[0] != "0"):
        return BAD_FIRST_DIGIT
    if value[-1] != check_digit(value):
        return BAD_CHECK_DIGIT
    return None


def is_valid_national_id(value):
    """True for a valid 13-digit national ID (compact digits)."""
    return id_problem(value, NATIONAL) is None


def is_valid_juristic_id(value):
    """True for a valid 13-digit juristic ID (compact digits)."""
    return id_problem(value, JURISTIC) is None


def is_valid_tax_id(value):
    """True for a valid 13-digit tax ID: a person's national ID or a business's juristic ID."""
    return is_valid_national_id(value) or is_valid_juristic_id(value)


def format_id(digits):
    """1101700230708 -> 1-1017-00230-70-8 (the layout printed on Thai ID cards and certificates);
    anything that is not 13 digits is returned as it is."""
    if not digits or not isinstance(digits, str) or len(digits) != ID_LENGTH or not digits.isdigit():
        return digits
    return "-".join((digits[:1], digits[1:5], digits[5:10], digits[10:12], digits[12:]))


def mask_id(digits):
    """1101700230708 -> x-xxxx-xxxxx-70-8: only the last three digits stay visible."""
    if not digits:
        return digits
    shown = format_id(digits)
    head, tail = shown[:-4], shown[-4:]
    return re.sub(r"\d", "x", head) + tail


# 13 digits, each optionally followed by one space, dash or dot (1-1017-00230-70-8)
ID_IN_TEXT = re.compile(r"(?<!\d)(?:\d[ \-.]?){12}\d(?!\d)")


def mask_ids_in_text(text):
    """The text with every valid national or juristic ID in it masked (x-xxxx-xxxxx-70-8)."""
    if not text or not isinstance(text, str):
        return text

    def replace(match):
        digits = compact_id(match.group(0))
        if is_valid_national_id(digits) or is_valid_juristic_id(digits):
            return mask_id(digits)
        return match.group(0)
    return ID_IN_TEXT.sub(replace, text)
