"""Refreshing the summary never shows a half-built table: until the refresh's transaction
commits, every other transaction reads the previous figures, complete."""
from contextlib import closing

from .common import PublicCase


def published_state(cr):
    cr.execute("SELECT count(*), coalesce(sum(received), 0), coalesce(sum(finished), 0) FROM gov_public_performance "
               "WHERE scope = 'department'")
    performance = cr.fetchone()
    cr.execute("SELECT count(*), coalesce(sum(nbr), 0) FROM gov_kpi_request_summary")
    summary = cr.fetchone()
    cr.execute("SELECT refreshed_at FROM gov_public_dataset WHERE code = 'service-performance'")
    return performance, summary, cr.fetchone()[0]


class TestRefresh(PublicCase):

    def test_readers_see_the_previous_figures_until_the_refresh_commits(self):
        with closing(self.registry.cursor()) as before_cr:
            before = published_state(before_cr)
        own_before = published_state(self.env.cr)
        # this transaction (the test's) refreshes with 7 more requests and does not commit
        for _index in range(7):
            self.finished(self.service_a, 2, "2026-11-09 16:30")
        self.env["gov.kpi.request.summary"].kpi_refresh()
        mine = published_state(self.env.cr)
        self.assertEqual(mine[0][2], own_before[0][2] + 7)
        self.assertEqual(mine[1][1], own_before[1][1] + 7)
        self.assertNotEqual(mine, before)
        # another transaction, meanwhile: the previous snapshot, summary and refresh time (the
        # stamp behind every page's ETag), whole
        with closing(self.registry.cursor()) as reader_cr:
            self.assertEqual(published_state(reader_cr), before)

    def test_the_cron_refresh_publishes(self):
        self.finished(self.service_b, 1, "2026-11-09 16:30")
        row = self.rows_by_key("service")[("KPI-SB", "2026-11")]
        self.assertEqual(row["finished"], "<5")
        for _index in range(3):
            self.finished(self.service_b, 1, "2026-11-09 16:30")
        self.env.ref("gov_kpi.ir_cron_request_summary_refresh").method_direct_trigger()
        row = self.rows_by_key("service")[("KPI-SB", "2026-11")]
        # 1 + 4 finished: published now, 4 of 5 on time
        self.assertEqual((row["finished"], row["on_time_rate"]), (5, 80.0))

    def test_a_refresh_changes_only_the_rows_whose_figures_changed(self):
        Summary = self.env["gov.kpi.request.summary"]
        self.finished(self.service_b, 1, "2026-11-09 16:30")
        Summary.kpi_refresh()
        query = ("SELECT id, scope, coalesce(department_id, 0), coalesce(service_id, 0), month, finished "
                 "FROM gov_public_performance ORDER BY id")
        self.env.cr.execute(query)
        before = self.env.cr.fetchall()
        self.env.cr.execute("SELECT id, open_count FROM gov_public_backlog ORDER BY id")
        backlog = self.env.cr.fetchall()
        # nothing new: not a row written
        Summary.kpi_refresh()
        self.env.cr.execute(query)
        self.assertEqual(self.env.cr.fetchall(), before)
        self.env.cr.execute("SELECT id, open_count FROM gov_public_backlog ORDER BY id")
        self.assertEqual(self.env.cr.fetchall(), backlog)
        # one more finished request of service B: its rows are updated in place, the others untouched
        self.finished(self.service_b, 1, "2026-11-09 16:30")
        Summary.kpi_refresh()
        self.env.cr.execute(query)
        after = self.env.cr.fetchall()
        self.assertEqual([row[0] for row in after], [row[0] for row in before])
        changed = {row[1:5]: (old[5], row[5]) for old, row in zip(before, after) if old != row}
        self.assertEqual(changed[("service", 0, self.service_b.id, "2026-11")][1],
                         changed[("service", 0, self.service_b.id, "2026-11")][0] + 1)
        self.assertTrue(all(key[0] == "department" or key[2] == self.service_b.id for key in changed), changed)
