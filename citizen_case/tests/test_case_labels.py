"""The case's labels are in Thai for a Thai officer, including those whose xmlid another field shares."""
from .common import RoutedCaseCase


class TestCaseLabels(RoutedCaseCase):

    def test_stage_meaning_is_labelled_in_thai(self):
        self.officer.lang = "th_TH"
        cases = self.env["citizen.case"].sudo(self.officer).with_context(lang="th_TH")
        self.assertEqual(cases.fields_get(["stage_state"])["stage_state"]["string"], "ความหมายของขั้นตอน")
        stages = self.env["citizen.case.stage"].sudo(self.officer).with_context(lang="th_TH")
        self.assertTrue(stages.fields_get(["state"])["state"]["help"].startswith("ความหมาย"))
