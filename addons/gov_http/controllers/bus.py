"""Long polling in prefork mode.

With ``workers > 0`` the browser's long polls are served by the gevent process on
``longpolling_port``; a reverse proxy routes ``/longpolling/`` there. A poll that reaches an
HTTP worker (no proxy in front) cannot wait there: Odoo raises a bare exception and logs a
traceback at every poll of every open tab. This answers it as a plain refusal instead, which
the web client's bus takes as "try again later" (it retries after 10 to 30 s).
"""
from odoo import _
from odoo.exceptions import UserError
from odoo.http import route

from odoo.addons.bus.controllers.main import BusController
from odoo.addons.bus.models.bus import dispatch


class GovBusController(BusController):

    @route("/longpolling/poll", type="json", auth="public")
    def poll(self, channels, last, options=None):
        if not dispatch:
            raise UserError(_("Live notifications are served on the long-polling port: "
                              "route /longpolling/ to it."))
        return super(GovBusController, self).poll(channels, last, options=options)
