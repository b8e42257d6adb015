"""Field xmlids are the same in every database, so the Thai catalogues reach every label."""
from odoo.addons.gov_crm.models.ir_model_fields import (
    rename_suffixed_field_xmlids, stable_field_xmlid, suffixed_field_xmlids)

from .common import GovCase


class TestFieldXmlids(GovCase):

    def suffixed(self):
        return ["%s.%s" % (module, name) for _id, module, name, _field, _field_id in suffixed_field_xmlids(self.env.cr)]

    def test_no_field_xmlid_carries_its_database_id(self):
        self.assertEqual(self.suffixed(), [])

    def test_the_stable_name(self):
        self.assertEqual(stable_field_xmlid("field_citizen_case_stage_state_2745", "stage_state", 2745),
                         "field_citizen_case__stage_state")
        self.assertIsNone(stable_field_xmlid("field_citizen_case_stage_state", "stage_state", 2745))
        self.assertIsNone(stable_field_xmlid("field_res_partner_address_line_2", "address_line_2", 2))

    def test_an_upgraded_database_gets_the_stable_names(self):
        field = self.env["ir.model.fields"].search([("model", "=", "res.partner"), ("name", "=", "national_id")])
        data = self.env["ir.model.data"].search([("model", "=", "ir.model.fields"), ("res_id", "=", field.id)])
        self.assertEqual(len(data), 1)
        data.write({"name": "field_res_partner_national_id_%d" % field.id})
        self.assertEqual(self.suffixed(), ["%s.field_res_partner_national_id_%d" % (data.module, field.id)])
        self.assertEqual(rename_suffixed_field_xmlids(self.env.cr), 1)
        data.invalidate_cache()
        self.assertEqual(data.name, "field_res_partner__national_id")
        self.assertEqual(self.suffixed(), [])
