"""Long polling in prefork mode.

With ``workers > 0`` the browser's long polls are served by the gevent process on
``longpolling_port``; a reverse proxy routes ``/longpolling/`` there. A poll that reaches an
HTTP worker (no proxy in front) cannot wait there: Odoo raises a bare exception, logs a
traceback at every poll of every open tab, and the web client writes it to the browser's
console. This refuses it quietly instead; the web client's bus polls again 10 to 30 s later.
"""
from odoo.exceptions import UserError
from odoo.http import route

from odoo.addons.bus.controllers.main import BusController
from odoo.addons.bus.models.bus import dispatch

# the one error text the web client does not write to the console (web/static/src/js/core/
# ajax.js): Odoo answers it to the polls of its test servers. Not translated, so that it
# matches; the user never sees it.
QUIET_REFUSAL = "bus.Bus not available in test mode"


class GovBusController(BusController):

    @route("/longpolling/poll", type="json", auth="public")
    def poll(self, channels, last, options=None):
        if not dispatch:  # an HTTP worker of a prefork server
            raise UserError(QUIET_REFUSAL)
        return super(GovBusController, self).poll(channels, last, options=options)
