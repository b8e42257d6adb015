from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase


class TestDepartment(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Department = cls.env["gov.department"]
        cls.officer = cls.env.ref("gov_crm.user_officer1_demo")

    def test_municipality_units_loaded(self):
        registration = self.env.ref("gov_crm.department_civil_registration")
        self.assertEqual(registration.code, "REG")
        self.assertEqual(registration.parent_id, self.env.ref("gov_crm.department_clerk_office"))
        self.assertEqual(registration.name_get()[0][1], "[REG] งานทะเบียนราษฎร")

    def test_officer_reads_but_cannot_create(self):
        self.assertTrue(self.Department.sudo(self.officer).search_count([]) >= 10)
        with self.assertRaises(AccessError):
            self.Department.sudo(self.officer).create({"name": "x", "code": "X"})
