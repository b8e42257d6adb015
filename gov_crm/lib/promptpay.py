"""Thai QR Payment codes: the EMVCo merchant-presented payload in its bill-payment form.

The payload is a string of TLV fields (two-digit tag, two-digit length, value). A bill
payment puts the biller's account in tag 30:

====  ==============================================  ==========================
tag   field                                           value here
====  ==============================================  ==========================
00    payload format indicator                        ``01``
01    point of initiation                             ``12`` (one bill, with its amount)
30    merchant account: 00 application ID             ``A000000677010112`` (bill payment)
      01 biller ID                                    tax ID (13 digits) + suffix (2)
      02 reference 1                                  the tracking number
      03 reference 2                                  the payment request number
53    transaction currency (ISO 4217)                 ``764`` (baht)
54    amount                                          ``1234.50``
58    country                                         ``TH``
63    CRC16-CCITT (poly 0x1021, init 0xFFFF) of the   4 upper-case hex digits
      whole payload up to and including ``6304``
====  ==============================================  ==========================

References are upper-case letters and digits, at most 20 (what Thai banks accept for
bill payments): :func:`reference` turns ``OSS-2569-000123`` into ``OSS2569000123``.
"""
import re
from collections import OrderedDict
from decimal import ROUND_HALF_UP, Decimal

BILL_PAYMENT_AID = "A000000677010112"
CREDIT_TRANSFER_AID = "A000000677010111"
CURRENCY_THB = "764"
COUNTRY_TH = "TH"
REFERENCE_RE = re.compile(r"^[A-Z0-9]{1,20}$")
BILLER_ID_RE = re.compile(r"^\d{15}$")


class ThaiQrError(ValueError):
    """A payload that cannot be built or read."""


def crc16(data):
    """CRC-16/CCITT-FALSE of ``data`` (str or bytes): poly 0x1021, init 0xFFFF, no reflection.

    ``crc16("123456789") == 0x29B1``, the check value of the algorithm.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def tlv(tag, value):
    value = str(value)
    if len(value) > 99:
        raise ThaiQrError("field %s is longer than 99 characters" % tag)
    return "%s%02d%s" % (tag, len(value), value)


def reference(text):
    """A bill-payment reference from ``text``: its letters and digits, upper-case."""
    value = re.sub(r"[^A-Za-z0-9]", "", text or "").upper()
    if not REFERENCE_RE.match(value):
        raise ThaiQrError("a reference needs 1 to 20 letters or digits, not %r" % text)
    return value


def format_amount(amount):
    """1234.5 -> '1234.50' (rounded half up to the satang)."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value <= 0:
        raise ThaiQrError("the amount must be positive, not %s" % amount)
    return "%s" % value


def bill_payment_payload(biller_id, ref1, amount, ref2=None):
    """The payload of a Thai QR bill payment of ``amount`` baht to ``biller_id`` for ``ref1``."""
    if not BILLER_ID_RE.match(biller_id or ""):
        raise ThaiQrError("the biller ID is the 13-digit tax ID and a 2-digit suffix, not %r" % biller_id)
    account = tlv("00", BILL_PAYMENT_AID) + tlv("01", biller_id) + tlv("02", reference(ref1))
    if ref2:
        account += tlv("03", reference(ref2))
    body = (tlv("00", "01") + tlv("01", "12") + tlv("30", account) + tlv("53", CURRENCY_THB)
            + tlv("54", format_amount(amount)) + tlv("58", COUNTRY_TH) + "6304")
    return body + "%04X" % crc16(body)


def parse_tlv(text):
    """'000201...' -> OrderedDict of tag -> value (one level)."""
    fields, position = OrderedDict(), 0
    while position < len(text):
        tag, length = text[position:position + 2], text[position + 2:position + 4]
        if len(tag) < 2 or not length.isdigit():
            raise ThaiQrError("malformed field at position %d" % position)
        end = position + 4 + int(length)
        if end > len(text):
            raise ThaiQrError("field %s runs past the end of the payload" % tag)
        fields[tag] = text[position + 4:end]
        position = end
    return fields


def parse_payload(payload):
    """Read a Thai QR payload back: its fields, with tag 29 or 30 opened, after checking its CRC.

    Returns a dict: ``fields`` (top level), ``account`` (the sub-fields of tag 30 or 29),
    ``amount`` (Decimal or None), ``crc`` (as written) and ``crc_ok``.
    """
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise ThaiQrError("the payload does not end with a CRC field (6304)")
    fields = parse_tlv(payload)
    account_tag = "30" if "30" in fields else "29"
    account = parse_tlv(fields[account_tag]) if account_tag in fields else OrderedDict()
    crc = payload[-4:]
    return {
        "fields": fields,
        "account": account,
        "amount": Decimal(fields["54"]) if "54" in fields else None,
        "crc": crc,
        "crc_ok": crc.upper() == "%04X" % crc16(payload[:-4]),
    }
