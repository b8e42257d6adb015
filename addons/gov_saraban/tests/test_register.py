"""Registers: numbered per agency, direction, confidentiality and calendar year, from 1 without gaps."""
from odoo.exceptions import AccessError, UserError

from .common import SarabanCase


class TestRegister(SarabanCase):

    def test_incoming_letters_are_numbered_in_order_in_the_year_register(self):
        letters = [self.incoming(subject="หนังสือ %d" % i) for i in range(3)]
        for letter in letters:
            letter.sudo(self.clerk).action_register()
        numbers = [letter.number for letter in letters]
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 3)))
        register = letters[0].register_id
        self.assertEqual(register.last_number, numbers[-1])
        self.assertEqual((register.direction, register.secret), ("incoming", False))
        self.assertEqual(letters[1].name, "รับ %d/%d" % (numbers[1], register.year + 543))
        self.assertEqual(letters[1].state, "registered")

    def test_the_year_boundary_starts_a_new_series(self):
        # 2026-12-31 23:59 and 2027-01-01 00:00 in Bangkok (UTC+7)
        with self.at("2026-12-31 16:59:00"):
            last_of_2026 = self.incoming()
            last_of_2026.sudo(self.clerk).action_register()
        with self.at("2026-12-31 17:00:30"):
            first_of_2027 = self.incoming()
            first_of_2027.sudo(self.clerk).action_register()
            second_of_2027 = self.incoming()
            second_of_2027.sudo(self.clerk).action_register()
        self.assertEqual(last_of_2026.register_id.year, 2026)
        self.assertEqual(first_of_2027.register_id.year, 2027)
        self.assertEqual((first_of_2027.number, second_of_2027.number), (1, 2))
        self.assertEqual(first_of_2027.name, "รับ 1/2570")
        self.assertEqual(first_of_2027.register_id.name, "ทะเบียนหนังสือรับ พ.ศ. 2570")
        self.assertEqual(first_of_2027.with_context(lang="th_TH").date_registered_be, "1 มกราคม 2570 เวลา 00:00 น.")

    def test_the_year_and_the_date_are_those_of_the_office_time_zone(self):
        # an agency whose working calendar keeps UTC: 17:00 UTC on 31 December is still 2026 there
        self.env.ref("gov_crm.calendar_gov_office").gov_tz = "UTC"
        with self.at("2026-12-31 17:00:30"):
            letter = self.incoming()
            letter.sudo(self.clerk).action_register()
        self.assertEqual(letter.register_id.year, 2026)
        self.assertEqual(letter.name, "รับ %d/2569" % letter.number)
        self.assertEqual(letter.with_context(lang="th_TH").date_registered_be, "31 ธันวาคม 2569 เวลา 17:00 น.")
        self.assertEqual(letter.with_context(lang="en_US").date_registered_be, "31 December 2569 B.E. 17:00")

    def test_secret_letters_have_registers_of_their_own(self):
        general = self.incoming()
        general.sudo(self.clerk).action_register()
        secret = self.incoming(user=self.keeper, secrecy="secret", recipient_user_ids=[(6, 0, [self.officer.id])])
        secret.sudo(self.keeper).action_register()
        self.assertTrue(secret.register_id.secret)
        self.assertNotEqual(secret.register_id, general.register_id)
        self.assertEqual(secret.name, "รับ (ลับ) %d/%d" % (secret.number, secret.register_id.year + 543))
        after = self.incoming()
        after.sudo(self.clerk).action_register()
        self.assertEqual(after.number, general.number + 1, "the general register shows no hole")

    def test_a_clerk_cannot_register_a_secret_letter(self):
        secret = self.incoming(user=self.keeper, secrecy="confidential")
        with self.assertRaises(AccessError):
            secret.sudo(self.clerk).action_register()
        with self.assertRaises(AccessError) as refused:
            secret.sudo(self.officer).action_register()
        self.assertEqual(str(refused.exception.name), "Only the registry clerk registers, routes and sends letters.")

    def test_a_cancelled_letter_keeps_its_number_and_cannot_be_deleted(self):
        letter = self.incoming()
        letter.sudo(self.clerk).action_register()
        number = letter.number
        letter.sudo(self.clerk).action_cancel()
        self.assertEqual((letter.state, letter.number), ("cancelled", number))
        with self.assertRaises(AccessError):
            letter.sudo(self.clerk).unlink()
        with self.assertRaises(AccessError):
            letter.sudo(self.keeper).unlink()
        next_letter = self.incoming()
        next_letter.sudo(self.clerk).action_register()
        self.assertEqual(next_letter.number, number + 1)

    def test_register_fields_move_only_through_actions(self):
        letter = self.incoming()
        for values in ({"number": 5}, {"state": "registered"}, {"name": "รับ 5/2569"},
                       {"signature_verdict": "valid"}):
            with self.assertRaises(AccessError):
                letter.sudo(self.clerk).write(values)
        letter.sudo(self.clerk).action_register()
        with self.assertRaises(AccessError):
            letter.sudo(self.clerk).write({"subject": "แก้เรื่องหลังลงทะเบียน"})
        with self.assertRaises(UserError):
            letter.sudo(self.clerk).action_register()

    def test_outgoing_letters_are_not_registered_by_the_clerk(self):
        letter = self.draft()
        with self.assertRaises(UserError):
            letter.sudo(self.clerk).action_register()
