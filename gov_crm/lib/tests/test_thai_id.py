"""National and juristic identifiers: check digit, layout, masking."""
import pytest

from lib import thai_id

# valid national IDs (the first is the example of the Thai ID card layout); each with a wrong
# last digit is invalid
NATIONAL = ["1101700230708", "3100600445635", "1234567890121"]
JURISTIC = ["0105536092641", "0994000165510"]


@pytest.mark.parametrize("number", NATIONAL)
def test_valid_national_ids(number):
    assert thai_id.is_valid_national_id(number)
    assert thai_id.check_digit(number[:12]) == number[-1]
    wrong = number[:12] + str((int(number[-1]) + 1) % 10)
    assert thai_id.id_problem(wrong) == thai_id.BAD_CHECK_DIGIT


@pytest.mark.parametrize("number", JURISTIC)
def test_valid_juristic_ids(number):
    assert thai_id.is_valid_juristic_id(number)
    assert not thai_id.is_valid_national_id(number)  # a national ID never starts with 0
    assert thai_id.is_valid_tax_id(number)


def test_problems_in_order():
    assert thai_id.id_problem("11017002307O8") == thai_id.NOT_DIGITS
    assert thai_id.id_problem("") == thai_id.NOT_DIGITS
    assert thai_id.id_problem(None) == thai_id.NOT_DIGITS
    assert thai_id.id_problem("110170023070") == thai_id.BAD_LENGTH
    assert thai_id.id_problem("9101700230708") == thai_id.BAD_FIRST_DIGIT
    assert thai_id.id_problem("0101700230708") == thai_id.BAD_FIRST_DIGIT
    assert thai_id.id_problem("1105536092641", thai_id.JURISTIC) == thai_id.BAD_FIRST_DIGIT
    assert thai_id.id_problem("0105536092642", thai_id.JURISTIC) == thai_id.BAD_CHECK_DIGIT
    assert thai_id.id_problem("1101700230708") is None


def test_compact_format_and_mask():
    assert thai_id.compact_id(" 1-1017-00230-70-8 ") == "1101700230708"
    assert thai_id.compact_id("1.1017.00230.70.8") == "1101700230708"
    assert thai_id.compact_id(1101700230708) == "1101700230708"
    assert thai_id.compact_id(False) == "" and thai_id.compact_id(True) == ""
    assert thai_id.format_id("1101700230708") == "1-1017-00230-70-8"
    assert thai_id.format_id("12345") == "12345"
    assert thai_id.format_id(False) is False
    assert thai_id.mask_id("1101700230708") == "x-xxxx-xxxxx-70-8"
    assert thai_id.mask_id("") == ""


def test_mask_ids_in_text():
    text = "ผู้ยื่น 1-1017-00230-70-8 บริษัท 0105536092641 โทร 0812345678 เลขผิด 1101700230709"
    assert thai_id.mask_ids_in_text(text) == (
        "ผู้ยื่น x-xxxx-xxxxx-70-8 บริษัท x-xxxx-xxxxx-64-1 โทร 0812345678 เลขผิด 1101700230709")
    assert thai_id.mask_ids_in_text(None) is None
