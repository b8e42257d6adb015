from odoo import models
from odoo.http import request
from odoo.tools.lru import LRU

# paths matched per routing map; a path whose arguments are records is matched at each request
MATCHES_KEPT = 2048


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _auth_method_public(cls):
        """Odoo's version finds the public user with ``env.ref()``, whose ``exists()`` costs
        a query on every anonymous request (twice when http_routing authenticates first),
        about a seventh of a public page served from the cache. ``xmlid_to_res_id`` is the
        same lookup from ir.model.data's cache, which every change of the registry clears."""
        if request.session.uid:
            request.uid = request.session.uid
        else:
            request.uid = request.env["ir.model.data"].xmlid_to_res_id("base.public_user",
                                                                       raise_if_not_found=True)

    @classmethod
    def _find_handler(cls, return_rule=False):
        """Odoo matches the path against every rule of the routing map (some 140 here, the call
        of a model's method among the last), and http_routing's dispatch matches it once more
        before base's: two matches of each request, about a sixth of the Python function calls
        of a small JSON-RPC call. The map is built once per registry and does not match by host, so a path and its
        method give the same rule and arguments until the map is rebuilt: they are kept on the
        map, except where an argument is a record (bound to the request's cursor and user), and
        the arguments are given as a copy (the dispatch changes them). A redirect or a path
        matching no rule raises as before, each time."""
        routing_map = cls.routing_map()
        environ = request.httprequest.environ
        key = (environ.get("REQUEST_METHOD"), environ.get("SCRIPT_NAME"), environ.get("PATH_INFO"))
        matches = routing_map.__dict__.get("_gov_matches")
        if matches is None:
            matches = routing_map._gov_matches = LRU(MATCHES_KEPT)
        found = matches.get(key)
        if found is None:
            found = routing_map.bind_to_environ(environ).match(return_rule=True)
            if not any(isinstance(value, models.BaseModel) for value in found[1].values()):
                matches[key] = found
        rule, arguments = found
        return (rule if return_rule else rule.endpoint), dict(arguments)

    @classmethod
    def _authenticate(cls, auth_method="user"):
        """http_routing authenticates a request before handing it to base's dispatch, which
        authenticates it again: the session's token checked twice. Once the request has a user
        for this session and this method, the second is the first's answer (a reroute or a
        logout empties the request's user and authenticates again)."""
        done = (auth_method, request.session.uid)
        if request.uid is not None and getattr(request, "_gov_authenticated", None) == done:
            return auth_method
        result = super(IrHttp, cls)._authenticate(auth_method)
        request._gov_authenticated = (auth_method, request.session.uid)
        return result
