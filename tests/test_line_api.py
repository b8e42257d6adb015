"""The addon's LINE client (line-bot-sdk) against the stand-in LINE Messaging API on loopback: the
four calls send and read what LINE documents, and every way a call fails (LINE refuses, LINE
answers an error that is not JSON, LINE does not answer, a photo too large) is one LineApiError
that says why. The webhook's signature check agrees with an HMAC computed apart."""
import socket
import uuid

import pytest

from odoo.addons.oss_channel_line.line_api import LineApiError, MessagingApi, valid_signature

from .line_loopback import StandInLine, sign


@pytest.fixture
def stand_in():
    with StandInLine(uuid.uuid4().hex) as line:
        yield line


def api(line, token=None):
    return MessagingApi(token or line.token, line.url + "/", line.url)


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_reply_and_push_send_text_messages_as_line_documents(stand_in):
    api(stand_in).reply("token-1", ["เลขที่คำขอ OSS-1", "x" * 6000])
    api(stand_in).push("U" + "a" * 32, ["ได้รับคำขอแล้ว"])
    assert stand_in.replies == [{"replyToken": "token-1", "messages": [
        {"type": "text", "text": "เลขที่คำขอ OSS-1"}, {"type": "text", "text": "x" * 5000}],
        "notificationDisabled": False}]
    assert stand_in.pushed_to("U" + "a" * 32) == ["ได้รับคำขอแล้ว"]


def test_a_push_sent_again_with_its_retry_key_reaches_the_person_once(stand_in):
    user, key = "U" + "e" * 32, str(uuid.uuid4())
    stand_in.lost_answers = 1
    with pytest.raises(LineApiError, match="answered 500"):
        api(stand_in).push(user, ["แจ้งผลคำขอ"], key)
    api(stand_in).push(user, ["แจ้งผลคำขอ"], key)
    assert stand_in.pushed_to(user) == ["แจ้งผลคำขอ"]
    # a 409 without a retry key of ours is an error, and a push without a key is a new push
    api(stand_in).push(user, ["แจ้งผลคำขอ"])
    assert stand_in.pushed_to(user) == ["แจ้งผลคำขอ"] * 2
    stand_in.failure = (409, b'{"message": "conflict"}', "application/json")
    with pytest.raises(LineApiError, match="answered 409"):
        api(stand_in).push(user, ["x"])


def test_profile_and_photo_are_read(stand_in):
    user = "U" + "b" * 32
    stand_in.profiles[user] = {"displayName": "สมหญิง", "userId": user, "language": "en"}
    stand_in.contents["42"] = (b"\x89PNG" + b"0" * 100, "image/png")
    profile = api(stand_in).profile(user)
    assert (profile["displayName"], profile["language"]) == ("สมหญิง", "en")
    assert api(stand_in).content("42", 1000) == (b"\x89PNG" + b"0" * 100, "image/png")


def test_a_photo_over_the_limit_is_refused(stand_in):
    stand_in.contents["43"] = (b"0" * 200000, "image/jpeg")
    with pytest.raises(LineApiError, match="larger than 100000 bytes"):
        api(stand_in).content("43", 100000)


@pytest.mark.parametrize("failure, reason", [
    ((400, b'{"message": "Invalid reply token"}', "application/json"), "answered 400"),
    ((500, b"<html>Internal error</html>", "text/html"), "error that is not JSON"),
    ((429, b'{"message": "You have reached your monthly limit."}', "application/json"), "answered 429"),
])
def test_an_error_of_line_is_one_error_that_says_why(stand_in, failure, reason):
    stand_in.failure = failure
    for call in (lambda: api(stand_in).push("U" + "c" * 32, ["x"]), lambda: api(stand_in).profile("U" + "c" * 32),
                 lambda: api(stand_in).content("1", 10)):
        with pytest.raises(LineApiError, match=reason):
            call()
    assert not stand_in.pushes


def test_a_wrong_token_a_missing_token_and_no_answer_are_errors(stand_in):
    with pytest.raises(LineApiError, match="answered 401"):
        api(stand_in, token="wrong").push("U" + "d" * 32, ["x"])
    with pytest.raises(LineApiError, match="no channel access token"):
        MessagingApi("", stand_in.url, stand_in.url)
    nowhere = "http://127.0.0.1:%d" % closed_port()
    with pytest.raises(LineApiError, match="did not answer: ConnectionError"):
        MessagingApi("t", nowhere, nowhere).push("U" + "d" * 32, ["x"])
    assert not stand_in.pushes


def test_the_signature_check_agrees_with_an_hmac_computed_apart():
    body = '{"events":[{"type":"message","message":{"text":"ไฟดับ"}}]}'.encode("utf-8")
    good = sign("secret", body)
    assert valid_signature("secret", body, good)
    assert valid_signature("secret", body, " %s " % good)
    assert not valid_signature("secret", body + b" ", good)
    assert not valid_signature("other", body, good)
    assert not valid_signature("secret", body, None)
    assert not valid_signature("", body, good)
    assert not valid_signature("secret", body, "ไม่ใช่")
    assert not valid_signature("secret", b"\xff\xfe", sign("secret", b"\xff\xfe"))
