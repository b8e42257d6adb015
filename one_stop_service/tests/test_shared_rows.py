"""The service, its steps and documents, the channels and the other configuration read by the front
desk in one call are not fetched again by the next (gov_crm/models/base_shared_rows.py), and what
each call reads is what the database holds: a manager's change at once, a change rolled back never,
a translation edited in the translations' screen at once, and nothing to a user whose record rules
the fetch would have applied.
"""
from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError

from odoo.addons.gov_crm.tests.common import sql_statements

from .common import OssCase


class RolledBack(Exception):
    """Ends a block whose changes are rolled back."""


def service_fetches(text):
    return text.startswith("SELECT oss_service.id,")


class TestSharedRows(OssCase):

    def next_call(self):
        """What the next call of the web client starts from: the previous call committed (the
        registry has signalled its changes), a transaction opened after it, an empty record cache.
        The test's cursor stands for the call's own, which is stamped with the store's generation
        as it is opened."""
        self.registry.signal_changes()
        self.cr._gov_rows_generation = self.registry._gov_rows_generation
        self.env.cache.invalidate()

    def read_service(self, user):
        service = self.env["oss.service"].sudo(user).browse(self.service.id)
        return (service.name, service.name_en, service.legal_days, service.fee,
                service.step_ids.mapped("name"), service.step_ids.mapped("department_id.name"),
                service.document_ids.mapped("name"))

    def test_the_next_call_reads_the_service_without_fetching_it(self):
        self.next_call()
        with sql_statements(service_fetches) as fetched:
            first = self.read_service(self.front_desk)
        self.assertEqual(len(fetched), 1)
        self.next_call()
        with sql_statements(lambda text: text.startswith(("SELECT oss_service.id,", "SELECT oss_service_step.id,",
                                                          "SELECT gov_department.id,"))) as fetched:
            again = self.read_service(self.front_desk)
        self.assertEqual(fetched, [])
        self.assertEqual(again, first)
        self.assertEqual(first[:4], ("บริการทดสอบ", "Test service", 5, 100.0))
        self.assertEqual(first[4], ["Check", "Inspect", "Assess", "Approve"])
        # what was kept is what the database holds
        self.cr.execute("SELECT name, name_en, legal_days, fee FROM oss_service WHERE id = %s", (self.service.id,))
        self.assertEqual(self.cr.fetchone(), first[:4])

    def test_the_next_call_reads_the_service_s_steps_and_documents_without_searching_them(self):
        def line_searches(text):
            return text.startswith(("SELECT oss_service_step.id FROM", "SELECT oss_service_document.id FROM"))

        self.next_call()
        with sql_statements(line_searches) as searched:
            first = self.read_service(self.front_desk)
        self.assertEqual(len(searched), 2)
        self.next_call()
        with sql_statements(line_searches) as searched:
            again = self.read_service(self.front_desk)
        self.assertEqual(searched, [])
        self.assertEqual(again, first)
        service = self.service.sudo(self.front_desk)
        self.assertEqual(service.step_ids, self.env["oss.service.step"].search([("service_id", "=", self.service.id)]))
        # the lines in another language are searched and kept apart (their order may differ)
        with sql_statements(line_searches) as searched:
            self.assertEqual(service.with_context(lang="th_TH").step_ids.ids, service.step_ids.ids)
        self.assertEqual(len(searched), 1)

    def test_a_step_added_or_removed_by_a_manager_is_read_at_once(self):
        self.next_call()
        steps = self.service.sudo(self.front_desk).step_ids
        added = self.env["oss.service.step"].sudo(self.manager).create({
            "service_id": self.service.id, "sequence": 99, "name": "Archive the file",
            "department_id": steps[0].department_id.id})
        self.next_call()
        self.assertEqual(self.service.sudo(self.front_desk).step_ids, steps | added)
        steps[0].sudo(self.manager).unlink()
        self.next_call()
        self.assertEqual(self.service.sudo(self.front_desk).step_ids, steps[1:] | added)
        # a step moved to another service leaves this one's lines
        other = self.service.sudo(self.manager).copy({"code": "T-OTHER"})
        added.sudo(self.manager).write({"service_id": other.id})
        self.next_call()
        self.assertEqual(self.service.sudo(self.front_desk).step_ids, steps[1:])

    def test_lines_under_a_record_rule_are_searched_for_that_user(self):
        self.next_call()
        steps = self.service.step_ids  # the system's read: the lines are kept
        self.assertEqual(self.service.sudo(self.front_desk).step_ids, steps)
        # set-up by the administrator: the front desk no longer sees the first step
        self.env["ir.rule"].create({
            "name": "test: not this step", "model_id": self.env.ref("one_stop_service.model_oss_service_step").id,
            "domain_force": "[('id', '!=', %d)]" % steps[0].id,
            "groups": [(6, 0, [self.env.ref("gov_crm.group_gov_front_desk").id])]})
        self.next_call()
        self.assertEqual(self.service.step_ids, steps)
        self.next_call()
        self.assertEqual(self.service.sudo(self.front_desk).step_ids, steps[1:])

    def test_a_manager_s_change_is_read_at_once_and_one_rolled_back_never(self):
        self.next_call()
        self.assertEqual(self.read_service(self.front_desk)[0], "บริการทดสอบ")
        self.service.sudo(self.manager).write({"name": "บริการทดสอบ (ปรับปรุง)"})
        self.next_call()
        self.assertEqual(self.read_service(self.front_desk)[0], "บริการทดสอบ (ปรับปรุง)")
        # a change read back before its transaction is rolled back (a constraint's check)
        with self.assertRaises(RolledBack), self.cr.savepoint():
            self.service.sudo(self.manager).write({"name": "ไม่บันทึก"})
            self.env.cache.invalidate()
            self.assertEqual(self.read_service(self.front_desk)[0], "ไม่บันทึก")
            raise RolledBack()
        self.registry.reset_changes()  # as the failed call's end does
        self.next_call()
        self.assertEqual(self.read_service(self.front_desk)[0], "บริการทดสอบ (ปรับปรุง)")
        self.next_call()
        self.assertEqual(self.read_service(self.front_desk)[0], "บริการทดสอบ (ปรับปรุง)")

    def test_a_row_read_in_a_savepoint_rolled_back_later_in_the_call_is_not_kept(self):
        """The call goes on after its savepoint is rolled back (an import that skips a line)."""
        self.next_call()
        with self.assertRaises(RolledBack), self.cr.savepoint():
            self.service.sudo(self.manager).write({"legal_days": 9})
            self.env.cache.invalidate()
            self.assertEqual(self.read_service(self.front_desk)[2], 9)
            raise RolledBack()
        self.env.cache.invalidate()
        self.assertEqual(self.read_service(self.front_desk)[2], 5)
        self.next_call()
        self.assertEqual(self.read_service(self.front_desk)[2], 5)

    def test_a_user_under_a_record_rule_is_refused_what_the_store_holds(self):
        self.next_call()
        self.read_service(self.env.user)  # the system's read: the rows are kept
        self.read_service(self.front_desk)
        # set-up by the administrator: the front desk may no longer read this service
        self.env["ir.rule"].create({
            "name": "test: not this service", "model_id": self.env.ref("one_stop_service.model_oss_service").id,
            "domain_force": "[('id', '!=', %d)]" % self.service.id,
            "groups": [(6, 0, [self.env.ref("gov_crm.group_gov_front_desk").id])]})
        self.next_call()
        self.read_service(self.env.user)
        self.next_call()
        with self.assertRaises(AccessError):
            self.read_service(self.front_desk)

    def test_a_translation_edited_is_read_at_once(self):
        channel = self.env.ref("one_stop_service.oss_channel_counter")
        self.next_call()
        thai = channel.sudo(self.front_desk).with_context(lang="th_TH").name
        english = channel.sudo(self.front_desk).with_context(lang="en_US").name
        self.assertNotEqual(thai, english)
        # the manager edits the Thai name in the translations' screen (not through the channel)
        Translation = self.env["ir.translation"]
        row = Translation.search([("name", "=", "oss.channel,name"), ("res_id", "=", channel.id),
                                  ("lang", "=", "th_TH"), ("type", "=", "model")])
        self.assertTrue(row)
        row.write({"value": "เคาน์เตอร์บริการ (ใหม่)"})
        self.next_call()
        self.assertEqual(channel.sudo(self.front_desk).with_context(lang="th_TH").name, "เคาน์เตอร์บริการ (ใหม่)")
        self.assertEqual(channel.sudo(self.front_desk).with_context(lang="en_US").name, english)

    def test_an_intake_leaves_the_configuration_kept(self):
        """The daily work changes no row of the configuration: each change would empty every
        cache of every process."""
        self.next_call()
        generation = self.registry._gov_rows_generation
        request = self.new_request()
        request.sudo(self.front_desk).action_submit()
        self.run_notice_jobs()
        request.step_ids[0].sudo(self.officer_reg).action_done("ok")
        self.assertFalse(self.registry.cache_invalidated)
        self.assertEqual(self.registry._gov_rows_generation, generation)

    def test_a_call_opened_before_a_change_is_committed_keeps_nothing(self):
        """A call of another thread of a threaded server, opened while a manager's change is not
        committed, may see the rows as they were (its snapshot): it keeps none of them, before the
        change commits or after."""
        def kept():
            return self.registry._gov_rows.get("oss.service", {})

        self.next_call()
        self.service.sudo(self.manager).write({"legal_days": 7})  # the other call's change
        self.cr._gov_rows_generation = self.registry._gov_rows_generation  # a call opened now
        self.env.cache.invalidate()
        self.read_service(self.front_desk)
        self.assertNotIn(self.service.id, kept())
        self.registry.signal_changes()  # the change commits
        self.env.cache.invalidate()
        self.read_service(self.front_desk)  # the call opened before goes on
        self.assertNotIn(self.service.id, kept())
        self.next_call()  # a call opened after the commit
        self.assertEqual(self.read_service(self.front_desk)[2], 7)
        self.assertIn(self.service.id, kept())

    def test_the_superuser_reads_a_user_s_company_once_and_no_password_is_kept(self):
        self.next_call()
        system = self.env["res.users"].browse(self.front_desk.id)
        company = system.company_id
        self.assertIn("password_crypt", system.read(["password_crypt", "login"])[0])
        self.next_call()
        with sql_statements(lambda text: text.startswith("SELECT res_users.id")) as fetched:
            self.assertEqual(self.env["res.users"].browse(self.front_desk.id).company_id, company)
        self.assertEqual(fetched, [])
        row = self.registry._gov_rows["res.users"][self.front_desk.id]
        self.assertEqual(row["login"], "oss_fd")
        self.assertFalse({"password", "password_crypt"} & set(row))
        # the front desk's own read goes through the record rules on users, as before
        with sql_statements(lambda text: text.startswith("SELECT res_users.id")) as fetched:
            self.assertEqual(self.env["res.users"].sudo(self.front_desk).browse(self.front_desk.id).login, "oss_fd")
        self.assertEqual(len(fetched), 1)

    def test_only_a_transaction_opened_after_checking_the_others_changes_uses_the_store(self):
        """A script, a shell or a test reading the database in its own transaction has not heard
        of another process's change (a server's request checks the signalling first): it fetches."""
        def company_fetches():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                with sql_statements(lambda text: text.startswith("SELECT res_company.id")) as fetched:
                    self.assertTrue(env["res.company"].browse(self.env.ref("base.main_company").id).name)
                return len(fetched)

        self.registry.signal_changes()  # the set-up's changes, as a call's end signals them
        self.assertEqual([company_fetches(), company_fetches()], [1, 1])
        self.registry.check_signaling()
        self.assertEqual(company_fetches(), 1)  # kept
        self.registry.check_signaling()
        self.assertEqual(company_fetches(), 0)
        self.assertEqual(company_fetches(), 1)  # not opened right after a check
