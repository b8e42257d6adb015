"""Staff accounts without an e-mail address: the agency's address sends for them."""
from .common import OssCase


class TestNoticeSender(OssCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = cls.new_user("oss_fd_no_mail", "gov_crm.group_gov_front_desk", email=False)
        cls.company = cls.env.user.company_id

    def submit(self):
        request = self.env["oss.request"].sudo(self.clerk).create({
            "partner_id": self.person.id, "service_id": self.service.id})
        request.document_ids.write({"received": True})
        request.action_submit()
        self.run_notice_jobs()  # the acknowledgement, given after the clerk's transaction
        return request

    def mails(self, request):
        return self.env["mail.mail"].search([("model", "=", "oss.request"), ("res_id", "=", request.id)])

    def test_the_agency_sends_for_a_clerk_without_e_mail(self):
        self.company.write({"email": "saraban@agency.example.go.th"})
        request = self.submit()
        self.assertEqual(request.state, "in_progress")
        # the clerk's own notes carry the clerk's name and the agency's address
        note = request.message_ids.filtered(
            lambda m: m.author_id == self.clerk.partner_id and m.subtype_id == self.env.ref("mail.mt_note"))[:1]
        self.assertEqual(note.email_from, "Oss Fd No Mail <saraban@agency.example.go.th>")
        # the acknowledgement to the applicant goes out from the agency
        acknowledgement = self.mails(request)
        self.assertEqual(acknowledgement.mapped("email_from"), ["saraban@agency.example.go.th"])
        self.assertEqual(acknowledgement.recipient_ids, self.person)

    def test_no_address_anywhere_does_not_stop_the_counter(self):
        self.company.write({"email": False})
        request = self.submit()
        self.assertEqual(request.state, "in_progress")
        self.assertTrue(request.message_ids.filtered(lambda m: m.author_id == self.clerk.partner_id))
        # the acknowledgement is kept; it cannot leave without a sender and says so in the mail queue
        acknowledgement = self.mails(request)
        self.assertEqual(len(acknowledgement), 1)
        acknowledgement.send()
        self.assertEqual(acknowledgement.state, "exception")
        # and the service manager's set-up list names what is missing
        self.assertIn("the agency's e-mail address (the sender of the e-mails to applicants)",
                      self.env["res.company"].sudo(self.manager)._gov_setup_problems())

    def test_a_clerk_s_own_address_sends_their_notes_read_alone(self):
        clerk = self.new_user("oss_fd_own_mail", "gov_crm.group_gov_front_desk", email="somchai@agency.example.go.th")
        Message = self.env["mail.message"].sudo(clerk)
        Message.invalidate_cache()
        self.assertEqual(Message._get_default_from(), "Oss Fd Own Mail <somchai@agency.example.go.th>")
        # the two columns only: the clerk's partner row is not fetched for them (Odoo reads the
        # user's own row as the superuser: env.user)
        self.assertNotIn("phone", Message.env.user.partner_id._cache)
        # a change of the address in the same transaction (the clerk's own preferences) is the next sender
        clerk.sudo(clerk).write({"email": "somchai.k@agency.example.go.th"})
        self.assertEqual(Message._get_default_from(), "Oss Fd Own Mail <somchai.k@agency.example.go.th>")
        # a row already in the cache is used as it is: the note as the clerk posts it
        request = self.env["oss.request"].sudo(clerk).create({
            "partner_id": self.person.id, "service_id": self.service.id})
        request._oss_post_note(["Documents checked"])
        note = request.message_ids.filtered(lambda m: m.body == "<p>Documents checked</p>")
        self.assertEqual(note.email_from, "Oss Fd Own Mail <somchai.k@agency.example.go.th>")
