from email.utils import formataddr
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError

from odoo.addons.gov_crm.tests.common import sql_statements

from .common import OssCase

# what mail sends to check a user's right on a message being posted, and to read it back
MESSAGE_ACCESS_CHECKS = ("SELECT DISTINCT id, model, res_id, author_id, parent_id FROM mail_message",
                         "SELECT DISTINCT m.id, partner_rel.res_partner_id",
                         "SELECT DISTINCT m.id, m.model, m.res_id, m.author_id")


class TestChatter(OssCase):
    """An action of the request writes one note: what happened, and the tracked changes."""

    def notes(self, request):
        note = self.env.ref("mail.mt_note")
        return request.message_ids.filtered(lambda m: m.subtype_id == note)

    def comments(self, request):
        comment = self.env.ref("mail.mt_comment")
        return request.message_ids.filtered(lambda m: m.subtype_id == comment)

    @staticmethod
    def changes(message):
        return {value.field: (value.old_value_char, value.new_value_char)
                for value in message.sudo().tracking_value_ids}

    def test_draft_has_no_chatter_yet(self):
        request = self.new_request()
        self.assertFalse(request.message_ids)
        self.assertFalse(request.message_follower_ids)  # the front desk does not follow what it takes in

    def test_submission_is_one_note_and_one_notice(self):
        request = self.new_request()
        request.sudo(self.front_desk).action_submit()
        self.assertEqual(len(request.message_ids), 1)  # the notice is the job's, after the answer
        self.run_notice_jobs()
        self.assertEqual(len(request.message_ids), 2)
        note = self.notes(request)
        self.assertEqual(len(note), 1)
        self.assertIn("Request %s received through Counter." % request.name, note.body)
        self.assertIn("Step Check sent to ทดสอบทะเบียน.", note.body)
        self.assertEqual(note.author_id, self.front_desk.partner_id)
        changes = self.changes(note)
        self.assertEqual(changes["state"], ("Draft", "In progress"))
        self.assertIn("expected_date", changes)
        self.assertEqual(len(self.comments(request)), 1)  # the applicant's notice
        self.assertFalse(request.message_follower_ids)

    def test_a_message_leaves_the_request_s_other_lines_known_and_its_chatter_read_again(self):
        request = self.new_request().sudo(self.front_desk)
        request.action_submit()
        steps, messages, followers = request.step_ids, request.message_ids, request.message_follower_ids
        request._oss_post_note(["Called the applicant."])
        with sql_statements(lambda text: text.startswith("SELECT oss_request_step.id FROM")) as searched:
            self.assertEqual(request.step_ids, steps)
        self.assertEqual(searched, [])
        # what a message changes is read again: the chatter, its counters
        self.assertEqual(len(request.message_ids), len(messages) + 1)
        self.assertIn("Called the applicant.", request.message_ids[0].body)
        self.assertEqual(request.message_follower_ids, followers)

    def test_the_note_is_the_clerk_s_written_by_the_system(self):
        """The submission's note is the clerk's, by its author and sender; mail does not check
        again their right to post on the request, nor read the note back under their rules."""
        request = self.new_request()
        with sql_statements(lambda text: text.startswith(MESSAGE_ACCESS_CHECKS)) as sent:
            request.sudo(self.front_desk).action_submit()
        self.assertEqual(sent, [])
        note = self.notes(request)
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.front_desk.partner_id)
        self.assertEqual(note.email_from, formataddr((self.front_desk.name, self.front_desk.email)))
        self.assertEqual(request.sudo(self.front_desk).message_ids, note)  # and reads it

    def test_the_notes_changes_are_written_with_it_not_after(self):
        """The tracked changes of the submission's note are created with the note's id: the note
        is not updated after its INSERT, and carries them."""
        request = self.new_request()
        with sql_statements(lambda text: text.startswith("UPDATE mail_message")) as updated:
            request.sudo(self.front_desk).action_submit()
        self.assertEqual(updated, [])
        note = self.notes(request)
        changes = self.changes(note)
        self.assertEqual(changes["state"], ("Draft", "In progress"))
        # as the system: Odoo lets no one but the administrator read tracked values themselves
        self.assertEqual(note.sudo().tracking_value_ids.mapped("mail_message_id"), note)
        self.assertIn("expected_date", changes)

    def test_the_tracked_fields_are_described_once_per_user_and_language(self):
        """The descriptions of the tracked fields (their labels, their choices' labels) are worked
        out once for a user in a language, then kept: each note's changes read in the clerk's
        language all the same."""
        def submitted(lang):
            request = self.new_request()
            request.sudo(self.front_desk).with_context(lang=lang).action_submit()
            return self.changes(self.notes(request))

        self.env["res.lang"].load_lang("th_TH")
        self.assertEqual(submitted("en_US")["state"], ("Draft", "In progress"))
        self.assertEqual(submitted("th_TH")["state"], ("ร่าง", "อยู่ระหว่างดำเนินการ"))
        with patch.object(fields.Field, "get_description", side_effect=AssertionError("described again")):
            self.assertEqual(submitted("th_TH")["state"], ("ร่าง", "อยู่ระหว่างดำเนินการ"))
            self.assertEqual(submitted("en_US")["state"], ("Draft", "In progress"))
        # what fields_get gives for anything else is its own (a view's fields: every attribute asked)
        described = self.env["oss.request"].sudo(self.front_desk).fields_get(["state"], attributes=["string"])
        self.assertEqual(described, {"state": {"string": "State"}})

    def test_a_follower_of_notes_is_notified_and_nobody_else_is_looked_for(self):
        """A request nobody follows gets its note without mail looking for followers; one whose
        follower asked for notes (an officer watching the file) notifies them, with the same note."""
        quiet, watched = self.new_request(), self.new_request()
        # set-up as the manager: the officer follows one request, notes included
        watched.sudo(self.manager).message_subscribe(
            partner_ids=self.officer_reg.partner_id.ids, subtype_ids=self.env.ref("mail.mt_note").ids)
        # any search of the followers through the ORM (mail's for those to notify, the note's for
        # whether anyone follows: the statement's text without its double quotes)
        with sql_statements(lambda text: text.startswith("SELECT mail_followers.id FROM")) as looked_up:
            quiet.sudo(self.front_desk).action_submit()
        self.assertEqual(looked_up, [])
        watched.sudo(self.front_desk).action_submit()
        for request, notified in ((quiet, self.env["res.partner"]), (watched, self.officer_reg.partner_id)):
            note = self.notes(request)
            self.assertEqual(len(note), 1)
            self.assertEqual((note.author_id, note.message_type), (self.front_desk.partner_id, "notification"))
            self.assertIn("received through Counter", note.body)
            self.assertEqual(self.changes(note)["state"], ("Draft", "In progress"))
            self.assertEqual(note.needaction_partner_ids, notified)

    def test_missing_documents_note_and_notice(self):
        request = self.new_request(received=False)
        request.sudo(self.front_desk).action_submit()
        note = self.notes(request)
        self.assertEqual(len(note), 1)
        self.assertEqual(self.changes(note)["state"], ("Draft", "Waiting for documents"))
        self.assertNotIn("sent to", note.body)
        request.document_ids.write({"received": True})
        request.sudo(self.front_desk).action_documents_complete()
        latest = self.notes(request)[0]
        self.assertEqual(len(self.notes(request)), 2)
        self.assertEqual(self.changes(latest)["state"], ("Waiting for documents", "In progress"))
        self.assertIn("Step Check sent to ทดสอบทะเบียน.", latest.body)

    def test_step_done_is_one_note_for_the_next_steps(self):
        request = self.new_request()
        request.action_submit()
        before = len(request.message_ids)
        request.step_ids.filtered(lambda s: s.name == "Check").sudo(self.officer_reg).action_done()
        self.assertEqual(len(request.message_ids), before + 1)
        note = request.message_ids[0]
        self.assertIn("Step Inspect sent to ทดสอบช่าง.", note.body)
        self.assertIn("Step Assess sent to ทดสอบสวัสดิการ.", note.body)
        self.assertEqual(note.author_id, self.env.user.partner_id)  # the route moves as the system

    def test_names_are_escaped(self):
        self.dep_reg.name = "<b>ทะเบียน</b>"
        request = self.new_request()
        request.action_submit()
        body = self.notes(request).body
        self.assertIn("&lt;b&gt;ทะเบียน&lt;/b&gt;", body)
        self.assertNotIn("<b>ทะเบียน</b>", body)

    def test_failed_action_leaves_no_note_and_no_open_journal(self):
        request = self.new_request()

        def fail(self, start):
            self._oss_log("Half done.")
            # pylint: disable-next=translation-required  # a stand-in error, never shown to anyone
            raise UserError("the calendar is missing")
        with patch.object(type(request), "_oss_start_clock", fail), self.assertRaises(UserError):
            request.action_submit()
        self.assertFalse(request.message_ids)
        # the journal closed with the failure: a note outside an action is posted at once
        request._oss_log("Called the applicant.")
        self.assertEqual(len(request.message_ids), 1)
        self.assertIn("Called the applicant.", request.message_ids.body)
        self.assertNotIn("Half done.", request.message_ids.body)

    def test_context_from_a_client_cannot_swallow_the_note(self):
        request = self.new_request()
        request.sudo(self.front_desk).with_context(oss_journal={request.id: []}).action_submit()
        self.assertIn("received through", self.notes(request).body)

    def test_tracking_outside_actions_still_works(self):
        request = self.new_request()
        request.write({"partner_id": self.person_en.id})  # a draft corrected at the counter
        self.assertEqual(len(request.message_ids), 1)
        self.assertIn("partner_id", self.changes(request.message_ids))
