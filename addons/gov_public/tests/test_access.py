"""Who may see and change what the public pages are made of (the public itself reads them
only through the controllers, which check what is published)."""
from odoo.exceptions import AccessError

from odoo.addons.gov_crm.tests.common import GovCase


class TestAccess(GovCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls.new_user("gp_officer", "gov_crm.group_gov_officer")
        cls.manager = cls.new_user("gp_manager", "gov_crm.group_gov_service_manager")
        cls.portal = cls.new_user("gp_portal", "base.group_portal")
        cls.public = cls.env.ref("base.public_user")
        cls.dataset = cls.env.ref("gov_public.dataset_service_performance")

    def test_service_managers_edit_life_events_and_dataset_descriptions(self):
        event = self.env.ref("gov_public.life_event_birth")
        event.sudo(self.manager).write({"name": "Birth"})
        self.assertEqual(event.name, "Birth")
        self.dataset.sudo(self.manager).write({"license_title": "CC BY 4.0"})
        self.assertEqual(self.dataset.license_title, "CC BY 4.0")
        rows = self.env["gov.public.performance"].sudo(self.manager).search([])
        self.assertEqual(rows, self.env["gov.public.performance"].search([]))

    def test_datasets_are_not_created_or_deleted_by_hand(self):
        with self.assertRaises(AccessError):
            self.env["gov.public.dataset"].sudo(self.manager).create(
                {"code": "service-catalogue", "name": "x", "description": "x"})
        with self.assertRaises(AccessError):
            self.dataset.sudo(self.manager).unlink()

    def test_the_published_snapshot_is_written_by_the_refresh_only(self):
        for user in (self.manager, self.officer):
            with self.assertRaises(AccessError):
                self.env["gov.public.performance"].sudo(user).create({"scope": "service", "month": "2026-11"})
            with self.assertRaises(AccessError):
                self.env["gov.public.backlog"].sudo(user).search([]).write({"open_count": 0})

    def test_officers_portal_and_public_users_read_life_events_at_most(self):
        event = self.env.ref("gov_public.life_event_birth")
        self.assertEqual(event.sudo(self.officer).name, event.name)
        with self.assertRaises(AccessError):
            event.sudo(self.officer).write({"name": "x"})
        for user in (self.officer, self.portal, self.public):
            for model in ("gov.public.performance", "gov.public.backlog", "gov.public.dataset"):
                with self.assertRaises(AccessError):
                    self.env[model].sudo(user).search([])
        for user in (self.portal, self.public):
            with self.assertRaises(AccessError):
                self.env["oss.life.event"].sudo(user).search([])
