"""ir.http: the public user found without a query, a path's rule found once, a session checked once."""
from unittest.mock import Mock, patch

from werkzeug.exceptions import NotFound
from werkzeug.routing import Map, Rule
from werkzeug.test import EnvironBuilder

from odoo.http import SessionExpiredException
from odoo.tests.common import TransactionCase


class _Session(dict):
    uid = None


class _Request(object):
    def __init__(self, env, session_uid=None):
        self.env = env
        self.session = _Session()
        self.session.uid = session_uid
        self.uid = None


class TestPublicUser(TransactionCase):

    def _authenticate(self, fake):
        with patch("odoo.addons.gov_http.models.ir_http.request", fake):
            self.env["ir.http"]._auth_method_public()
        return fake.uid

    def test_anonymous_request_is_the_public_user_without_a_query(self):
        public = self.env.ref("base.public_user")
        self.assertEqual(self._authenticate(_Request(self.env)), public.id)  # warms the cache
        before = self.env.cr.sql_log_count
        self.assertEqual(self._authenticate(_Request(self.env)), public.id)
        self.assertEqual(self.env.cr.sql_log_count, before, "the public user cost a query")

    def test_a_logged_in_session_keeps_its_user(self):
        user = self.env.ref("base.user_demo")
        self.assertEqual(self._authenticate(_Request(self.env, user.id)), user.id)


class _Http(object):
    def __init__(self, path, method="POST"):
        self.environ = EnvironBuilder(path=path, method=method).get_environ()


class _RoutedRequest(_Request):
    """A request as ir.http's dispatch sees it: its path, its cursor and context, its session."""

    def __init__(self, env, path, session_uid=None):
        super(_RoutedRequest, self).__init__(env, session_uid)
        self.httprequest = _Http(path)
        self.cr, self.context = env.cr, {}


def _endpoint():
    return "answered"


class TestRouting(TransactionCase):
    """A path's rule is found once per routing map; a record argument is found at each request."""

    def setUp(self):
        super(TestRouting, self).setUp()
        self.map = Map([Rule("/gov/call/<path:path>", endpoint=_endpoint),
                        Rule("/gov/partner/<model('res.partner'):partner>", endpoint=_endpoint)],
                       converters=self.env["ir.http"]._get_converters())
        self.matched = 0
        bind = Map.bind_to_environ

        def counted(routing_map, environ, *args, **kwargs):
            self.matched += 1
            return bind(routing_map, environ, *args, **kwargs)
        patcher = patch.object(Map, "bind_to_environ", counted)
        patcher.start()
        self.addCleanup(patcher.stop)
        routing = patch.object(type(self.env["ir.http"]), "routing_map", lambda: self.map)
        routing.start()
        self.addCleanup(routing.stop)

    def _find(self, path, return_rule=True):
        fake = _RoutedRequest(self.env, path)
        with patch("odoo.addons.gov_http.models.ir_http.request", fake), \
                patch("odoo.addons.base.ir.ir_http.request", fake), \
                patch("odoo.addons.http_routing.models.ir_http.request", fake):
            return self.env["ir.http"]._find_handler(return_rule=return_rule)

    def test_a_path_is_matched_once_and_its_arguments_given_as_a_copy(self):
        rule, arguments = self._find("/gov/call/res.partner/search")
        self.assertEqual((rule.rule, arguments), ("/gov/call/<path:path>", {"path": "res.partner/search"}))
        arguments["path"] = "changed by the dispatch"
        again, arguments = self._find("/gov/call/res.partner/search")
        self.assertIs(again, rule)
        self.assertEqual(arguments, {"path": "res.partner/search"}, "the dispatch's change was kept")
        self.assertEqual(self._find("/gov/call/res.partner/search", return_rule=False),
                         (_endpoint, {"path": "res.partner/search"}))
        self.assertEqual(self.matched, 1, "the same path was matched against the rules again")
        self._find("/gov/call/res.partner/read")
        self.assertEqual(self.matched, 2, "another path was not matched")

    def test_a_record_argument_is_found_at_each_request(self):
        partner = self.env.ref("base.main_partner")
        path = "/gov/partner/%d" % partner.id
        first = self._find(path)[1]["partner"]
        second = self._find(path)[1]["partner"]
        self.assertEqual((first, second), (partner, partner))
        self.assertEqual(self.matched, 2, "a record bound to an earlier request's cursor was given again")

    def test_a_path_matching_nothing_is_refused_each_time(self):
        for _attempt in range(2):
            with self.assertRaises(NotFound):
                self._find("/gov/nothing")
        self.assertEqual(self.matched, 2)


class TestAuthenticatedOnce(TransactionCase):
    """The session is checked once per request, though http_routing and base both authenticate."""

    def _authenticate(self, fake, auth="user"):
        with patch("odoo.addons.gov_http.models.ir_http.request", fake), \
                patch("odoo.addons.base.ir.ir_http.request", fake):
            return self.env["ir.http"]._authenticate(auth)

    def test_a_session_is_checked_once_per_request(self):
        user = self.env.ref("base.user_demo")
        fake = _Request(self.env, user.id)
        fake.session.check_security = Mock()
        self.assertEqual(self._authenticate(fake), "user")
        self.assertEqual(self._authenticate(fake), "user")
        self.assertEqual((fake.uid, fake.session.check_security.call_count), (user.id, 1))
        fake.uid = None  # a reroute starts again
        self._authenticate(fake)
        self.assertEqual(fake.session.check_security.call_count, 2)
        other = _Request(self.env, user.id)
        other.session.check_security = Mock()
        self._authenticate(other)
        self.assertEqual(other.session.check_security.call_count, 1, "a new request was not checked")

    def test_a_session_refused_is_not_kept_as_checked(self):
        fake = _Request(self.env, self.env.ref("base.user_demo").id)
        fake.session.check_security = Mock(side_effect=SessionExpiredException("expired"))
        fake.session.logout = Mock(side_effect=lambda keep_db: setattr(fake.session, "uid", None))
        for _attempt in range(2):
            with self.assertRaises(SessionExpiredException):
                self._authenticate(fake)
        self.assertEqual((fake.uid, fake.session.check_security.call_count), (None, 1))
        self.assertEqual(self._authenticate(fake, "public"), "public")  # the page a logged-out visitor gets
        self.assertEqual(fake.uid, self.env.ref("base.public_user").id)
