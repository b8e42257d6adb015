from odoo.tests.common import SavepointCase

from .common import new_user, read_conversions


class TestMasking(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_user(cls.env, "mask_officer", "gov_crm.group_gov_officer", name="Mask Officer")
        cls.reader = new_user(cls.env, "mask_reader", "gov_crm.group_gov_officer", "gov_crm.group_gov_personal_data",
                              name="Mask Reader")
        cls.person = cls.env["res.partner"].create({
            "name": "Masked Person", "gov_party_type": "citizen", "national_id": "1101700230708"})
        cls.Log = cls.env["gov.privacy.log"]

    def _reads(self):
        return self.Log.search([("event", "=", "full_read"), ("partner_id", "=", self.person.id)])

    def test_officer_gets_masked_id_over_rpc(self):
        row = self.person.sudo(self.officer).read(["name", "national_id", "national_id_display"])[0]
        self.assertEqual(row["national_id"], "x-xxxx-xxxxx-70-8")
        self.assertEqual(row["national_id_display"], "x-xxxx-xxxxx-70-8")
        rows = self.env["res.partner"].sudo(self.officer).search_read(
            [("id", "=", self.person.id)], ["national_id"])
        self.assertEqual(rows[0]["national_id"], "x-xxxx-xxxxx-70-8")
        self.assertFalse(self._reads())
        # the stored value is intact
        self.assertEqual(self.person.national_id, "1101700230708")

    def test_read_all_fields_is_masked(self):
        row = self.person.sudo(self.officer).read()[0]
        self.assertEqual(row["national_id"], "x-xxxx-xxxxx-70-8")

    def test_officer_export_masked(self):
        data = self.person.sudo(self.officer).export_data(["name", "national_id"])["datas"]
        self.assertEqual(data, [["Masked Person", "x-xxxx-xxxxx-70-8"]])

    def test_personal_data_user_reads_in_full_and_is_logged(self):
        row = self.person.sudo(self.reader).read(["national_id"])[0]
        self.assertEqual(row["national_id"], "1-1017-00230-70-8")
        log = self._reads()
        self.assertEqual(len(log), 1)
        self.assertEqual((log.user_id, log.partner_id, log.reason), (self.reader, self.person, "national_id"))
        self.assertTrue(log.date)
        data = self.person.sudo(self.reader).export_data(["national_id"])["datas"]
        self.assertEqual(data, [["1-1017-00230-70-8"]])
        self.assertEqual(len(self._reads()), 2, self._reads().mapped("reason"))

    def test_reading_other_fields_is_not_logged(self):
        self.person.sudo(self.reader).read(["name", "phone"])
        self.assertFalse(self._reads())

    def test_person_without_id_not_logged(self):
        other = self.env["res.partner"].create({"name": "No ID"})
        self.assertEqual(other.sudo(self.reader).read(["national_id"])[0]["national_id"], False)
        self.assertFalse(self.Log.search([("partner_id", "=", other.id)]))

    def test_classic_write_load_is_masked_too(self):
        row = self.person.sudo(self.officer).read(["national_id"], load="_classic_write")[0]
        self.assertEqual(row["national_id"], "x-xxxx-xxxxx-70-8")

    def test_server_code_sees_digits_and_can_write(self):
        person = self.person.sudo(self.officer)
        self.assertEqual(person.national_id, "1101700230708")
        person.write({"phone": "021112222"})
        self.assertEqual(self.person.national_id, "1101700230708")
        self.assertEqual(self.person.gov_phone_digits, "021112222")

    def test_a_fetch_into_the_cache_goes_past_read_and_masks_nothing_it_answers(self):
        """A person's row goes into the record cache without read() (base_prefetch.py): the cache
        holds the digits server code works with, what read() answers stays masked, and nothing
        is logged as a full read."""
        person = self.person.sudo(self.reader)
        person.invalidate_cache()
        with read_conversions() as converted:
            self.assertEqual(person.national_id, "1101700230708")
            self.assertEqual(person.name, "Masked Person")
        self.assertEqual(converted, [])
        self.assertFalse(self._reads())
        self.assertEqual(self.person.sudo(self.officer).read(["national_id"])[0]["national_id"], "x-xxxx-xxxxx-70-8")
