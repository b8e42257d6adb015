"""QR codes as PNG pictures: a PNG of the payload's size, and the same picture as a data: address."""
import base64

import pytest

from lib import qr_code

segno = pytest.importorskip("segno")  # the addons' venv has it; the package imports it only to draw


def test_png_and_data_uri_hold_the_same_picture():
    png = qr_code.png("https://agency.example/oss/track?number=OSS-2569-000123", scale=4)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    uri = qr_code.png_data_uri("https://agency.example/oss/track?number=OSS-2569-000123", scale=4)
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == png


def test_a_longer_payload_draws_a_larger_code():
    short = qr_code.png("OSS-1", scale=1)
    long_ = qr_code.png("https://agency.example/oss/track?number=" + "9" * 200, scale=1)
    assert len(long_) > len(short)
