"""Bank statements of bill payments: read, matched on the references, idempotent on re-import."""
import base64
from unittest import TestCase

import pytz

from odoo.exceptions import AccessError, UserError

from ..tools import statement_csv
from .common import PaymentCase

BANGKOK = pytz.timezone("Asia/Bangkok")
HEADER = "date,time,amount,ref1,ref2,payer,bank_ref\n"


class TestStatementCsv(TestCase):

    def test_thai_bank_formats(self):
        content = (HEADER + '25/11/2569,10:31:05,"1,250.50",OSS2569000123,PR2569000045,นายสมชาย ใจดี,KTB1\n'
                   "2026-11-25,23:59,20,oss-2569-000124,,Mr A,KTB2\n\n")
        lines = statement_csv.parse(content.encode("cp874"), BANGKOK)
        self.assertEqual([(str(line["paid_at"]), line["amount"], line["ref1"], line["ref2"], line["payer"],
                           line["bank_ref"]) for line in lines], [
            ("2026-11-25 03:31:05", 1250.5, "OSS2569000123", "PR2569000045", "นายสมชาย ใจดี", "KTB1"),
            ("2026-11-25 16:59:00", 20.0, "oss-2569-000124", "", "Mr A", "KTB2")])
        shuffled = "Bank_Ref,Amount,Date,Time,Ref1,Ref2,Payer,Channel\nX9,5,01/10/2026,08:00:00,A,B,C,ATM\n"
        self.assertEqual(statement_csv.parse(("\ufeff" + shuffled).encode(), BANGKOK)[0]["bank_ref"], "X9")

    def test_malformed_files_are_refused_whole(self):
        cases = [
            (b"", "empty", None),
            (b"date,time,amount\n", "columns", 1),
            ((HEADER + "31/02/2569,10:00,5,A,,P,R1\n").encode(), "date", 2),
            ((HEADER + "01/02/2569,25:00,5,A,,P,R1\n").encode(), "time", 2),
            ((HEADER + "01/02/2569,10:00,-5,A,,P,R1\n").encode(), "amount", 2),
            ((HEADER + "01/02/2569,10:00,5,A,,P,\n").encode(), "bank_ref", 2),
            ((HEADER + "01/02/2569,10:00\n").encode(), "cells", 2),
            (b"\xff\xfe\x00\x81", "encoding", None),
        ]
        for content, kind, line in cases:
            with self.assertRaises(statement_csv.StatementError) as refusal:
                statement_csv.parse(content, BANGKOK)
            self.assertEqual((refusal.exception.kind, refusal.exception.line), (kind, line), content)


class TestBankStatement(PaymentCase):

    def csv(self, *rows):
        return (HEADER + "".join("%s\n" % ",".join(str(cell) for cell in row) for row in rows)).encode()

    def import_file(self, content, user=None):
        wizard = self.env["oss.bank.statement.import"].sudo(user or self.cashier).create(
            {"data_file": base64.b64encode(content), "filename": "ktb-20261125.csv"})
        action = wizard.action_import()
        return self.env["oss.bank.statement"].sudo(user or self.cashier).browse(action["res_id"])

    def test_lines_are_matched_on_the_references(self):
        by_ref1 = self.new_request(self.fixed)
        by_ref2 = self.new_request(self.fixed)
        partly = self.new_request(self.fixed)
        ref2 = by_ref2.payment_request_ids.name
        statement = self.import_file(self.csv(
            ("25/11/2569", "10:00:00", "100.00", by_ref1.name.replace("-", ""), "", "ผู้โอน หนึ่ง", "KTB-A1"),
            ("25/11/2569", "10:05:00", "100.00", "UNKNOWN1", ref2, "ผู้โอน สอง", "KTB-A2"),
            ("25/11/2569", "10:10:00", "40.00", partly.name, "", "ผู้โอน สาม", "KTB-A3"),
            ("25/11/2569", "10:15:00", "500.00", "NOBODY", "", "ผู้โอน สี่", "KTB-A4"),
            ("25/11/2569", "10:20:00", "100.00", partly.name.replace("-", ""), "", "ผู้โอน ห้า", "KTB-A5"),
        ))
        lines = statement.line_ids.sorted("paid_at")
        self.assertEqual(lines.mapped("state"), ["matched", "matched", "matched", "unmatched", "unmatched"])
        self.assertEqual((by_ref1.payment_state, by_ref2.payment_state, partly.payment_state),
                         ("paid", "paid", "partial"))
        payment = lines[0].payment_id
        self.assertEqual((payment.method, payment.reference, payment.payer_name, payment.cashier_id),
                         ("qr", "KTB-A1", "ผู้โอน หนึ่ง", self.cashier))
        self.assertEqual(payment.receipt_id.payer_name, "ผู้โอน หนึ่ง")
        self.assertEqual(lines[3].note, "No request has these references.")
        self.assertIn("more than the balance due of %s (60.00 baht)" % partly.name, lines[4].note)
        self.assertEqual(lines[4].request_id, partly)
        self.assertEqual((statement.line_count, statement.unmatched_count, statement.skipped_count), (5, 2, 0))

    def test_reimport_adds_nothing(self):
        request = self.new_request(self.fixed)
        content = self.csv(("25/11/2569", "10:00", "100", request.name, "", "P", "KTB-B1"),
                           ("25/11/2569", "10:01", "5", "NOBODY", "", "Q", "KTB-B2"))
        self.import_file(content)
        again = self.import_file(content, user=self.cashier2)
        self.assertFalse(again.line_ids)
        self.assertEqual(again.skipped_count, 2)
        self.assertEqual(len(request.payment_ids), 1)
        self.assertEqual(self.env["oss.bank.statement.line"].search_count([("bank_ref", "like", "KTB-B")]), 2)

    def test_cashier_matches_or_sets_aside_unmatched_lines(self):
        request = self.new_request(self.fixed)
        statement = self.import_file(self.csv(
            ("25/11/2569", "10:00", "100", "TYPO123", "", "P", "KTB-C1"),
            ("25/11/2569", "10:01", "7", "TYPO124", "", "Q", "KTB-C2")))
        first, second = statement.line_ids.sorted("paid_at")
        action = first.sudo(self.cashier).action_oss_match()
        wizard = self.env["oss.bank.line.match.wizard"].sudo(self.cashier).browse(action["res_id"])
        with self.assertRaises(UserError):
            wizard.action_match()  # no request chosen
        wizard.request_id = request
        wizard.action_match()
        self.assertEqual((first.state, first.payment_id.amount, request.payment_state), ("matched", 100.0, "paid"))
        with self.assertRaises(UserError):
            second.sudo(self.cashier)._oss_ignore(" ")
        second.sudo(self.cashier)._oss_ignore("refunded by the bank")
        self.assertEqual((second.state, second.note), ("ignored", "refunded by the bank"))

    def test_only_cashiers_import(self):
        with self.assertRaises(AccessError):
            self.import_file(self.csv(("25/11/2569", "10:00", "1", "A", "", "P", "KTB-D1")), user=self.front_desk)
        with self.assertRaises(AccessError):
            self.import_file(self.csv(("25/11/2569", "10:00", "1", "A", "", "P", "KTB-D1")), user=self.manager)
        statement = self.import_file(self.csv(("25/11/2569", "10:00", "1", "A", "", "P", "KTB-D1")))
        with self.assertRaises(AccessError):
            statement.line_ids.sudo(self.cashier).write({"state": "matched"})
        with self.assertRaises(UserError):
            statement.sudo().unlink()

    def test_error_message_names_the_line(self):
        with self.assertRaises(UserError) as refusal:
            self.import_file((HEADER + "25/11/2569,10:00,abc,A,,P,R\n").encode())
        self.assertEqual(refusal.exception.name, "Line 2: the amount abc is not a positive number of baht.")
