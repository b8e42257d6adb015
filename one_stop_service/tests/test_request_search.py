"""Requests filtered by the applicant's or the service's name, code or identifier, with the
operators Odoo's many2one domains pass on (lists of names included)."""
from .common import OssCase


class TestRequestSearch(OssCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_service = cls.env["oss.service"].create({
            "code": "T02", "name": "บริการทดสอบสอง", "name_en": "Second test service", "legal_days": 3})
        Request = cls.env["oss.request"].sudo(cls.front_desk)
        cls.thai = Request.create({"partner_id": cls.person.id, "service_id": cls.service.id})
        cls.english = Request.create({"partner_id": cls.person_en.id, "service_id": cls.other_service.id})
        cls.mine = cls.thai | cls.english

    def _found(self, domain):
        return self.env["oss.request"].sudo(self.front_desk).search(domain) & self.mine

    def test_applicant_in_a_list_of_names(self):
        self.assertEqual(self._found([("partner_id", "in", ["นายทดสอบ ระบบ"])]), self.thai)
        self.assertEqual(self._found([("partner_id", "in", ["นายทดสอบ ระบบ", "Test Person"])]), self.mine)
        self.assertEqual(self._found([("partner_id", "not in", ["Test Person"])]), self.thai)

    def test_applicant_by_identifier_or_phone(self):
        self.assertEqual(self._found([("partner_id", "=", "1-1017-00203-45-0")]), self.thai)
        self.assertEqual(self._found([("partner_id", "in", ["1-1017-00203-45-0", "Test Person"])]), self.mine)
        self.assertEqual(self._found([("partner_id", "!=", "1-1017-00203-45-0")]), self.english)
        self.assertEqual(self._found([("partner_id", "ilike", "081 999")]), self.english)

    def test_service_by_codes_and_names(self):
        self.assertEqual(self._found([("service_id", "in", ["T01", "T02"])]), self.mine)
        self.assertEqual(self._found([("service_id", "in", ["Second test service"])]), self.english)
        self.assertEqual(self._found([("service_id", "not in", ["T01"])]), self.english)
        self.assertEqual(self._found([("service_id", "=", "t02")]), self.english)
        self.assertEqual(self._found([("service_id", "!=", "T02")]), self.thai)
        self.assertEqual(self._found([("service_id", "ilike", "T0")]), self.mine)
        self.assertEqual(self._found([("service_id", "not ilike", "สอง")]), self.thai)

    def test_service_name_search_as_typed(self):
        Service = self.env["oss.service"].sudo(self.front_desk)
        self.assertEqual(Service.name_search(["T01", "Second test service"], operator="in"),
                         [(self.service.id, "[T01] บริการทดสอบ"), (self.other_service.id, "[T02] บริการทดสอบสอง")])
        self.assertNotIn(self.other_service.id,
                         [row[0] for row in Service.name_search("T02", operator="!=", limit=None)])
