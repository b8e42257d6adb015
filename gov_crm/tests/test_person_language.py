"""A person registered by staff starts in Thai, whatever the language of the staff member."""
from odoo.tools.safe_eval import safe_eval

from .common import GovCase


class TestPersonLanguage(GovCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk_en = cls.new_user("lang_desk_en", "gov_crm.group_gov_front_desk", lang="en_US")
        cls.action_context = safe_eval(cls.env.ref("gov_crm.res_partner_action_registry").context)

    def new_person_from_form(self, user, **typed):
        """What the person form of the registry saves: its defaults, then what the user typed."""
        Partner = self.env["res.partner"].sudo(user).with_context(lang=user.lang, **self.action_context)
        values = Partner.default_get(list(Partner._fields))
        values.update(typed)
        return Partner.create(values)

    def test_the_person_form_starts_in_thai_for_english_staff(self):
        Partner = self.env["res.partner"].sudo(self.desk_en).with_context(lang="en_US", **self.action_context)
        self.assertEqual(Partner.default_get(["lang", "gov_party_type"]),
                         {"lang": "th_TH", "gov_party_type": "citizen"})
        person = self.new_person_from_form(self.desk_en, name="สมหญิง ภาษาไทย")
        self.assertEqual(person.lang, "th_TH")

    def test_a_language_chosen_on_the_form_is_kept(self):
        person = self.new_person_from_form(self.desk_en, name="John Visitor", lang="en_US")
        self.assertEqual(person.lang, "en_US")

    def test_a_citizen_created_without_a_language_is_thai(self):
        """The paths that register a person in code (the counter, Open311, imports)."""
        for party_type in ("citizen", "business"):
            person = self.env["res.partner"].sudo(self.desk_en).with_context(lang="en_US").create(
                {"name": "Registered %s" % party_type, "gov_party_type": party_type})
            self.assertEqual(person.lang, "th_TH")

    def test_other_contacts_and_users_keep_odoo_default(self):
        contact = self.env["res.partner"].with_context(lang="en_US").create({"name": "Supplier contact"})
        self.assertEqual(contact.lang, "en_US")
        self.assertEqual(self.desk_en.partner_id.lang, "en_US")
        staff = self.env["res.partner"].with_context(lang="en_US").create(
            {"name": "Staff member", "gov_party_type": "staff"})
        self.assertEqual(staff.lang, "en_US")

    def test_an_explicit_default_language_wins(self):
        Partner = self.env["res.partner"].sudo(self.desk_en).with_context(
            lang="en_US", default_lang="en_US", **self.action_context)
        self.assertEqual(Partner.default_get(["lang"]), {"lang": "en_US"})
        self.assertEqual(Partner.create({"name": "Chosen by the action"}).lang, "en_US")
