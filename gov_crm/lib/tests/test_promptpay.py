"""The Thai QR bill-payment payload, checked against the CRC's check value and payloads banks issued."""
from decimal import Decimal
from unittest import TestCase

from lib import promptpay as thai_qr

# Bill-payment (tag 30) payloads issued by Thai banks' systems, published in open-source projects'
# tests and documentation; their CRCs were computed by the issuers.
PUBLISHED = [
    # a Krungthai shop QR: biller 010753700088205 with a suffix, two references, a terminal label
    "00020101021130730016A0000006770101120115010753700088205021916151060181105030020307PIRASIT53037645802TH"
    "620807040000630443A3",
    # a static bill payment with reference 1 only
    "00020101021130510016A000000677010112011501055230093500202085555890053037645802TH6304A648",
]
# a PromptPay credit transfer (tag 29) to a mobile number, 50.00 baht
CREDIT_TRANSFER = "00020101021229370016A000000677010111011300669141854015303764540550.005802TH630401F8"


class TestThaiQr(TestCase):

    def test_crc16_check_value(self):
        self.assertEqual(thai_qr.crc16("123456789"), 0x29B1)
        self.assertEqual(thai_qr.crc16(b""), 0xFFFF)

    def test_published_payloads_have_a_valid_crc(self):
        for payload in PUBLISHED + [CREDIT_TRANSFER]:
            parsed = thai_qr.parse_payload(payload)
            self.assertTrue(parsed["crc_ok"], payload)
            self.assertEqual("%04X" % thai_qr.crc16(payload[:-4]), payload[-4:])
        krungthai = thai_qr.parse_payload(PUBLISHED[0])
        self.assertEqual(krungthai["account"]["00"], thai_qr.BILL_PAYMENT_AID)
        self.assertEqual(krungthai["account"]["01"], "010753700088205")
        self.assertEqual((krungthai["fields"]["53"], krungthai["fields"]["58"]), ("764", "TH"))
        transfer = thai_qr.parse_payload(CREDIT_TRANSFER)
        self.assertEqual(transfer["account"]["00"], thai_qr.CREDIT_TRANSFER_AID)
        self.assertEqual(transfer["amount"], Decimal("50.00"))

    def test_a_corrupted_payload_fails_its_crc(self):
        tampered = PUBLISHED[1].replace("5555", "5556")
        self.assertFalse(thai_qr.parse_payload(tampered)["crc_ok"])

    def test_bill_payment_payload(self):
        payload = thai_qr.bill_payment_payload("099400099900301", "OSS-2569-000123", 62.75, "PR2569000045")
        self.assertEqual(
            payload[:-4],
            "000201" "010212"
            "3072" "0016A000000677010112" "0115099400099900301" "0213OSS2569000123" "0312PR2569000045"
            "5303764" "540562.75" "5802TH" "6304")
        parsed = thai_qr.parse_payload(payload)
        self.assertTrue(parsed["crc_ok"])
        self.assertEqual(list(parsed["fields"]), ["00", "01", "30", "53", "54", "58", "63"])
        self.assertEqual(dict(parsed["account"]), {"00": "A000000677010112", "01": "099400099900301",
                                                   "02": "OSS2569000123", "03": "PR2569000045"})
        self.assertEqual(parsed["amount"], Decimal("62.75"))

    def test_amounts_are_written_to_the_satang(self):
        def amount(value):
            return thai_qr.parse_payload(thai_qr.bill_payment_payload("099400099900301", "A1", value))["fields"]["54"]
        self.assertEqual([amount(v) for v in (1, 0.5, 1000001.5, 21.255, "12.3")],
                         ["1.00", "0.50", "1000001.50", "21.26", "12.30"])

    def test_refusals(self):
        with self.assertRaises(thai_qr.ThaiQrError):
            thai_qr.bill_payment_payload("0994000999003", "A1", 10)  # the tax ID without its suffix
        with self.assertRaises(thai_qr.ThaiQrError):
            thai_qr.bill_payment_payload("099400099900301", "A" * 21, 10)
        with self.assertRaises(thai_qr.ThaiQrError):
            thai_qr.bill_payment_payload("099400099900301", "-", 10)
        with self.assertRaises(thai_qr.ThaiQrError):
            thai_qr.bill_payment_payload("099400099900301", "A1", 0)
        with self.assertRaises(thai_qr.ThaiQrError):
            thai_qr.parse_payload("000201")
        self.assertEqual(thai_qr.reference("oss-2569-000123"), "OSS2569000123")
