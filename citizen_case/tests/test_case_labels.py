"""The case's labels are in Thai for a Thai officer, including those whose xmlid another field shares."""
from unittest.mock import patch

from .common import RoutedCaseCase


class TestCaseLabels(RoutedCaseCase):

    def test_stage_meaning_is_labelled_in_thai(self):
        self.officer.lang = "th_TH"
        cases = self.env["citizen.case"].sudo(self.officer).with_context(lang="th_TH")
        self.assertEqual(cases.fields_get(["stage_state"])["stage_state"]["string"], "ความหมายของขั้นตอน")
        stages = self.env["citizen.case.stage"].sudo(self.officer).with_context(lang="th_TH")
        self.assertTrue(stages.fields_get(["state"])["state"]["help"].startswith("ความหมาย"))

    def test_the_stage_meaning_of_a_new_case_is_checked_without_its_labels(self):
        """A case's stage meaning follows its stage: the value written with a new case is checked against
        the stage's meanings, as Odoo checks a choice, without translating their labels for the officer."""
        cases = self.env["citizen.case"].sudo(self.officer).with_context(lang="th_TH")
        Translation = type(self.env["ir.translation"])
        with patch.object(Translation, "_get_source", autospec=True, side_effect=Translation._get_source) as labels:
            cases._check_selection_field_value("stage_state", "new")
            cases._check_selection_field_value("stage_state", False)
        self.assertEqual(labels.call_count, 0)
        with self.assertRaisesRegex(ValueError, "Wrong value for citizen.case.stage_state: 'finished'"):
            cases._check_selection_field_value("stage_state", "finished")
        with self.assertRaisesRegex(ValueError, "Wrong value for citizen.case.priority: '9'"):
            cases._check_selection_field_value("priority", "9")  # another choice: as Odoo checks it
