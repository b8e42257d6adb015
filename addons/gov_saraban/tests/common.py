"""Shared fixtures: an agency with one user per role, a test PKI and letters in every state."""
import base64
import datetime
from contextlib import contextmanager
from unittest.mock import patch

from odoo import fields
from odoo.tests.common import SavepointCase

from odoo.addons.gov_crm.tests.common import new_user

from ..lib import pki

PASSPHRASE = "รหัสผ่าน-ทดสอบ"


class TestPki:
    """A CA the agency trusts, another it does not, and certificates of every kind."""

    def __init__(self):
        self.ca_key, self.ca = pki.make_ca("TEST Saraban Root CA", "TEST")
        self.other_ca_key, self.other_ca = pki.make_ca("TEST Unknown CA", "TEST")
        self.crl_url = "http://pki.test.invalid/root.crl"

    def signer(self, name, ca=None, **kwargs):
        """PKCS#12 bytes of a signer certificate issued by the trusted CA (or ``ca``)."""
        ca_key, ca_certificate = ca or (self.ca_key, self.ca)
        key, certificate = pki.make_certificate(ca_key, ca_certificate, name, "TEST", crl_url=self.crl_url,
                                                **kwargs)
        return pki.to_pkcs12(key, certificate, [ca_certificate], PASSPHRASE), certificate

    def expired(self, name):
        return self.signer(name, valid_from=datetime.datetime.utcnow() - datetime.timedelta(days=400), days=30)

    def crl(self, revoked=()):
        return pki.make_crl(self.ca_key, self.ca, revoked)


class SarabanCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))

        def user(login, *groups, **values):
            return new_user(cls.env, login, *groups, **values)

        cls.clerk = user("sb_clerk", "gov_saraban.group_saraban_clerk")
        cls.keeper = user("sb_keeper", "gov_saraban.group_saraban_secret")
        cls.signer = user("sb_signer", "gov_saraban.group_saraban_signer", "gov_crm.group_gov_supervisor",
                          gov_saraban_position="ปลัดเทศบาล")
        cls.signer_b = user("sb_signer_b", "gov_saraban.group_saraban_signer")
        cls.officer = user("sb_officer", "gov_crm.group_gov_officer")
        cls.officer_other = user("sb_officer_other", "gov_crm.group_gov_officer")
        cls.front_desk = user("sb_front", "gov_crm.group_gov_front_desk")
        cls.manager = user("sb_manager", "gov_crm.group_gov_service_manager")
        cls.privacy = user("sb_privacy", "gov_crm.group_gov_privacy_officer")
        cls.portal = user("sb_portal", "base.group_portal")
        Department = cls.env["gov.department"]
        cls.dep = Department.create({"name": "กองทดสอบสารบรรณ", "code": "TSB", "manager_id": cls.signer.id,
                                     "member_ids": [(6, 0, [cls.officer.id])], "saraban_phone": "0 4300 0000"})
        cls.dep_other = Department.create({"name": "กองอื่น", "code": "TSX",
                                           "member_ids": [(6, 0, [cls.officer_other.id])]})
        cls.company = cls.env.user.company_id
        cls.company.write({"gov_saraban_prefix": "ทส 9999", "gov_saraban_address": "ถนนทดสอบ จังหวัดขอนแก่น",
                           "gov_saraban_intake_department_id": cls.dep.id, "gov_saraban_tsa_url": False})
        cls.agency = cls.env["res.partner"].create({
            "name": "สำนักงานทดสอบปลายทาง", "is_company": True, "gov_party_type": "agency",
            "gov_saraban_code": "ทส 1111", "gov_saraban_addressee": "ผู้อำนวยการสำนักงานทดสอบ"})
        cls.pki = TestPki()
        cls.env["gov.saraban.trusted.root"].search([]).write({"active": False})
        cls.root = cls.env["gov.saraban.trusted.root"].create({
            "name": "TEST root", "certificate_file": base64.b64encode(pki.pem(cls.pki.ca)),
            "crl_file": base64.b64encode(cls.pki.crl())})
        cls.Letter = cls.env["gov.saraban.letter"]

    @classmethod
    def give_certificate(cls, user, p12=None):
        p12 = p12 or cls.pki.signer("TEST %s" % user.login)[0]
        wizard = cls.env["gov.saraban.certificate.upload"].sudo(user).create({
            "pkcs12_file": base64.b64encode(p12), "passphrase": PASSPHRASE})
        return wizard.certificate_id

    def draft(self, user=None, **values):
        """An outgoing draft, made by ``user`` (the officer) and read as them."""
        vals = {"direction": "outgoing", "partner_id": self.agency.id, "department_id": self.dep.id,
                "signer_id": self.signer.id, "subject": "ขอข้อมูลทะเบียนราษฎร (data request)",
                "addressee": "ผู้อำนวยการสำนักงานทดสอบ", "body": "ด้วยเทศบาลขอข้อมูล\n\nจึงเรียนมาเพื่อโปรดพิจารณา"}
        vals.update(values)
        return self.Letter.sudo(user or self.officer).create(vals)

    def incoming(self, user=None, **values):
        """An incoming letter, taken in by ``user`` (the clerk) and read as them."""
        vals = {"direction": "incoming", "partner_id": self.agency.id, "reference": "ทส 1111/77",
                "subject": "หนังสือเข้า", "letter_date": "2026-11-20"}
        vals.update(values)
        return self.Letter.sudo(user or self.clerk).create(vals)

    @staticmethod
    @contextmanager
    def at(utc_string):
        """Freeze fields.Datetime.now() (UTC) at the given instant."""
        with patch.object(fields.Datetime, "now", lambda *args: utc_string):
            yield utc_string
