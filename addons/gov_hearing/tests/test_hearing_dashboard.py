"""The manager dashboard counts the open hearings and the responses of this month."""
from .common import HearingCase


class TestHearingDashboard(HearingCase):

    def test_tile_counts_open_hearings_and_responses_this_month(self):
        Dashboard = self.env["gov.kpi.dashboard"]
        Hearing, Response = self.env["gov.hearing"], self.env["gov.hearing.response"]
        before = Dashboard.sudo(self.service_manager).create({})
        before._kpi_compute()
        self.hearing.sudo(self.officer_a).action_open()
        for who in ("m1@example.com", "m2@example.com"):
            Response._gh_submit(self.hearing, "email", Response._gh_key("email", who), self.answers(self.hearing))
        dashboard = Dashboard.sudo(self.service_manager).create({})
        dashboard._kpi_compute()
        self.assertEqual(dashboard.hearing_open_count, before.hearing_open_count + 1)
        self.assertEqual(dashboard.hearing_response_count, before.hearing_response_count + 2)
        self.assertEqual(dashboard.hearing_open_count, Hearing.search_count([("state", "=", "open")]))
        action = dashboard.action_open_hearings()
        self.assertIn(self.hearing, Hearing.search(action["domain"]))
        # the manager of department A counts what their rules show: A's responses only
        mine = Dashboard.sudo(self.manager_a).create({})
        mine._kpi_compute()
        self.assertEqual(mine.hearing_response_count, Response.search_count(
            [("department_id.manager_id", "=", self.manager_a.id)] + dashboard._gh_month_domain()))
