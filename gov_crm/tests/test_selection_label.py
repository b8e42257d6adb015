"""One label of a selection field is the one the field's whole translated list gives."""
from odoo.tests.common import SavepointCase

from ..tools.selection import selection_label


class TestSelectionLabel(SavepointCase):

    def test_one_label_as_the_whole_list_gives_it(self):
        langs = ["en_US"] + (["th_TH"] if self.env["res.lang"].search([("code", "=", "th_TH")]) else [])
        fields = [("res.partner", "gov_party_type"), ("gov.consent", "purpose"), ("gov.consent", "lawful_basis"),
                  ("res.partner", "tz")]  # the last one's labels come from a method
        for lang in langs:
            for model, name in fields:
                records = self.env[model].with_context(lang=lang)
                expected = dict(records._fields[name]._description_selection(records.env))
                with self.subTest(lang=lang, field=name):
                    self.assertEqual({value: selection_label(records, name, value) for value in expected}, expected)
                    self.assertEqual(selection_label(records, name, "no such value", "fallback"), "fallback")
                    self.assertIsNone(selection_label(records, name, "no such value"))
        if "th_TH" in langs:
            people = self.env["res.partner"].with_context(lang="th_TH")
            self.assertEqual(selection_label(people, "gov_party_type", "citizen"), "G2C ประชาชน")
        # without a language, the labels as written
        people = self.env["res.partner"].with_context(lang=None)
        self.assertEqual(selection_label(people, "gov_party_type", "citizen"),
                         dict(people._fields["gov_party_type"].selection)["citizen"])
