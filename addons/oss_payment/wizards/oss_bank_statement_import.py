"""Import a bank's bill-payment statement (CSV) and match its lines; match or set aside the rest by hand."""
import base64
import csv

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_gate

from ..tools import statement_csv


class OssBankStatementImport(models.TransientModel):
    _name = "oss.bank.statement.import"
    _description = "Import a bank statement"

    data_file = fields.Binary(string="Statement file (CSV)", required=True)
    filename = fields.Char()

    @api.multi
    def action_import(self):
        self.ensure_one()
        self.env["oss.payment"]._oss_check_cashier()
        statement = self.env["oss.bank.statement"]._oss_import(
            self.filename or "statement.csv", base64.b64decode(self.data_file or b""))
        action = self.env.ref("oss_payment.oss_bank_statement_action").read()[0]
        action.update(res_id=statement.id, view_mode="form", views=[(False, "form")])
        return action


class OssBankStatement(models.Model):
    _inherit = "oss.bank.statement"

    @api.model
    def _oss_import(self, filename, content):
        """A statement of the file's new lines (those of a bank reference not seen before), matched."""
        try:
            lines = statement_csv.parse(content, self.env["resource.calendar"].gov_office_tz())
        except statement_csv.StatementError as error:
            raise UserError(self._oss_error_text(error))
        except csv.Error as error:
            raise UserError(_("The file is not a CSV file: %(error)s") % {"error": error})
        Line = self.env["oss.bank.statement.line"]
        known = set(Line.search([("bank_ref", "in", [line["bank_ref"] for line in lines])]).mapped("bank_ref"))
        new, seen = [], set()
        for line in lines:
            if line["bank_ref"] in known or line["bank_ref"] in seen:
                continue
            seen.add(line["bank_ref"])
            new.append(line)
        statement = self.create({"name": filename, "skipped_count": len(lines) - len(new)})
        with protected_gate():  # the lines are what the bank's file says: written by the import only
            created = Line.browse()
            for line in new:
                created |= Line.create(dict(line, statement_id=statement.id,
                                            paid_at=fields.Datetime.to_string(line["paid_at"])))
        created._oss_match()
        return statement

    @api.model
    def _oss_error_text(self, error):
        texts = {
            "encoding": _("The file is neither UTF-8 nor Thai Windows (cp874) text."),
            "empty": _("The file is empty."),
            "columns": _("The first line must name the columns date, time, amount, ref1, ref2, payer and "
                         "bank_ref; missing: %(value)s."),
            "too_many": _("The file has more than %(value)s lines: split it."),
            "cells": _("Line %(line)s has fewer cells than the columns."),
            "date": _("Line %(line)s: the date %(value)s is not DD/MM/YYYY or YYYY-MM-DD."),
            "time": _("Line %(line)s: the time %(value)s is not HH:MM or HH:MM:SS."),
            "amount": _("Line %(line)s: the amount %(value)s is not a positive number of baht."),
            "bank_ref": _("Line %(line)s: the bank reference is empty."),
        }
        return texts[error.kind] % {"line": error.line, "value": error.value}


class OssBankLineMatchWizard(models.TransientModel):
    _name = "oss.bank.line.match.wizard"
    _description = "Match a bank statement line"

    line_id = fields.Many2one("oss.bank.statement.line", required=True, readonly=True,
                              ondelete="cascade")
    amount = fields.Float(related="line_id.amount", readonly=True)
    request_id = fields.Many2one("oss.request", ondelete="cascade",
                                 domain=[("payment_state", "in", ("unpaid", "partial"))])
    reason = fields.Char(string="Reason for setting it aside")

    @api.model
    def _oss_open(self, line):
        self.env["oss.payment"]._oss_check_cashier()
        wizard = self.create({"line_id": line.id, "request_id": line.request_id.id})
        return {"type": "ir.actions.act_window", "name": wizard._description, "res_model": self._name,
                "res_id": wizard.id, "view_mode": "form", "target": "new"}

    @api.multi
    def action_match(self):
        self.ensure_one()
        if not self.request_id:
            raise UserError(_("Choose the request this money is for."))
        self.line_id._oss_match(self.request_id)
        if self.line_id.state != "matched":
            raise UserError(self.line_id.note)
        return {"type": "ir.actions.act_window_close"}

    @api.multi
    def action_ignore(self):
        self.ensure_one()
        self.env["oss.payment"]._oss_check_cashier()
        self.line_id._oss_ignore(self.reason)
        return {"type": "ir.actions.act_window_close"}
