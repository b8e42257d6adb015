"""The public rating link of citizen_case over real HTTP: works once; guessed and reused tokens are refused."""
import re
import uuid

import requests

from .conftest import committed_env


def _resolved_case_token(lang="th_TH"):
    with committed_env() as env:
        partner = env["res.partner"].create({"name": "ผู้ประเมิน ทดสอบ %s" % uuid.uuid4().hex[:6],
                                             "email": "rater@example.com", "lang": lang})
        case = env["citizen.case"].create({
            "subject": "Rating over HTTP", "partner_id": partner.id,
            "department_id": env.ref("gov_crm.department_civil_registration").id})
        case.action_resolve("done", "Done")
        return case.id, case.name, case._rating_new_token()


def _case_rating(case_id):
    with committed_env() as env:
        case = env["citizen.case"].browse(case_id)
        return case.rating, case.rating_comment, case.rating_channel


def test_rating_link_works_once(gov_server):
    case_id, reference, token = _resolved_case_token()
    http = requests.Session()
    page = http.get("%s/case/rate/%s" % (gov_server, token), timeout=30)
    assert page.status_code == 200
    assert reference in page.text
    assert "ผู้ประเมิน" not in page.text  # no personal data on the public page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    # no rating chosen: the form again, nothing recorded
    bad = http.post("%s/case/rate/%s" % (gov_server, token), data={"csrf_token": csrf}, timeout=30)
    assert bad.status_code == 400
    done = http.post("%s/case/rate/%s" % (gov_server, token), timeout=30,
                     data={"csrf_token": csrf, "rating": "4", "comment": "รวดเร็ว"})
    assert done.status_code == 200
    assert "ขอบคุณ" in done.text and "Thank you" not in done.text
    assert _case_rating(case_id) == ("4", "รวดเร็ว", "link")
    # reused
    again = http.post("%s/case/rate/%s" % (gov_server, token), timeout=30,
                      data={"csrf_token": csrf, "rating": "1"})
    assert again.status_code == 404
    assert http.get("%s/case/rate/%s" % (gov_server, token), timeout=30).status_code == 404
    assert _case_rating(case_id)[0] == "4"


def test_page_speaks_the_applicants_language(gov_server):
    """No login: the page is in the language of the applicant the link was sent to, never both."""
    labels = {"th_TH": ("ประเมินความพึงพอใจ", "ความคิดเห็น", "กรุณาเลือกคะแนน 1 ถึง 5", "ขอบคุณ"),
              "en_US": ("Rate our service", "Comment", "Please choose a rating from 1 to 5.", "Thank you")}
    for lang, own in labels.items():
        other = labels["en_US" if lang == "th_TH" else "th_TH"]
        _case_id, reference, token = _resolved_case_token(lang)
        http = requests.Session()
        # the visitor's browser asks for the other language: the applicant's wins
        http.headers["Accept-Language"] = "en-US" if lang == "th_TH" else "th-TH"
        page = http.get("%s/case/rate/%s" % (gov_server, token), timeout=30)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        bad = http.post("%s/case/rate/%s" % (gov_server, token), data={"csrf_token": csrf}, timeout=30)
        done = http.post("%s/case/rate/%s" % (gov_server, token), data={"csrf_token": csrf, "rating": "5"},
                         timeout=30)
        shown = page.text + bad.text + done.text
        assert reference in page.text and own[0] in page.text and own[1] in page.text, lang
        assert own[2] in bad.text and own[3] in done.text, lang
        for label in other:
            assert label not in shown, (lang, label)


def test_guessed_token_refused(gov_server):
    _case_id, _reference, token = _resolved_case_token()
    for guess in (token[:-2], "A" * 43, "x"):
        response = requests.get("%s/case/rate/%s" % (gov_server, guess), timeout=30)
        assert response.status_code == 404
        assert "Invalid link" in response.text


def test_post_without_csrf_refused(gov_server):
    case_id, _reference, token = _resolved_case_token()
    response = requests.post("%s/case/rate/%s" % (gov_server, token), data={"rating": "5"}, timeout=30)
    assert response.status_code == 400
    assert _case_rating(case_id)[0] is False
