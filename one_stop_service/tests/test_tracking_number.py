"""Tracking numbers from 20 parallel connections: unique and well-formed."""
import re
import threading
import uuid

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests.common import TransactionCase
from odoo.addons.base.ir.ir_sequence import IrSequence as OdooSequence
from odoo.addons.gov_crm.models import ir_sequence
from odoo.addons.gov_crm.tests.cleanup import purge
from odoo.addons.gov_crm.tests.common import sql_statements

from .common import OssCase


class TestTrackingNumber(TransactionCase):

    def test_twenty_parallel_submissions(self):
        registry = odoo.registry(self.env.cr.dbname)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            suffix = uuid.uuid4().hex[:6]
            service = env["oss.service"].create({
                "code": "T-PAR-%s" % suffix, "name": "ทดสอบพร้อมกัน %s" % suffix, "legal_days": 1,
                "document_ids": [(0, 0, {"name": "คำขอ"})]})
            person = env["res.partner"].create({"name": "Parallel %s" % suffix, "gov_party_type": "citizen"})
            # pylint: disable-next=invalid-commit  # parallel transactions see committed data only
            cr.commit()
            service_id, person_id = service.id, person.id
        try:
            names, errors = self._submit_in_parallel(registry, person_id, service_id, 20)
            self.assertEqual(errors, [])
            self.assertEqual(len(names), 20)
            self.assertEqual(len(set(names)), 20)
            for name in names:
                self.assertTrue(re.match(r"^OSS-25\d\d-\d{6}$", name), name)
            with registry.cursor() as cr:
                cr.execute("SELECT count(*) FROM oss_request WHERE name = ANY(%s) AND state = 'submitted'", (names,))
                self.assertEqual(cr.fetchone()[0], 20)
        finally:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                # the person and the service take their requests, consents and messages with them
                purge(env, env["res.partner"].browse(person_id), env["oss.service"].browse(service_id))
                # pylint: disable-next=invalid-commit  # parallel transactions see committed data only
                cr.commit()

    @staticmethod
    def _submit_in_parallel(registry, person_id, service_id, count):
        """Submit ``count`` requests at once, each in its own transaction: (names, errors)."""
        names, errors = [], []
        barrier = threading.Barrier(count)

        def submit():
            try:
                with api.Environment.manage(), registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    barrier.wait(30)
                    request = env["oss.request"].create({"partner_id": person_id, "service_id": service_id})
                    request.action_receive_all_documents()
                    request.action_submit()
                    # pylint: disable-next=invalid-commit  # parallel transactions see committed data only
                    cr.commit()
                    names.append(request.name)
            except Exception as error:  # reported by the caller
                errors.append(repr(error))

        threads = [threading.Thread(target=submit) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        return names, errors


class TestTrackingNumberDraw(OssCase):
    """The front desk's submission draws its tracking number in one statement (the system's draw,
    gov_crm/models/ir_sequence.py), from the year's range Odoo's own draw continues."""

    def test_the_front_desk_s_intake_draws_each_number_in_one_statement(self):
        with sql_statements(lambda text: True) as executed:
            request = self.new_request()  # as the front desk
            request.action_submit()
        # one statement per number the intake gave: its tracking number, and where the addons are
        # installed its first department case's and its payment request's
        numbered = self.env["oss.request"].browse(request.id)
        drawn = 1 + sum(len(numbered[name]) for name in ("case_ids", "payment_request_ids") if name in numbered._fields)
        self.assertEqual(executed.count(ir_sequence.DRAW.strip()), drawn)
        # no other statement of a draw: Odoo's search of the year's range is not made
        self.assertFalse([query for query in executed if "ir_sequence_date_range" in query
                          and query != ir_sequence.DRAW.strip()])
        match = re.match(r"^OSS-(25\d\d)-(\d{6})$", request.name)
        self.assertTrue(match, request.name)
        # the next number of the same range, as Odoo's own method draws it
        local_year = int(match.group(1)) - 543
        sequence = self.env.ref("one_stop_service.seq_oss_request").with_context(
            ir_sequence_date="%d-06-30" % local_year)
        self.assertEqual(OdooSequence._next(sequence), "%06d" % (int(match.group(2)) + 1))
