"""Each service says who may apply and through which channels; the self-service ways in keep to it."""
from odoo.exceptions import UserError

from .common import OssCase


class TestServiceAccess(OssCase):

    def catalogue(self, code):
        return self.env.ref("one_stop_service.oss_service_%s" % code.lower())

    def offered(self, channel, party_types):
        Service = self.env["oss.service"].sudo(self.front_desk)
        return set(Service.search(Service._oss_offered_domain(channel, party_types)).mapped("code"))

    def test_catalogue_says_who_may_apply_through_which_channel(self):
        e01 = self.catalogue("E01")
        self.assertEqual(e01._oss_applicant_types(), {"staff"})
        self.assertEqual(e01.channel_ids.mapped("code"), ["counter", "email"])
        self.assertEqual(e01.applicant_summary, "Staff (G2E)")
        self.assertEqual(self.catalogue("C05")._oss_applicant_types(), {"citizen", "business", "agency"})
        on_portal = self.offered("portal", {"citizen"})
        self.assertIn("C05", on_portal)
        self.assertFalse({code for code in on_portal if code[0] in "GE"}, on_portal)
        self.assertNotIn("B07", on_portal)  # procurement documents: for businesses
        self.assertIn("B07", self.offered("portal", {"business"}))
        self.assertEqual({code[0] for code in self.offered("agency", {"agency"})}, {"C", "G"})

    def test_portal_refuses_what_the_service_does_not_allow(self):
        Request = self.env["oss.request"]
        with self.assertRaisesRegex(UserError, r"The service \[E01\] .* cannot be requested through Portal\."):
            Request._oss_create_from_portal(self.person, self.catalogue("E01"), "", {})
        with self.assertRaisesRegex(UserError, r"The service \[B07\] .* is open to Businesses \(G2B\) only\."):
            Request._oss_create_from_portal(self.person, self.catalogue("B07"), "", {})
        self.catalogue("C05").published = False
        with self.assertRaisesRegex(UserError, "cannot be requested through Portal"):
            Request._oss_create_from_portal(self.person, self.catalogue("C05"), "", {})

    def test_counter_takes_any_service_and_shows_who_may_apply(self):
        request = self.env["oss.request"].sudo(self.front_desk).create({
            "partner_id": self.person.id, "service_id": self.catalogue("E02").id})
        self.assertEqual(request.service_applicants, "Staff (G2E)")
        self.assertEqual(request.service_warning,
                         "This service is for Staff (G2E); the applicant is not one of them. "
                         "The counter can still take the request.")
        self.assertFalse(self.new_request().service_warning)

    def test_new_services_default_to_their_group(self):
        Service = self.env["oss.service"].sudo(self.manager)
        g2g = Service.create({"code": "T-G2G", "name": "ทดสอบ", "group": "G2G"})
        self.assertEqual((g2g._oss_applicant_types(), g2g.channel_ids.mapped("code")),
                         ({"agency"}, ["counter", "email", "agency"]))
        chosen = Service.create({"code": "T-OWN", "name": "ทดสอบ", "group": "G2C", "allow_business": True,
                                 "channel_ids": [(6, 0, self.env.ref("one_stop_service.oss_channel_portal").ids)]})
        self.assertEqual((chosen._oss_applicant_types(), chosen.channel_ids.mapped("code")),
                         ({"business"}, ["portal"]))

    def test_a_channel_is_added_by_data(self):
        self.env["oss.channel"].sudo(self.manager).create({
            "code": "kiosk", "name": "Self-service kiosk", "sequence": 70, "consent_channel": "line"})
        self.assertIn(("kiosk", "Self-service kiosk"),
                      self.env["oss.request"]._fields["channel"]._description_selection(self.env))
        request = self.new_request(channel="kiosk")
        request.sudo(self.front_desk).action_submit()
        consent = self.person.gov_consent_ids.filtered(lambda c: c.purpose == "service_notification")
        self.assertEqual(consent[:1].channel, "line")
