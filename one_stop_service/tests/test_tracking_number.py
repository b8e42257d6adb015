"""Tracking numbers from 20 parallel connections: unique and well-formed."""
import re
import threading
import uuid

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests.common import TransactionCase
from odoo.addons.gov_crm.tests.cleanup import purge


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
