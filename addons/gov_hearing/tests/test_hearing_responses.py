"""Responses: one per confirmed person, changed until closing; counts equal to the raw answers;
the summary published with counts only, its followers told."""
import base64

from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.gov_otp.tests.sms_gateway import StandInGateway
from .common import HearingCase, moment


class TestHearingResponses(HearingCase):

    def setUp(self):
        super(TestHearingResponses, self).setUp()
        self.hearing.sudo(self.officer_a).action_open()
        self.Response = self.env["gov.hearing.response"]

    def submit(self, who, change=False, **answers):
        return self.Response._gh_submit(self.hearing, "email", self.Response._gh_key("email", who),
                                        self.answers(self.hearing, **answers), change=change)

    def test_one_response_per_person_changed_until_closing(self):
        response, outcome = self.submit("a@example.com", choice=0, scale="4")
        self.assertEqual(outcome, "created")
        with self.assertRaisesRegex(UserError, "already responded"):
            self.submit("a@example.com", choice=1)
        changed, outcome = self.submit("a@example.com", change=True, choice=1, scale="2")
        self.assertEqual((changed, outcome), (response, "changed"))
        self.assertEqual(response.answer_ids.filtered("option_id").option_id.name, "Disagree")
        with self.assertRaisesRegex(UserError, "no earlier response"):
            self.submit("b@example.com", change=True)
        self.hearing.sudo(self.officer_a).action_close()
        with self.assertRaisesRegex(UserError, "does not take responses"):
            self.submit("a@example.com", change=True, choice=0)
        self.assertEqual(self.hearing.response_count, 1)

    def test_change_keeps_the_themes_of_unchanged_written_answers(self):
        hearing = self._new_hearing(self.officer_a, self.dept_a)
        hearing.sudo(self.officer_a).write({"question_ids": [(0, 0, {
            "name": "Anything else?", "kind": "text", "required": False, "sequence": 4})]})
        hearing.sudo(self.officer_a).action_open()
        comments, other = hearing.question_ids.sorted("sequence")[2:]
        key = self.Response._gh_key("email", "themed@example.com")
        raw = dict(self.answers(hearing, text="More bins"))
        raw[other.id] = "Night collection"
        response, _outcome = self.Response._gh_submit(hearing, "email", key, raw)
        Theme = self.env["gov.hearing.theme"].sudo(self.officer_a)
        bins = Theme.create({"hearing_id": hearing.id, "name": "Bins"})
        night = Theme.create({"hearing_id": hearing.id, "name": "Collection hours"})
        by_question = {answer.question_id: answer for answer in response.answer_ids}
        by_question[comments].sudo(self.officer_a).write({"theme_id": bins.id})
        by_question[other].sudo(self.officer_a).write({"theme_id": night.id})
        before = hearing.message_ids
        # the choice and the first comment stay; the second comment changes
        raw[other.id] = "Morning collection"
        self.Response._gh_submit(hearing, "email", key, raw, change=True)
        kept, changed = (response.answer_ids.filtered(lambda a, q=q: a.question_id == q) for q in (comments, other))
        self.assertEqual((kept.value_text, kept.theme_id, kept.retheme), ("More bins", bins, False))
        self.assertEqual((changed.value_text, changed.theme_id, changed.retheme),
                         ("Morning collection", night.browse(), True))
        self.assertEqual((bins.answer_count, night.answer_count), (1, 0))
        note = hearing.message_ids - before
        self.assertEqual(len(note), 1)
        self.assertIn("grouped under the themes Collection hours", note.body)
        self.assertNotIn("collection", note.body.replace("Collection hours", ""))
        # the staff theme it again: the mark goes
        changed.sudo(self.officer_a).write({"theme_id": night.id})
        self.assertEqual((changed.theme_id, changed.retheme), (night, False))
        # a second change leaving the themed comment out: the answer goes, the note names its theme
        raw[comments.id] = ""
        self.Response._gh_submit(hearing, "email", key, raw, change=True)
        self.assertFalse(kept.exists())
        self.assertEqual(changed.theme_id, night)
        self.assertIn("grouped under the themes Bins", hearing.message_ids[0].body)
        with self.assertRaises(AccessError):
            changed.sudo(self.officer_a).write({"retheme": False})

    def test_bad_answers_leave_nothing(self):
        questions = self.hearing.question_ids.sorted("sequence")
        for bad, message in (({questions[0].id: "999999", questions[1].id: "3"}, "Choose one of the choices"),
                             ({questions[0].id: str(questions[0].option_ids[0].id), questions[1].id: "9"},
                              "Give a number from 1 to 5"),
                             ({questions[1].id: "3"}, "Answer every required question"),
                             ({questions[0].id: str(questions[0].option_ids[0].id), questions[1].id: "3",
                               questions[2].id: "x" * 2001}, "At most 2000 characters")):
            with self.assertRaisesRegex(ValidationError, message):
                self.Response._gh_submit(self.hearing, "email", self.Response._gh_key("email", "bad@x.com"), bad)
        self.assertEqual(self.Response.search_count([("hearing_id", "=", self.hearing.id)]), 0)
        self.assertEqual(self.env["gov.hearing.answer"].search_count([("hearing_id", "=", self.hearing.id)]), 0)

    def test_results_equal_the_raw_answers(self):
        plan = [(0, "5"), (0, "4"), (1, "1"), (0, "5"), (1, "3")]
        for number, (choice, scale) in enumerate(plan):
            self.submit("p%d@example.com" % number, choice=choice, scale=scale, text="note %d" % number)
        self.submit("p0@example.com", change=True, choice=1, scale="2")
        # counted here from the raw rows
        self.env.cr.execute("""SELECT o.name, count(*) FROM gov_hearing_answer a JOIN gov_hearing_option o
                               ON o.id = a.option_id WHERE a.hearing_id = %s GROUP BY o.name""", (self.hearing.id,))
        raw_choice = dict(self.env.cr.fetchall())
        self.env.cr.execute("""SELECT value_scale, count(*) FROM gov_hearing_answer WHERE hearing_id = %s
                               AND value_scale > 0 GROUP BY value_scale""", (self.hearing.id,))
        raw_scale = dict((str(value), count) for value, count in self.env.cr.fetchall())
        results = self.hearing.sudo(self.officer_b)._gh_results()
        self.assertEqual(dict(results[0]["rows"]), {"Agree": raw_choice.get("Agree", 0),
                                                    "Disagree": raw_choice.get("Disagree", 0)})
        self.assertEqual(dict(results[0]["rows"]), {"Agree": 2, "Disagree": 3})
        self.assertEqual({k: v for k, v in results[1]["rows"] if v}, raw_scale)
        self.assertEqual(results[2]["total"], 4)  # the changed response left its comment out
        self.assertEqual(self.hearing.response_count, 5)

    def test_anyone_audience_takes_each_response(self):
        hearing = self._new_hearing(self.officer_a, self.dept_a, audience="anyone")
        hearing.sudo(self.officer_a).action_open()
        for _n in range(2):
            self.Response._gh_submit(hearing, "anyone", None, self.answers(hearing))
        self.assertEqual(hearing.response_count, 2)

    def test_open_needs_questions_and_drafts_are_never_public(self):
        hearing = self.env["gov.hearing"].sudo(self.officer_a).create({
            "name": "Empty", "department_id": self.dept_a.id, "date_open": moment(-1), "date_close": moment(1)})
        with self.assertRaisesRegex(UserError, "at least one question"):
            hearing.sudo(self.officer_a).action_open()
        self.assertNotIn(hearing, self.env["gov.hearing"].search(self.env["gov.hearing"]._gh_public_domain()))
        with self.assertRaisesRegex(ValidationError, "closes after it opens"):
            hearing.sudo(self.officer_a).write({"date_close": moment(-2)})

    def test_cron_closes_past_hearings(self):
        self.hearing.sudo().write({"date_close": moment(-0.01)})
        self.env["gov.hearing"]._cron_close()
        self.assertEqual(self.hearing.state, "closed")

    def test_publish_the_summary_and_tell_followers(self):
        self.submit("respondent@example.com", text="Collect glass separately")
        Follower = self.env["gov.hearing.follower"]
        by_mail = Follower._gh_follow(self.hearing, "email", "follower@example.com", "นายติดตาม ผล", "th_TH")
        self.assertEqual(by_mail.consent_id.purpose, "hearing_news")
        self.assertEqual(by_mail.consent_id.lawful_basis, "consent")
        self.assertEqual(by_mail.partner_id.email, "follower@example.com")
        self.assertEqual(Follower._gh_follow(self.hearing, "email", "follower@example.com", "x"), by_mail)
        Follower._gh_follow(self.hearing, "email", "follower-en@example.com", "Mr Follower", "en_US")
        theme = self.env["gov.hearing.theme"].sudo(self.officer_a).create({
            "hearing_id": self.hearing.id, "name": "Glass", "agency_response": "A glass bin in each village"})
        self.hearing.response_ids.answer_ids.filtered("value_text").sudo(self.officer_a).write({"theme_id": theme.id})
        with self.assertRaisesRegex(UserError, "closed hearing"):
            self.hearing.sudo(self.officer_a).action_publish()
        self.hearing.sudo(self.officer_a).action_close()
        with StandInGateway(token="tok") as gateway:
            self.env["ir.config_parameter"].set_param("gov_otp.sms_gateway_url", gateway.url)
            self.env["ir.config_parameter"].set_param("gov_otp.sms_gateway_token", "tok")
            by_sms = Follower._gh_follow(self.hearing, "sms", "0812345678", "", "en_US")
            by_thai_sms = Follower._gh_follow(self.hearing, "sms", "0898765432", "", "th_TH")
            self.hearing.sudo(self.officer_a).action_publish()
            texts = {m["to"]: m["text"] for m in gateway.messages}
            self.assertEqual(sorted(texts), ["0812345678", "0898765432"])
            self.assertIn("/hearings/%d?lang=en" % self.hearing.id, texts["0812345678"])
            self.assertIn("/hearings/unfollow/%s?lang=en" % by_sms._gh_unfollow_token(), texts["0812345678"])
            # one message translated per follower: English alone, or Thai alone
            self.assertTrue(texts["0812345678"].startswith("The summary of the hearing "), texts["0812345678"])
            self.assertIn(" Stop following: ", texts["0812345678"])
            self.assertTrue(texts["0898765432"].startswith("สรุปผลการรับฟังความคิดเห็น "), texts["0898765432"])
            self.assertIn(" เลิกติดตาม: ", texts["0898765432"])
            self.assertNotIn("Stop following", texts["0898765432"])
            self.assertIn("/hearings/unfollow/%s?lang=th" % by_thai_sms._gh_unfollow_token(), texts["0898765432"])
        self.assertEqual(self.hearing.state, "published")
        self.assertTrue(by_mail.date_notified and by_sms.date_notified)
        mail = self.env["mail.mail"].search([("email_to", "=", "follower@example.com")])
        self.assertEqual(len(mail), 1)
        self.assertIn("/hearings/%d?lang=th" % self.hearing.id, mail.body_html)
        self.assertIn("/hearings/unfollow/%s?lang=th" % by_mail._gh_unfollow_token(), mail.body_html)
        # each follower reads one language: the template is English, translated in th.po
        self.assertEqual(mail.subject, "สรุปผลการรับฟังความคิดเห็นเผยแพร่แล้ว")
        self.assertIn("สรุปผลการรับฟังความคิดเห็นเรื่อง \"%s\" เผยแพร่แล้ว" % self.hearing.name, mail.body_html)
        self.assertNotIn("Stop following", mail.body_html)
        mail_en = self.env["mail.mail"].search([("email_to", "=", "follower-en@example.com")])
        self.assertEqual(mail_en.subject, "Hearing summary published")
        self.assertIn("/hearings/%d?lang=en" % self.hearing.id, mail_en.body_html)
        self.assertIn("Stop following and withdraw your consent", mail_en.body_html)
        self.assertNotIn("เลิกติดตาม", mail_en.body_html)
        # the token names one follower: another's, or a changed one, finds nobody
        self.assertEqual(Follower._gh_from_token(by_mail._gh_unfollow_token()), by_mail)
        forged = "%d-%s" % (by_sms.id, by_mail._gh_unfollow_token().split("-")[1])
        self.assertFalse(Follower._gh_from_token(forged))
        consent, partner = by_mail.consent_id, by_mail.partner_id
        by_mail._gh_unfollow()
        self.assertFalse(by_mail.exists())
        self.assertTrue(consent.withdrawn_on)
        self.assertEqual(self.env["gov.privacy.log"].search([("partner_id", "=", partner.id)]).mapped("event"),
                         ["consent_withdrawn"])
        self.assertTrue(by_sms.exists() and not by_sms.consent_id.withdrawn_on, "another person still follows")
        # under the test runner Odoo renders reports as HTML (tests/test_hearing_http.py reads the PDF)
        text = base64.b64decode(self.hearing.summary_attachment_id.datas).decode("utf-8")
        self.assertIn("Summary of the public hearing", text)
        self.assertIn("A glass bin in each village", text)
        self.assertIn(str(int(self.hearing.date_open[:4]) + 543), text)
        for personal in ("respondent@example.com", "follower@example.com", "0812345678", "นายติดตาม"):
            self.assertNotIn(personal, text)
