"""The registers of letters (ทะเบียนหนังสือรับ / ทะเบียนหนังสือส่ง): one per agency, direction,
calendar year and confidentiality, each numbered from 1 without gaps.

The number is taken in the transaction that registers the letter, from the register's row:
``UPDATE ... SET last_number = last_number + 1 ... RETURNING`` locks the row until the
transaction ends, so parallel registrations queue on it and a rolled-back registration gives
its number back. Under Odoo's REPEATABLE READ isolation the transaction that waited fails with a
serialisation error and Odoo runs the call again (up to five times, after a random pause); it
then takes the next number. Secret letters
have registers of their own (kept by the keeper of the secret registers), as the regulation on
official secrets asks, so the general registers show no hole where a secret letter was numbered.
"""
from odoo import api, fields, models

from odoo.addons.gov_crm.lib.be_date import be_year, utc_to_local

DIRECTIONS = [("incoming", "Incoming"), ("outgoing", "Outgoing")]


class GovSarabanRegister(models.Model):
    _name = "gov.saraban.register"
    _description = "Register of letters"
    _order = "year desc, direction, secret"

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one("res.company", string="Agency", required=True, ondelete="restrict", index=True,
                                 readonly=True)
    direction = fields.Selection(DIRECTIONS, required=True, readonly=True, index=True)
    secret = fields.Boolean(string="Secret letters", readonly=True, index=True)
    year = fields.Integer(required=True, readonly=True, index=True, help="Calendar year (Common Era).")
    year_be = fields.Integer(string="Year (B.E.)", compute="_compute_name")
    last_number = fields.Integer(string="Last number", readonly=True)
    letter_ids = fields.One2many("gov.saraban.letter", "register_id", string="Letters", readonly=True)

    _sql_constraints = [
        ("register_uniq", "unique(company_id, direction, secret, year)",
         "An agency has one register per direction, confidentiality and year."),
    ]

    @api.depends("direction", "secret", "year")
    def _compute_name(self):
        for register in self:
            register.year_be = be_year(register.year)
            title = "ทะเบียนหนังสือรับ" if register.direction == "incoming" else "ทะเบียนหนังสือส่ง"
            register.name = "%s%s พ.ศ. %d" % (title, " (ลับ)" if register.secret else "", register.year_be)

    @api.model
    def _saraban_office_moment(self, value=None):
        """The office's wall-clock datetime (naive, in the time zone of its working calendar) of a
        UTC datetime string, now by default."""
        moment = fields.Datetime.from_string(value or fields.Datetime.now())
        return utc_to_local(moment, self.env["resource.calendar"].gov_office_tz())

    @api.model
    def _take_number(self, company, direction, secret, moment=None):
        """(register, number) for a letter registered now: the next number of the register of
        the current calendar year of the office, created on its first letter."""
        year = self._saraban_office_moment(moment).year
        cr = self.env.cr
        key = (company.id, direction, bool(secret), year)
        # a parallel registration makes these statements fail with a serialisation error, which
        # Odoo answers by running the whole call again: expected, so not logged as a bad query
        take = """
            UPDATE gov_saraban_register
               SET last_number = last_number + 1, write_uid = %s, write_date = now() at time zone 'UTC'
             WHERE company_id = %s AND direction = %s AND secret = %s AND year = %s
         RETURNING id, last_number
        """
        cr.execute(take, (self.env.uid,) + key, log_exceptions=False)
        if not cr.rowcount:
            # the register's first letter: the row is created (once, whoever comes first)
            cr.execute("""
                INSERT INTO gov_saraban_register
                       (company_id, direction, secret, year, last_number,
                        create_uid, create_date, write_uid, write_date)
                VALUES (%s, %s, %s, %s, 0, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC')
                ON CONFLICT (company_id, direction, secret, year) DO NOTHING
            """, key + (self.env.uid, self.env.uid), log_exceptions=False)
            cr.execute(take, (self.env.uid,) + key, log_exceptions=False)
        register_id, number = cr.fetchone()
        register = self.browse(register_id)
        register.invalidate_cache(["last_number"])
        return register, number
