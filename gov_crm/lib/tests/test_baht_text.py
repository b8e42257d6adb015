"""Amounts in Thai words, as the official receipt writes them."""
from unittest import TestCase

from lib.baht_text import bahttext, thai_number

# amount -> words: the table the receipts are checked against (test_receipt_pdf uses it too)
AMOUNTS = [
    (0.25, "ยี่สิบห้าสตางค์"),
    (1, "หนึ่งบาทถ้วน"),
    (11, "สิบเอ็ดบาทถ้วน"),
    (21, "ยี่สิบเอ็ดบาทถ้วน"),
    (21.25, "ยี่สิบเอ็ดบาทยี่สิบห้าสตางค์"),
    (62.75, "หกสิบสองบาทเจ็ดสิบห้าสตางค์"),
    (100, "หนึ่งร้อยบาทถ้วน"),
    (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
    (1000.01, "หนึ่งพันบาทหนึ่งสตางค์"),
    (250000, "สองแสนห้าหมื่นบาทถ้วน"),
    (1000001.50, "หนึ่งล้านเอ็ดบาทห้าสิบสตางค์"),
    (21000000, "ยี่สิบเอ็ดล้านบาทถ้วน"),
]


class TestBahtText(TestCase):

    def test_table(self):
        for amount, words in AMOUNTS:
            self.assertEqual(bahttext(amount), words, amount)

    def test_more(self):
        self.assertEqual(bahttext(0), "ศูนย์บาทถ้วน")
        self.assertEqual(bahttext(0.01), "หนึ่งสตางค์")
        self.assertEqual(bahttext(10), "สิบบาทถ้วน")
        self.assertEqual(bahttext(1000000), "หนึ่งล้านบาทถ้วน")
        self.assertEqual(bahttext(10000000), "สิบล้านบาทถ้วน")
        self.assertEqual(bahttext(1234567.89), "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทแปดสิบเก้าสตางค์")
        self.assertEqual(bahttext(10 ** 12), "หนึ่งล้านล้านบาทถ้วน")
        self.assertEqual(bahttext(2000001000000), "สองล้านเอ็ดล้านบาทถ้วน")
        self.assertEqual(bahttext(-50), "ลบห้าสิบบาทถ้วน")
        self.assertEqual(bahttext(0.125), "สิบสามสตางค์")  # rounded half up to the satang
        self.assertEqual(thai_number(111), "หนึ่งร้อยสิบเอ็ด")
        with self.assertRaises(ValueError):
            thai_number(-1)
