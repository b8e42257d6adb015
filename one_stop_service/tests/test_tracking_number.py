"""Tracking numbers from 20 parallel connections: unique and well-formed."""
import re
import threading

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests.common import TransactionCase


class TestTrackingNumber(TransactionCase):

    def test_twenty_parallel_submissions(self):
        registry = odoo.registry(self.env.cr.dbname)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            service = env["oss.service"].create({
                "code": "T-PAR", "name": "ทดสอบพร้อมกัน", "legal_days": 1,
                "document_ids": [(0, 0, {"name": "คำขอ"})]})
            person = env["res.partner"].create({"name": "Parallel", "gov_party_type": "citizen"})
            cr.commit()
            service_id, person_id = service.id, person.id
        names, errors = [], []
        barrier = threading.Barrier(20)

        def submit():
            try:
                with api.Environment.manage(), registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    barrier.wait(30)
                    request = env["oss.request"].create({"partner_id": person_id, "service_id": service_id})
                    request.action_receive_all_documents()
                    request.action_submit()
                    cr.commit()
                    names.append(request.name)
            except Exception as error:  # reported below
                errors.append(repr(error))

        threads = [threading.Thread(target=submit) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        try:
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
                requests = env["oss.request"].search([("service_id", "=", service_id)])
                requests.write({"state": "draft"})
                requests.unlink()
                env["gov.consent"].search([("partner_id", "=", person_id)]).unlink()
                env["oss.service"].browse(service_id).unlink()
                cr.commit()
