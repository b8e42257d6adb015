"""A free-text message as a request: robots, loops, empty messages, dangerous or large files."""
import io
import zipfile

import pytest

from lib import intake_message as im


@pytest.mark.parametrize("headers, content_type, sender, reason", [
    ({"auto-submitted": "auto-replied"}, "text/plain", "a@example.org", "auto_reply"),
    ({"auto-submitted": "auto-generated"}, "text/plain", "a@example.org", "auto_reply"),
    ({"x-autoreply": "yes"}, "text/plain", "a@example.org", "auto_reply"),
    ({"precedence": "bulk"}, "text/plain", "a@example.org", "auto_reply"),
    ({"precedence": "list"}, "text/plain", "a@example.org", "list"),
    ({"list-id": "<news.example.org>"}, "text/plain", "a@example.org", "list"),
    ({}, "multipart/report", "a@example.org", "bounce"),
    ({"return-path": "<>"}, "text/plain", "a@example.org", "bounce"),
    ({}, "text/plain", "Mail Delivery System <MAILER-DAEMON@mx.example.org>", "bounce"),
    ({"x-failed-recipients": "b@example.org"}, "text/plain", "a@example.org", "bounce"),
])
def test_messages_of_robots_are_not_requests(headers, content_type, sender, reason):
    assert im.automatic_reason(headers, content_type, sender) == reason


def test_a_persons_message_is_one():
    assert im.automatic_reason({"auto-submitted": "no", "precedence": ""}, "multipart/mixed",
                               "Somchai <somchai@example.org>") is None


def test_own_message_ids():
    assert im.is_own_message_id("<123.456-openerp-7-oss.request@gov-host>", "gov-host")
    assert im.is_own_message_id("<123.456-openerp-7-oss.request@GOV-HOST>", "gov-host")
    assert not im.is_own_message_id("<123.456-openerp-7-oss.request@other>", "gov-host")
    assert not im.is_own_message_id("<CAF=abc@mail.example.org>", "gov-host")
    assert not im.is_own_message_id("", "gov-host")


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, b"data")
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, kind", [
    ("setup.exe", b"anything", "extension"),
    ("Invoice.PDF.js", b"var a;", "extension"),
    ("photo.jpg", b"MZ\x90\x00\x03", "content"),
    ("tool", b"\x7fELF\x02\x01", "content"),
    ("notes.txt", b"#!/bin/sh\nrm -rf /", "content"),
    ("docs.zip", _zip(["a.pdf", "run.bat"]), "archive"),
    ("scan.pdf", b"%PDF-1.4 ...", None),
    ("docs.zip", _zip(["a.pdf", "b.jpg"]), None),
    ("broken.zip", b"PK\x03\x04garbage", None),
])
def test_executables_by_name_content_or_archive(name, content, kind):
    assert im.executable_kind(name, content) == kind


def test_refusals_say_every_problem():
    found = im.refusals("", "  \n", [("a.exe", b"x"), ("big.pdf", b"0" * 200)], max_bytes=100)
    assert found == [im.Refusal("no_subject", {}), im.Refusal("empty_body", {}),
                     im.Refusal("executable", {"name": "a.exe", "kind": "extension"}),
                     im.Refusal("too_large", {"size_mb": "0.0", "limit_mb": "0.0"})]
    assert im.refusals("Permit", "Please renew my permit", [("scan.pdf", b"%PDF")]) == []
    assert im.refusals("Permit", "text", [("big.pdf", b"0" * (im.DEFAULT_MAX_BYTES + 1))]) == [
        im.Refusal("too_large", {"size_mb": "10.0", "limit_mb": "10.0"})]
    assert im.megabytes(30 * 1024 * 1024) == "30.0"


def test_language_names_and_reply_text():
    assert im.guess_lang("ขอต่อใบอนุญาต") == "th_TH"
    assert im.guess_lang("Please renew my permit") == "en_US"
    assert im.display_name(' "Somchai  Jaidee" ', "somchai@example.org") == "Somchai Jaidee"
    assert im.display_name("", "somchai@example.org") == "somchai"
    assert im.display_name("somchai@example.org", "somchai@example.org") == "somchai"
    assert im.first_reply_text("Here is my ID card.\n\nOn Mon, 1 Dec 2026 Agency wrote:\n> Please send") == (
        "Here is my ID card.")
    assert im.first_reply_text("ส่งเอกสารแล้วครับ\nเมื่อ 1 ธ.ค. 2569 หน่วยงาน เขียนว่า:\n> ขอเอกสาร") == (
        "ส่งเอกสารแล้วครับ")
