"""The code typed after the password: auth_totp's check, with one 30-second step of clock
drift either side, and nothing but six digits given that second chance."""
import time

import pyotp

from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

SECRET = pyotp.random_base32()


class TestAuthenticatorCodes(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestAuthenticatorCodes, cls).setUpClass()
        # set-up an administrator does: a service manager (a role that requires the second
        # factor) with an enrolled authenticator
        cls.manager = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Manager with an authenticator", "login": "gov_security_totp_manager",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref("gov_crm.group_gov_service_manager").id])]})
        cls.env["res.users.authenticator"].create({
            "name": "Phone", "secret_key": SECRET, "user_id": cls.manager.id})
        cls.manager.mfa_enabled = True
        cls.totp = pyotp.TOTP(SECRET)

    def code(self, steps):
        """The code ``steps`` 30-second steps from now, not within 2 s of a step's end."""
        if time.time() % 30 > 28:
            time.sleep(30 - time.time() % 30 + 0.1)
        return self.totp.at(time.time(), steps)

    def accepts(self, code):
        return self.manager.sudo(self.manager).validate_mfa_confirmation_code(code)

    def test_the_code_of_now_is_accepted(self):
        self.assertTrue(self.accepts(self.code(0)))
        self.assertTrue(self.accepts(" %s " % self.code(0)))

    def test_a_code_of_the_step_before_or_after_is_accepted(self):
        self.assertTrue(self.accepts(self.code(-1)))
        self.assertTrue(self.accepts(self.code(1)))

    def test_a_code_two_steps_away_is_refused(self):
        for steps in (-3, -2, 2, 3):
            code = self.code(steps)
            if code not in {self.code(-1), self.code(0), self.code(1)}:  # 1 in 10^6: same digits
                self.assertFalse(self.accepts(code), "code %d steps away" % steps)

    def test_another_key_s_code_is_refused(self):
        other = pyotp.TOTP(pyotp.random_base32())
        codes = {other.now(), other.at(time.time(), -1), other.at(time.time(), 1)}
        mine = {self.code(-1), self.code(0), self.code(1)}
        for code in codes - mine:
            self.assertFalse(self.accepts(code))

    def test_a_malformed_code_is_refused(self):
        drift = self.code(-1)
        for code in (drift[:5], drift + "0", "0" + drift, "%s %s" % (drift[:3], drift[3:]),
                     drift.replace(drift[0], "x", 1), "", "Test Code", None, 0,
                     # full-width digits: the same code to pyotp's comparison (NFKC), which
                     # accepts the code of now so written, but no second chance
                     "".join(chr(ord(c) + 0xFEE0) for c in drift)):
            self.assertFalse(self.accepts(code), "malformed code %r" % (code,))

    def test_a_user_without_an_authenticator_is_refused(self):
        user = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "No authenticator", "login": "gov_security_totp_none",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id])]})
        self.assertFalse(user.sudo(user).validate_mfa_confirmation_code(self.code(0)))

    def test_no_one_tries_the_codes_of_another_s_authenticator(self):
        officer = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Another employee", "login": "gov_security_totp_other",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id])]})
        with self.assertRaises(AccessError):
            self.manager.authenticator_ids.sudo(officer).validate_conf_code(self.code(0))
        self.assertFalse(self.manager.sudo(officer).validate_mfa_confirmation_code(self.code(0)))
