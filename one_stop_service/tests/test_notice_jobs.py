"""The applicant's notices run as jobs after the clerk's transaction: the front desk submits,
the system's job (run as the job runner runs it) renders, posts and queues the e-mail; a job
that keeps failing is listed for the service manager, who requeues it; other roles see no job."""
import re
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from odoo.addons.gov_crm.tests.common import sql_statements
from odoo.addons.gov_http.job_after_answer import run_jobs_on
from odoo.addons.gov_http.tests.common import SavepointCursor
from odoo.addons.queue_job.exception import NoSuchJobError
from odoo.addons.queue_job.job import Job, job as job_method

from ..models.oss_request_notice_job import NOTICE_CHANNEL
from ..models.queue_job import QueueJob
from ..models.queue_job_row import _db_record_from_uuid
from .common import OssCase


class TestNoticeJobs(OssCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.internal = cls.new_user("oss_job_internal", "base.group_user")
        cls.subject = "ได้รับคำขอแล้ว: %s"

    def submitted(self):
        request = self.new_request()
        request.sudo(self.front_desk).action_submit()
        return request

    def notice_jobs(self, request):
        return self.env["queue.job"].search([("channel", "=", NOTICE_CHANNEL), ("model_name", "=", "oss.request"),
                                             ("method_name", "=", "_oss_notice_job")]).filtered(
            lambda job: job.record_ids == [request.id])

    def messages(self, request):
        return request.message_ids.filtered(lambda m: m.subject == self.subject % request.name)

    def test_the_notice_is_given_after_the_answer(self):
        request = self.submitted()
        # the clerk's transaction holds the job, not the notice: nothing rendered or queued yet
        job = self.notice_jobs(request)
        self.assertEqual((job.state, job.max_retries, job.user_id), ("pending", 5, self.front_desk))
        self.assertEqual(job.name, 'Notice "One-stop request: Request received" of request %s' % request.name)
        self.assertFalse(job.message_follower_ids)  # the system's row: nobody follows it
        self.assertFalse(job.message_ids)  # and no "created" message
        self.assertFalse(self.messages(request))
        self.assertFalse(self.env["mail.mail"].search([("model", "=", "oss.request"), ("res_id", "=", request.id)]))
        self.assertEqual(request.sudo(self.front_desk).notice_job_state, "waiting")
        # the job runner
        self.assertIn(job, self.run_notice_jobs())
        self.assertEqual(job.state, "done")
        message = self.messages(request)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.front_desk.partner_id)  # given by the clerk
        self.assertEqual(message.partner_ids, self.person)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual((mail.recipient_ids, mail.state), (self.person, "outgoing"))
        self.assertEqual(request.sudo(self.front_desk).notice_job_state, "none")

    @staticmethod
    def uuid_lookups():
        """The statements that look for a job's row by its uuid sent inside the block."""
        return sql_statements(lambda text: re.search(r"FROM queue_job WHERE \(?(queue_job\.)?uuid", text))

    def test_a_notice_job_looks_for_its_row_once(self):
        """Queued at the counter without looking for a row its fresh uuid cannot have; run by the runner
        with the one lookup of its loading (queue_job looked again before each store)."""
        with self.uuid_lookups() as queued:
            request = self.submitted()
        self.assertEqual(queued, [])
        job = self.notice_jobs(request)
        self.assertEqual((job.state, job.uuid and len(job.uuid)), ("pending", 36))
        with self.uuid_lookups() as run:
            self.assertIn(job, self.run_notice_jobs())
        self.assertEqual(len(run), 1)
        self.assertEqual(job.state, "done")
        self.assertTrue(job.date_started and job.date_done)
        self.assertEqual(len(self.messages(request)), 1)

    def test_the_runner_loads_a_job_in_one_statement(self):
        """The runner reads a job by its uuid with every column its loading reads, in one SELECT
        (queue_job searched the row, fetched it, then fetched its record ids), and loads it as
        queue_job's own loading does."""
        job = self.notice_jobs(self.submitted())
        uuid, record_ids = job.uuid, job.record_ids
        runner = self.env(user=SUPERUSER_ID)  # the runner's environment
        runner.cache.invalidate()
        with sql_statements(lambda text: "FROM queue_job" in text) as read:
            loaded = Job.load(runner, uuid)
        self.assertEqual(len(read), 1, read)
        runner.cache.invalidate()
        with patch.object(Job, "db_record_from_uuid", staticmethod(_db_record_from_uuid)):
            expected = Job.load(runner, uuid)  # queue_job's own
        names = ("uuid", "args", "kwargs", "method_name", "model_name", "recordset", "priority", "eta", "channel",
                 "identity_key", "state", "retry", "max_retries", "user_id", "company_id", "description",
                 "date_created", "date_enqueued", "date_started", "date_done", "result", "exc_info")
        self.assertEqual({name: getattr(loaded, name) for name in names},
                         {name: getattr(expected, name) for name in names})
        self.assertEqual((loaded.recordset.ids, loaded.args[0]),
                         (record_ids, "one_stop_service.mail_template_oss_submitted"))
        with self.assertRaises(NoSuchJobError):
            Job.load(runner, "no-such-job")

    def test_the_job_s_last_write_reads_no_partner(self):
        """A job's row is written with mail's tracking off: queue.job tracks no field, and the
        tracking's set-up read the row of the superuser's partner (for its language) in the last
        write of each job the runner ran. The job ends done, as written, with its notice given."""
        request = self.submitted()
        job = self.notice_jobs(request)
        runner = self.env(user=SUPERUSER_ID)  # the runner's environment
        loaded = Job.load(runner, job.uuid)
        loaded.perform()
        loaded.set_done()
        runner.cache.invalidate()
        with sql_statements(lambda text: re.search(r"FROM res_partner\b", text)) as read:
            loaded.store()
        self.assertEqual(read, [])
        job.invalidate_cache()
        self.assertEqual((job.state, job.user_id, job.company_id),
                         ("done", self.front_desk, self.front_desk.company_id))
        self.assertEqual(len(self.messages(request)), 1)
        # a job whose uuid was given and has no row yet is created as queue_job creates it, tracked
        notice = ("one_stop_service.mail_template_oss_submitted", ["email"])
        given = Job(request.sudo(self.front_desk)._oss_notice_job, args=notice, job_uuid="gov-test-given-uuid")
        given.store()
        created = self.env["queue.job"].search([("uuid", "=", "gov-test-given-uuid")])
        self.assertEqual(created.message_partner_ids, self.env["res.users"].browse(SUPERUSER_ID).partner_id)

    def test_the_job_row_is_written_whole_with_its_insert(self):
        """The job's function, method and task are written with its row, as queue_job computes them,
        not by two UPDATEs after it in the clerk's transaction."""
        with sql_statements(lambda text: text.startswith("UPDATE queue_job")) as updated:
            request = self.submitted()
        self.assertEqual(updated, [])
        job = self.notice_jobs(request)
        written = {name: job[name] for name in ("channel_method_name", "job_function_id", "func_string", "channel")}
        self.assertEqual(written["channel_method_name"], "<oss.request>._oss_notice_job")
        self.assertEqual(written["job_function_id"].name, "<oss.request>._oss_notice_job")
        self.assertTrue(written["func_string"].startswith("oss.request(%d,)._oss_notice_job(" % request.id))
        # queue_job's own computation gives the same (the row emptied first: it writes them again)
        self.env.cr.execute("UPDATE queue_job SET channel_method_name = NULL, job_function_id = NULL, "
                            "func_string = NULL WHERE id = %s", (job.id,))
        job.invalidate_cache()
        for name in ("channel_method_name", "func_string"):
            self.env.add_todo(job._fields[name], job)
        job.recompute()
        job.invalidate_cache()
        self.assertEqual({name: job[name] for name in written}, written)
        # a row not described whole (no keyword arguments) has them computed by queue_job (set-up of
        # the system's own: jobs are written by the job queue)
        partial = self.env["queue.job"].create({
            "uuid": "gov-test-partial-job", "user_id": self.front_desk.id, "state": "done",
            "model_name": "oss.request", "method_name": "_oss_notice_job", "record_ids": [request.id],
            "args": ["one_stop_service.mail_template_oss_submitted", ["email"]]})
        self.assertEqual((partial.channel_method_name, partial.job_function_id, partial.func_string), (
            written["channel_method_name"], written["job_function_id"],
            "oss.request(%d,)._oss_notice_job('one_stop_service.mail_template_oss_submitted', ['email'])"
            % request.id))
        # a function registered later (a module installed) is found: its creation empties the ids kept
        Job = self.env["queue.job"]
        self.assertFalse(Job._gov_job_function_id("<oss.request>._oss_later_job"))
        later = self.env["queue.job.function"].create({"name": "<oss.request>._oss_later_job",
                                                       "channel_id": self.env.ref("queue_job.channel_root").id})
        self.assertEqual(Job._gov_job_function_id("<oss.request>._oss_later_job"), later.id)

    def test_a_notice_s_job_row_is_one_insert_with_the_row_the_orms_create_writes(self):
        """The row of a notice's job is inserted with one statement, not created through the ORM,
        with the columns its create writes; a job created with tracking on (its creator follows it)
        goes through the ORM (test_the_job_s_last_write_reads_no_partner)."""
        request = self.submitted()
        clerks = request.sudo(self.front_desk)
        template = self.env.ref("one_stop_service.mail_template_oss_submitted")
        notice = ("one_stop_service.mail_template_oss_submitted", template, ["email", "sms"])
        with sql_statements(lambda text: text.startswith("INSERT INTO queue_job")) as inserts:
            with patch.object(models.BaseModel, "_create", side_effect=AssertionError("created through the ORM")):
                ours = clerks._oss_queue_notice(*notice)
        self.assertEqual(len(inserts), 1)
        with patch.object(QueueJob, "_gov_inserted_row", return_value=None):
            orms = clerks._oss_queue_notice(*notice)
        Jobs = self.env["queue.job"]
        columns = sorted(name for name, field in Jobs._fields.items() if field.store and field.column_type
                         and name not in ("id", "uuid", "date_created", "eta"))
        self.env.cr.execute('SELECT %s FROM queue_job WHERE uuid IN %%s ORDER BY id' % ", ".join(
            '"%s"' % name for name in columns), ((ours.uuid, orms.uuid),))
        ours_row, orms_row = self.env.cr.fetchall()
        self.assertEqual(dict(zip(columns, ours_row)), dict(zip(columns, orms_row)))
        inserted = Jobs.search([("uuid", "=", ours.uuid)])
        self.assertEqual((inserted.state, inserted.channel, inserted.user_id, inserted.company_id, inserted.args), (
            "pending", NOTICE_CHANNEL, self.front_desk, self.front_desk.company_id,
            ["one_stop_service.mail_template_oss_submitted", ["email", "sms"], False, self.front_desk.id]))
        self.assertFalse(inserted.message_follower_ids)
        # the job is run as any other: the notice given, the job done
        self.run_notice_jobs()
        inserted.invalidate_cache()
        self.assertEqual(inserted.state, "done")

    def test_the_notice_notifies_no_follower(self):
        """The acknowledgement is a record of what the applicant was told, not a discussion: an
        officer who follows the request (every subtype, discussions too) gets nothing from it,
        and the applicant gets one e-mail, from the mail queue."""
        request = self.new_request()
        # set-up as the manager: the officer follows the request with the default subtypes
        request.sudo(self.manager).message_subscribe(partner_ids=self.officer_reg.partner_id.ids)
        request.sudo(self.front_desk).action_submit()
        self.run_notice_jobs()
        message = self.messages(request)
        self.assertEqual((message.message_type, message.subtype_id), ("comment", self.env.ref("mail.mt_comment")))
        self.assertFalse(message.needaction_partner_ids)
        self.assertFalse(self.env["mail.notification"].search([("mail_message_id", "=", message.id)]))
        mails = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mails.mapped("recipient_ids"), self.person)
        # the clerk reads it in the request's chatter, with its recipient
        seen = request.sudo(self.front_desk).message_ids.filtered(lambda m: m.id == message.id)
        self.assertEqual(seen.read(["partner_ids", "author_id"])[0]["partner_ids"], self.person.ids)

    def test_notices_held_together_are_given_in_one_call_each_as_alone(self):
        """Two clerks' acknowledgements held by a worker while other clerks waited: one call gives
        both, each rendered in its applicant's language, kept in its request's chatter and sent to
        its applicant; the jobs are claimed together and done with the same result."""
        thai, english = self.new_request(), self.new_request(self.person_en)
        (thai | english).sudo(self.front_desk).action_submit()
        jobs = self.notice_jobs(thai) | self.notice_jobs(english)
        Request = type(self.env["oss.request"])
        self.assertTrue(Request._gov_job_mergeable(self.env["oss.request"], "_oss_notice_job", jobs[0].args, {}))
        # not those sent at once (an e-mail sent is not taken back if another notice fails)
        self.assertFalse(Request._gov_job_mergeable(
            self.env["oss.request"], "_oss_notice_job", ["template", ["email"], True, self.front_desk.id], {}))
        self.assertFalse(Request._gov_job_mergeable(self.env["oss.request"], "action_submit", [], {}))
        calls, original = [], Request._oss_notice_job

        def _oss_notice_job(records, *args, **kwargs):  # the job's method, its calls counted
            calls.append(records.ids)
            return original(records, *args, **kwargs)

        with patch.object(Request, "_oss_notice_job", job_method(_oss_notice_job)):
            queued = [(uuid, Job.load(self.env, uuid)) for uuid in jobs.mapped("uuid")]
            done = run_jobs_on(self.registry, SavepointCursor(self.env.cr), queued)
        self.assertEqual(sorted(done), sorted(jobs.mapped("uuid")))
        self.assertEqual(calls, [jobs.mapped(lambda job: job.record_ids[0])])
        jobs.invalidate_cache()
        self.assertEqual(set(jobs.mapped("state")), {"done"})
        self.assertEqual(len(set(jobs.mapped("date_started"))), 1)  # claimed at once
        self.assertEqual(len(set(jobs.mapped("result"))), 1)
        for request, subject in ((thai, self.subject % thai.name), (english, "Request received: %s" % english.name)):
            message = request.message_ids.filtered(lambda m, subject=subject: m.subject == subject)
            self.assertEqual(len(message), 1, request.message_ids.mapped("subject"))
            self.assertEqual((message.author_id, message.partner_ids),
                             (self.front_desk.partner_id, request.partner_id))
            mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
            self.assertEqual(mail.recipient_ids, request.partner_id)

    def test_a_failing_notice_is_retried_then_listed_and_requeued(self):
        request = self.submitted()
        job = self.notice_jobs(request)
        Request = type(self.env["oss.request"])
        with patch.object(Request, "_oss_post_and_queue", side_effect=OSError("mail server down")):
            self.run_notice_jobs()
            self.assertEqual((job.state, job.retry), ("pending", 1))
            self.assertTrue(job.eta)  # tried again in a minute, not at once
            self.assertFalse(self.run_notice_jobs())
            for _try in range(4):
                self.run_notice_jobs(ignore_eta=True)
        self.assertEqual((job.state, job.retry), ("failed", 5))
        self.assertIn("mail server down", job.exc_info)
        self.assertFalse(self.messages(request))  # nothing of the failed tries is kept
        self.assertEqual(request.sudo(self.front_desk).notice_job_state, "failed")
        # the service manager's screen lists it; they requeue it
        action = self.env.ref("one_stop_service.queue_job_action_notice")
        Jobs = self.env["queue.job"].sudo(self.manager)
        self.assertIn(job, Jobs.search(safe_eval(action.domain) + [("state", "=", "failed")]))
        self.assertIn("mail server down", Jobs.browse(job.id).exc_info)
        Jobs.browse(job.id).oss_requeue_notice()
        self.assertEqual(job.state, "pending")
        self.run_notice_jobs()
        self.assertEqual(job.state, "done")
        self.assertEqual(len(self.messages(request)), 1)
        with self.assertRaisesRegex(UserError, "Only failed notice jobs can be requeued."):
            Jobs.browse(job.id).oss_requeue_notice()

    def test_a_notice_left_started_by_a_stopped_server_is_given_at_the_next_garbage_collection(self):
        """A server that dies while it runs a notice leaves the job *started* (its work rolled
        back with it): queue_job's cron requeues it once it has been started for longer than a
        worker may run, and the notice is given; a notice started a minute ago may still be
        running, and a job of another channel is left to its owner."""
        request, recent = self.submitted(), self.submitted()
        job, running = self.notice_jobs(request), self.notice_jobs(recent)
        # set-up: a job of another channel, written by the system
        other = self.env["oss.request"].browse(request.id).with_delay(channel="root")._oss_notice_job(
            "one_stop_service.mail_template_oss_done", []).db_record()
        now = fields.Datetime.from_string(fields.Datetime.now())
        limit = self.env["queue.job"]._oss_notice_run_limit_minutes()
        self.assertGreaterEqual(limit, 15)
        # the runner enqueued and started them; the server stopped before they ended
        for stuck, minutes in ((job, limit + 1), (running, 1), (other, limit + 1)):
            since = fields.Datetime.to_string(now - timedelta(minutes=minutes))
            stuck.write({"state": "started", "date_enqueued": since, "date_started": since})
        self.assertEqual(request.sudo(self.front_desk).notice_job_state, "waiting")
        # the system's own step: queue_job's garbage collector, as its cron runs it
        cron = self.env.ref("queue_job.ir_cron_queue_job_garbage_collector")
        self.assertEqual((cron.active, cron.interval_number, cron.interval_type), (True, 5, "minutes"))
        self.env["queue.job"].sudo(cron.user_id).requeue_stuck_jobs()
        self.assertEqual((job.state, running.state, other.state), ("pending", "started", "started"))
        self.assertIn(job, self.run_notice_jobs())
        self.assertEqual(job.state, "done")
        self.assertEqual(len(self.messages(request)), 1)
        self.assertFalse(self.messages(recent))

    def test_the_manager_sees_the_notice_jobs_only(self):
        request = self.submitted()
        notice = self.notice_jobs(request)
        other = request.with_delay(channel="root")._oss_notice_job("one_stop_service.mail_template_oss_done", [])
        other = other.db_record()
        Jobs = self.env["queue.job"].sudo(self.manager)
        self.assertEqual(Jobs.search([("id", "in", (notice | other).ids)]), notice)
        with self.assertRaises(AccessError):
            Jobs.browse(other.id).read(["exc_info"])
        with self.assertRaises(AccessError):
            Jobs.browse(notice.id).write({"priority": 1})
        with self.assertRaises(AccessError):
            Jobs.browse(notice.id).unlink()
        other.sudo().write({"state": "failed"})
        with self.assertRaises(AccessError):
            Jobs.browse(other.id).oss_requeue_notice()

    def test_other_roles_are_refused_the_jobs(self):
        request = self.submitted()
        job = self.notice_jobs(request)
        job.write({"state": "failed"})
        menu = self.env.ref("one_stop_service.queue_job_menu_notice")
        self.assertEqual(menu.groups_id, self.env.ref("gov_crm.group_gov_service_manager"))
        for user in (self.front_desk, self.officer_reg, self.internal):
            Jobs = self.env["queue.job"].sudo(user)
            with self.assertRaises(AccessError):
                Jobs.search([])
            with self.assertRaises(AccessError):
                Jobs.browse(job.id).read(["exc_info"])
            with self.assertRaises(AccessError):
                Jobs.browse(job.id).oss_requeue_notice()
            self.assertNotIn(menu, self.env["ir.ui.menu"].sudo(user).search([("id", "=", menu.id)]))
        self.assertEqual(job.state, "failed")

    def test_a_deleted_request_takes_its_jobs(self):
        request = self.new_request(received=False)
        request._oss_notify("one_stop_service.mail_template_oss_submitted")
        job = self.notice_jobs(request)
        self.assertTrue(job)
        request.sudo(self.manager).unlink()
        self.assertFalse(job.exists())

    def test_an_acknowledgement_is_written_in_a_bounded_number_of_statements(self):
        """The job's work after the answer, from an empty cache as each call of the runner starts:
        49 statements here when this was written (75 when the notice was posted with mail's
        message_post, which looked for followers and read the message back)."""
        self.submitted()
        self.env.cache.invalidate()
        before = self.cr.sql_log_count
        self.assertTrue(self.run_notice_jobs())
        self.assertLessEqual(self.cr.sql_log_count - before, 55)
