"""The people of the journeys and what their screens call.

Every step of a journey is done by the person who does it in real life, logged in through
``gov_rpc`` (never as superuser), through the entry points the web client uses:
``/web/action/load`` and the menus for the screens a person lands on, ``onchange``,
``create``, ``write``, ``read``, ``search_read`` and ``read_group`` through
``/web/dataset/call_kw``, buttons through ``/web/dataset/call_button``, reports through
``/report/pdf``, and the pages of the portal and of the public status page over HTTP.

What only the system does (the mail queue that delivers e-mails, the jobs that escalate
late cases, deliver webhooks and refresh the KPI summary) and the set-up an administrator
does (a portal login, another officer, the settings that let a webhook reach this machine)
run through ``committed_env``.

Each journey removes what it created: the ``journey`` fixture notes the highest id of every
table a journey writes to, and at the end removes the rows above it (requests, cases,
persons, users, mails, attachments, notices, consents, privacy-log rows, rate-limit rows,
wizards), restores the departments and settings it changed, and checks that nothing is
left. The suite runs alone against its test server (no cron worker): what appears in these
tables during a journey is the journey's.
"""
import itertools
import json
import random
import re
import subprocess
import tempfile
import unicodedata
import uuid
from xml.etree import ElementTree

import lxml.html
import pytest
import requests
from stdnum.th import pin

from odoo.tools.safe_eval import safe_eval

from ..conftest import committed_env, wait_for_jobs

# names, logins and codes of this run
SUFFIX = uuid.uuid4().hex[:6]


# ---------------------------------------------------------------- errors
def refused(call, *args, **kwargs):
    """The error the server answered to ``call``: conftest's RpcError (.name, .message).

    The class is compared by name: pytest may import the conftest under another module name."""
    with pytest.raises(Exception) as error:
        call(*args, **kwargs)
    assert type(error.value).__name__ == "RpcError", error.value
    return error.value


# ---------------------------------------------------------------- the web client
class WebClient:
    """A person logged in to the web client, calling the server as its screens do."""

    def __init__(self, session, login):
        self.session = session
        self.login = login
        self.uid = session.uid
        self.context = dict(session.context)
        self.url = session.url
        self._specs = {}

    def __repr__(self):
        return "<%s>" % self.login

    # -- /web/dataset/call_kw
    def call_kw(self, model, method, args=None, kwargs=None):
        return self.session.call_kw(model, method, args or [], kwargs or {})

    def ctx(self, extra=None):
        return dict(self.context, **(extra or {}))

    def read(self, model, ids, fields):
        return self.call_kw(model, "read", [list(ids), list(fields)])

    def read_one(self, model, record_id, fields):
        [values] = self.read(model, [record_id], fields)
        return values

    def search_read(self, model, domain, fields, order=None, limit=None, context=None):
        kwargs = {"fields": list(fields), "context": self.ctx(context)}
        if order:
            kwargs["order"] = order
        if limit:
            kwargs["limit"] = limit
        return self.call_kw(model, "search_read", [domain], kwargs)

    def create(self, model, values, context=None):
        return self.call_kw(model, "create", [values], {"context": self.ctx(context)})

    def write(self, model, ids, values, context=None):
        return self.call_kw(model, "write", [list(ids), values], {"context": self.ctx(context)})

    # -- /web/dataset/call_button: a button of type "object" on a form
    def button(self, model, method, ids, context=None):
        return self.session.call("/web/dataset/call_button", {
            "model": model, "method": method, "args": [list(ids), self.ctx(context)],
            "domain_id": None, "context_id": 1})

    def action_context(self, action, record=None):
        """The context an action opens with (evaluated as the client does, with the record the
        button was pressed on as ``active_id``)."""
        context = action.get("context") or {}
        if isinstance(context, str):
            active = {"active_id": record and record[1], "active_ids": [record[1]] if record else [],
                      "active_model": record and record[0]}
            context = safe_eval(context, dict(self.eval_context(), context=self.ctx(), **active))
        return context

    def dialog(self, action, record=None, **values):
        """The dialog an action opens (a wizard), filled in with ``values``: a Form to press."""
        assert action["type"] == "ir.actions.act_window" and action.get("target") == "new", action
        view_id = action.get("view_id")
        if isinstance(view_id, list):  # (id, name) as /web/action/load reads it
            view_id = view_id[0]
        views = [view for view, kind in action.get("views") or () if kind == "form"]
        view_id = views[0] if views else view_id
        return self.form(action["res_model"], self.action_context(action, record),
                         view_id=view_id or None).new().set(**values)

    def button_action(self, xmlid, model, record_id):
        """A button of type "action" on a form: the action it loads for the record."""
        return self.action(xmlid, {"active_model": model, "active_id": record_id, "active_ids": [record_id]})

    # -- forms
    def form(self, model, context=None, record_id=None, view_id=None):
        """The form view of ``model``: a new record (``Form.new``) or ``record_id``."""
        return Form(self, model, context, record_id, view_id)

    # -- screens: actions, menus and the search defaults they open with
    def action(self, xmlid, context=None):
        action = self.session.call("/web/action/load", {"action_id": xmlid, "additional_context": context})
        assert action, "%s cannot open %s" % (self.login, xmlid)
        return action

    def menus(self):
        """The menu tree this person sees: {menu id: menu}."""
        root = self.call_kw("ir.ui.menu", "load_menus", [False], {"context": self.ctx()})
        found = {}

        def walk(menu):
            found[menu["id"]] = menu
            for child in menu.get("children") or ():
                walk(child)
        walk(root)
        return found

    def menu_action(self, menu_xmlid):
        """The action of a menu this person sees (fails when the menu is hidden from them)."""
        with committed_env() as env:
            menu_id = env.ref(menu_xmlid).id
        menu = self.menus().get(menu_id)
        assert menu, "%s does not see the menu %s" % (self.login, menu_xmlid)
        _model, action_id = menu["action"].split(",")
        action = self.action(int(action_id))
        if action["type"] == "ir.actions.server":  # the client runs it and opens what it returns
            action = self.session.call("/web/action/run", {"action_id": action["id"]})
        return action

    def eval_context(self):
        import datetime
        import time
        from dateutil.relativedelta import relativedelta
        return {"uid": self.uid, "context_today": datetime.date.today, "datetime": datetime,
                "time": time, "relativedelta": relativedelta, "current_date": time.strftime("%Y-%m-%d")}

    def screen(self, action):
        """(domain, context, groupby) of the list an action opens: its domain and the filters its
        context switches on (``search_default_*``), combined as the search view combines them
        (filters of one group OR-ed, groups AND-ed)."""
        if isinstance(action, str):
            action = self.action(action)
        evaluation = self.eval_context()
        context = safe_eval(action.get("context") or "{}", dict(evaluation, context=self.ctx()))
        domain = list(safe_eval(action.get("domain") or "[]", evaluation))
        view_id = action.get("search_view_id") and action["search_view_id"][0]
        search = self.call_kw(action["res_model"], "fields_view_get", [],
                              {"view_id": view_id, "view_type": "search", "context": self.ctx(context)})
        defaults = {key[len("search_default_"):] for key, value in context.items()
                    if key.startswith("search_default_") and value}
        groups, current, groupby = [], [], []
        for node in ElementTree.fromstring(search["arch"]).iter():
            if node.tag in ("separator", "field") or (node.tag == "group" and current):
                groups.append(current)
                current = []
            if node.tag != "filter" or node.get("name") not in defaults:
                continue
            if node.get("domain"):
                current.append(safe_eval(node.get("domain"), evaluation))
            if node.get("context"):
                group_by = safe_eval(node.get("context"), evaluation).get("group_by")
                if group_by:
                    groupby.append(group_by)
        groups.append(current)
        for filters in groups:
            if filters:
                domain += ["|"] * (len(filters) - 1) + [term for found in filters for term in found]
        return domain, context, groupby

    def screen_records(self, action, fields, extra_domain=None):
        """The records of an action's list, as this person sees them."""
        domain, context, _groupby = self.screen(action)
        model = action["res_model"] if isinstance(action, dict) else self.action(action)["res_model"]
        return self.search_read(model, domain + (extra_domain or []), fields, context=context)

    def screen_groups(self, action, fields):
        """The groups of an action's list grouped as it opens (read_group), as this person sees them."""
        if isinstance(action, str):
            action = self.action(action)
        domain, context, groupby = self.screen(action)
        return self.call_kw(action["res_model"], "read_group", [domain, list(fields), groupby],
                            {"lazy": False, "context": self.ctx(context)})

    # -- HTTP with this person's session (reports, portal pages)
    def get(self, path, **kwargs):
        return self.session.http.get(self.url + path, timeout=120, **kwargs)

    def post(self, path, **kwargs):
        return self.session.http.post(self.url + path, timeout=120, **kwargs)

    def report_text(self, report_name, record_id):
        """The report as the person downloads it, and its text (pdftotext)."""
        response = self.get("/report/pdf/%s/%d" % (report_name, record_id))
        assert response.status_code == 200, response.text[:500]
        assert response.headers["Content-Type"] == "application/pdf"
        return pdf_text(response.content)


class Form:
    """A form of the web client: what it loads, the onchanges it calls while the person types,
    and what it sends when the record is saved (the fields not read-only on the screen)."""

    def __init__(self, client, model, context=None, record_id=None, view_id=None):
        self.client, self.model, self.record_id = client, model, record_id
        self.context = client.ctx(context)
        key = (model, view_id)
        if key not in client._specs:
            view = client.call_kw(model, "fields_view_get", [], {"view_id": view_id, "view_type": "form",
                                                                 "context": self.context})
            client._specs[key] = self._view_info(view["arch"], view["fields"])
        self.spec, self.fields, self.lines = client._specs[key]
        self.values = {}
        self.changed = set()
        self.warning = None
        if record_id:
            self.reload()

    def reload(self):
        """The record as the form shows it (many2one as ids, as the client keeps them)."""
        [values] = self.client.call_kw(self.model, "read", [[self.record_id], list(self.fields)],
                                       {"context": self.context})
        self.values = {name: value[0] if self.fields.get(name, ("",))[0] == "many2one" and value else value
                       for name, value in values.items()}
        self.changed = set()
        return self

    @staticmethod
    def _view_info(arch, fields):
        """(onchange spec, {field: (type, modifiers)}, {x2many field: {line field: (type, modifiers)}})"""
        spec, top, lines = {}, {}, {}

        def nodes(xml):
            return {node.get("name"): json.loads(node.get("modifiers") or "{}")
                    for node in ElementTree.fromstring(xml).iter("field")}

        def walk(xml, view_fields, prefix):
            for node in ElementTree.fromstring(xml).iter("field"):
                spec.setdefault(prefix + node.get("name"), node.get("on_change") or "")
            for name, info in view_fields.items():
                for sub in (info.get("views") or {}).values():
                    walk(sub["arch"], sub["fields"], prefix + name + ".")
        walk(arch, fields, "")
        # a field shown twice (in a subview too) keeps the modifiers of its first node
        for name, modifiers in nodes(arch).items():
            if name in fields and name not in top:
                top[name] = (fields[name]["type"], modifiers)
        for name, info in fields.items():
            for sub in (info.get("views") or {}).values():
                lines[name] = {line: (sub["fields"][line]["type"], modifiers)
                               for line, modifiers in nodes(sub["arch"]).items()}
        return spec, top, lines

    # -- what the person does
    def new(self):
        """Open a new record: the defaults, then the first onchange."""
        names = list(self.fields)
        values = self.client.call_kw(self.model, "default_get", [names], {"context": self.context})
        for name, (ftype, _modifiers) in self.fields.items():
            values.setdefault(name, [] if ftype in ("one2many", "many2many") else False)
        self.values = values
        self._onchange([])
        self.changed = set(self.values)
        return self

    def set(self, **changes):
        """Type ``changes`` into the form, one field after the other, each followed by its onchange."""
        for name, value in changes.items():
            assert name in self.fields, "%s is not on the form of %s" % (name, self.model)
            self.values[name] = value
            self.changed.add(name)
            if self.spec.get(name):
                self._onchange(name)
        return self

    def tick_lines(self, field, column, indexes):
        """Tick ``column`` on the lines ``indexes`` of a list on the form (a checkbox per line)."""
        for index, command in enumerate(self.values[field]):
            if command[0] == 0:
                command[2][column] = index in indexes
        return self

    def __getitem__(self, name):
        return self.values[name]

    def press(self, method):
        """Press a button of the form: the client saves the record first, then calls the button."""
        self.save()
        return self.client.button(self.model, method, [self.record_id], self.context)

    def save(self):
        """Save: the record's id. The client sends the fields that are not read-only on the screen
        (of a record already saved: those that changed)."""
        vals = {}
        for name, (ftype, modifiers) in self.fields.items():
            if name == "id" or self._modifier(modifiers.get("readonly"), self.values):
                continue
            if self.record_id and name not in self.changed:
                continue
            value = self.values.get(name)
            if ftype in ("one2many", "many2many"):
                value = self._commands(name, value)
            vals[name] = value
        if self.record_id:
            if vals:
                self.client.write(self.model, [self.record_id], vals, self.context)
        else:
            self.record_id = self.client.create(self.model, vals, self.context)
        return self.record_id

    # -- what the client does behind it
    def _onchange(self, field_name):
        ids = [self.record_id] if self.record_id else []
        result = self.client.call_kw(self.model, "onchange", [ids, self._onchange_values(), field_name, self.spec],
                                     {"context": self.context})
        for name, value in (result.get("value") or {}).items():
            ftype = self.fields.get(name, ("", {}))[0]
            if ftype == "many2one" and isinstance(value, list):
                value = value[0]
            if ftype in ("one2many", "many2many") and isinstance(value, list):
                value = [list(command) for command in value]
                if ftype == "one2many":
                    value = [[0, 0, self._line_values(name, command[2])] if command[0] == 0 else command
                             for command in value if command[0] != 5]
            self.values[name] = value
            self.changed.add(name)
        self.warning = result.get("warning")

    def _line_values(self, field, line):
        """A line as the onchange gives it, with its many2one values as ids (as the client keeps them)."""
        types = self.lines.get(field, {})
        return {key: value[0] if types.get(key, ("",))[0] == "many2one" and isinstance(value, (list, tuple))
                else value for key, value in line.items()}

    def _onchange_values(self):
        values = {}
        for name, value in self.values.items():
            ftype = self.fields.get(name, ("", {}))[0]
            values[name] = self._commands(name, value, everything=True) if ftype in ("one2many", "many2many") \
                else value
        return values

    def _commands(self, name, value, everything=False):
        if self.fields[name][0] == "many2many":
            if value and isinstance(value[0], (list, tuple)):  # (6, 0, ids) and (4, id) commands
                ids = [i for command in value
                       for i in (command[2] if command[0] == 6 else [command[1]] if command[0] == 4 else [])]
            else:
                ids = list(value or [])
            return [[6, False, ids]]
        lines = self.lines.get(name, {})
        commands = []
        for command in value or []:
            if isinstance(command, int):  # a line of a saved record, unchanged
                commands.append([4, command, False])
            elif command[0] == 0:
                line = command[2]
                if not everything:
                    line = {key: item for key, item in line.items()
                            if key in lines and not self._modifier(lines[key][1].get("readonly"), line)}
                commands.append([0, 0, line])
            else:
                commands.append(command)
        return commands

    @staticmethod
    def _modifier(modifier, record):
        """A modifier of the view (True/False or a domain) on the form's values."""
        if not isinstance(modifier, list):
            return bool(modifier)
        stack = []
        for term in reversed(modifier):
            if term == "|":
                stack.append(stack.pop() | stack.pop())
            elif term == "&":
                stack.append(stack.pop() & stack.pop())
            elif term == "!":
                stack.append(not stack.pop())
            else:
                field, operator, expected = term
                value = record.get(field)
                if isinstance(value, list) and len(value) == 2 and isinstance(value[0], int):
                    value = value[0]
                stack.append({"=": value == expected, "!=": value != expected,
                              "in": value in (expected or ()), "not in": value not in (expected or ())}[operator])
        return all(stack)


def ids_of(value):
    """The ids of a many2many value of a form (a (6, 0, ids) command or a list of ids)."""
    if value and isinstance(value[0], (list, tuple)):
        return [i for command in value if command[0] == 6 for i in command[2]]
    return list(value or [])


THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
               "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")


def thai_date(utc):
    """'2026-11-30 04:00:00' (UTC, as read over RPC) -> '30 พฤศจิกายน 2569', the Bangkok day in B.E."""
    import datetime
    moment = datetime.datetime.strptime(utc, "%Y-%m-%d %H:%M:%S") + datetime.timedelta(hours=7)
    return "%d %s %d" % (moment.day, THAI_MONTHS[moment.month - 1], moment.year + 543)


# pdftotext reads the Thai of the PDFs wkhtmltopdf writes with the marks above and below the
# letters shifted, on the next line, or as glyphs of the private use area, and drops some
# tone marks: texts are compared on their letters only (no marks, no spaces)
def thai_letters(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not c.isspace() and unicodedata.category(c) != "Mn" and not 0xF700 <= ord(c) <= 0xF71F)


class PdfText(str):
    """The text of a PDF; ``in`` compares the letters (see thai_letters)."""

    def __contains__(self, needle):
        return str.__contains__(thai_letters(str(self)), thai_letters(needle))


def pdf_text(content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        return PdfText(subprocess.run(["pdftotext", "-layout", handle.name, "-"], stdout=subprocess.PIPE,
                                      check=True).stdout.decode())


def csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


# ---------------------------------------------------------------- the public status page
class StatusPage:
    """What a visitor reads on /oss/track."""

    def __init__(self, response):
        self.status_code = response.status_code
        self.html = response.text
        tree = lxml.html.fromstring(response.text)
        self.found = bool(tree.xpath("//table[@id='oss_track_result']"))
        self.not_found = bool(tree.xpath("//*[@id='oss_track_not_found']"))
        self.rows = {}
        for row in tree.xpath("//table[@id='oss_track_result']/tr"):
            label = row.xpath("./th/span[@class='en']/text()")
            self.rows[label[0].strip() if label else ""] = " ".join(row.xpath("./td")[0].text_content().split())
        english = tree.xpath("//table[@id='oss_track_result']/tr[3]/td//span[@class='en']/text()")
        self.state_en = english[0].strip() if english else None
        self.steps = [tuple(" ".join(cell.text_content().split()) for cell in row.xpath("./td"))
                      for row in tree.xpath("//table[not(@id)]/tr[td]")]
        self.questions = [" ".join(li.text_content().split())
                          for li in tree.xpath("//*[@id='oss_track_questions']//li")]
        self.notes = [" ".join(div.text_content().split())
                      for div in tree.xpath("//div[contains(@class, 'oss-track')]/div[@class='alert alert-warning']")]


def forget_status_lookups():
    """A new window of the status page's limit (the suite looks up more than a visitor would)."""
    with committed_env() as env:
        key = env["gov.rate.limit"].address_key("127.0.0.1")
        env.cr.execute("DELETE FROM gov_rate_limit WHERE client_key = %s", (key,))


def status_page(base_url, number, last4=""):
    """The applicant (or anyone) looks a request up on the public status page."""
    forget_status_lookups()
    visitor = requests.Session()
    form = visitor.get(base_url + "/oss/track", timeout=30)
    page = StatusPage(visitor.post(base_url + "/oss/track", timeout=30, data={
        "csrf_token": csrf(form.text), "number": number, "last4": last4}))
    forget_status_lookups()
    return page


# ---------------------------------------------------------------- the counter
INTAKE_MENU = "one_stop_service.oss_request_menu_intake"


def open_intake(desk):
    """The front desk opens New request (counter): a new request's form."""
    action = desk.menu_action(INTAKE_MENU)
    assert (action["res_model"], action["view_mode"]) == ("oss.request", "form")
    context = safe_eval(action.get("context") or "{}", desk.eval_context())
    return desk.form("oss.request", context).new()


def intake(desk, service, key=None, person=None, received="all", **extra):
    """The whole intake screen: the ID or phone typed, a new person registered in place
    (``person``: name, phone, email), the service picked, the documents received ticked
    (``received``: "all" or the indexes of the checklist), saved. Returns the form.
    ``service``: an xmlid or an id."""
    form = open_intake(desk)
    if key:
        form.set(intake_id=key)
    if person:
        form.set(**{"intake_" + name: value for name, value in person.items()})
    form.set(service_id=service if isinstance(service, int) else ref_id(service))
    count = len(form["document_ids"])
    form.tick_lines("document_ids", "received", set(range(count)) if received == "all" else set(received))
    if extra:
        form.set(**extra)
    form.save()
    return form


# ---------------------------------------------------------------- the departments
MY_CASES = "citizen_case.citizen_case_action_my"
UNASSIGNED_MENU = "citizen_case.citizen_case_menu_unassigned"
LATE_MENU = "citizen_case.citizen_case_menu_late"
CASE_FIELDS = ["name", "request_id", "step_id", "department_id", "user_id", "stage_state", "can_take",
               "can_work", "can_reassign", "resolution_code", "applicant_question"]


def queue(person, request_id, action=MY_CASES):
    """The cases of a request in one of the person's queues (My cases by default)."""
    return person.screen_records(action, CASE_FIELDS, [("request_id", "=", request_id)])


def cases_of(person, request_id):
    """Every case of a request the person can read (the request's Cases button)."""
    return person.search_read("citizen.case", [("request_id", "=", request_id)], CASE_FIELDS, order="id")


def resolve(person, case_id, code="done", note="ดำเนินการเรียบร้อย / Done"):
    """The officer presses Resolve, picks the outcome, writes the note and confirms."""
    action = person.button("citizen.case", "action_open_resolve_wizard", [case_id])
    dialog = person.dialog(action, resolution_code=code, resolution_note=note)
    assert dialog["case_id"] == case_id
    return dialog.press("action_resolve")


def ask(person, case_id, question):
    """The officer presses Ask the applicant and writes what is needed."""
    action = person.button("citizen.case", "action_open_ask_wizard", [case_id])
    return person.dialog(action, question=question).press("action_ask")


def stall_service(journey, legal_days=10):
    """The service manager publishes a service whose first two steps run in parallel in Civil
    Registration and Public Works, then Civil Registration issues the permit."""
    manager = journey.as_("manager")
    registration, works = ref_ids("gov_crm.department_civil_registration", "gov_crm.department_public_works")
    channels = manager.search_read("oss.channel", [("code", "in", ["counter", "portal"])], ["id"])
    service_id = manager.create("oss.service", {
        "code": "J%s" % journey.suffix.upper(), "name": "ขออนุญาตตั้งแผงค้า %s" % journey.suffix,
        "name_en": "Market stall permit %s" % journey.suffix, "group": "G2C", "legal_days": legal_days,
        "allow_citizen": True, "channel_ids": [(6, 0, [c["id"] for c in channels])],
        "document_ids": [(0, 0, {"name": "บัตรประจำตัวประชาชน", "mandatory": True}),
                         (0, 0, {"name": "แผนผังจุดตั้งแผง", "mandatory": True})],
        "step_ids": [(0, 0, {"sequence": 10, "name": "ตรวจทะเบียนบ้านผู้ขอ", "department_id": registration, "days": 2}),
                     (0, 0, {"sequence": 10, "name": "ตรวจพื้นที่ตั้งแผง", "department_id": works, "days": 3}),
                     (0, 0, {"sequence": 20, "name": "ออกใบอนุญาต", "department_id": registration, "days": 1})]})
    return service_id


# ---------------------------------------------------------------- people and numbers
def new_pin(env):
    """A valid national ID nobody has."""
    while True:
        number = "3" + "".join(random.choice("0123456789") for _ in range(11))
        number += pin.calc_check_digit(number)
        if not env["res.partner"].with_context(active_test=False).search_count([("national_id", "=", number)]):
            return number


def new_mobile(env):
    """A mobile number nobody has."""
    while True:
        phone = "08%08d" % random.randint(0, 99999999)
        if not env["res.partner"].with_context(active_test=False).search_count(
                [("gov_phone_digits", "ilike", phone)]):
            return phone


def format_pin(number):
    return "%s-%s-%s-%s-%s" % (number[0], number[1:5], number[5:10], number[10:12], number[12])


# ---------------------------------------------------------------- clean-up
# (model, table) in the order they are removed; ids above the journey's start are the journey's
JOURNEY_TABLES = (
    ("citizen.case", "citizen_case"),
    ("oss.request", "oss_request"),
    ("oss.applicant.question", "oss_applicant_question"),
    ("oss.request.notice", "oss_request_notice"),
    ("citizen.case.transfer", "citizen_case_transfer"),
    ("oss.agency.event", "oss_agency_event"),
    ("mail.activity", "mail_activity"),
    ("queue.job", "queue_job"),
    ("mail.mail", "mail_mail"),
    ("mail.message", "mail_message"),
    ("gov.consent", "gov_consent"),
    ("gov.privacy.log", "gov_privacy_log"),
    ("ir.attachment", "ir_attachment"),
    ("oss.api.client", "oss_api_client"),
    ("res.users", "res_users"),
    ("res.partner", "res_partner"),
    ("oss.service", "oss_service"),
    ("gov.rate.limit", "gov_rate_limit"),
    ("mail.followers", "mail_followers"),
    ("res.users.log", "res_users_log"),
    ("bus.bus", "bus_bus"),
    ("citizen.case.transfer.wizard", "citizen_case_transfer_wizard"),
    ("citizen.case.resolve.wizard", "citizen_case_resolve_wizard"),
    ("citizen.case.ask.wizard", "citizen_case_ask_wizard"),
    ("citizen.case.rate.wizard", "citizen_case_rate_wizard"),
    ("oss.request.ask.wizard", "oss_request_ask_wizard"),
    ("oss.applicant.answer.wizard", "oss_applicant_answer_wizard"),
    ("oss.request.triage.wizard", "oss_request_triage_wizard"),
    ("gov.kpi.dashboard", "gov_kpi_dashboard"),
    ("gov.otp", "gov_otp"),
    ("gov.sms", "gov_sms"),
    ("oss.web.submission", "oss_web_submission"),
    ("oss.line.conversation", "oss_line_conversation"),
    ("oss.line.event", "oss_line_event"),
    ("oss.line.push", "oss_line_push"),
)
# attachments the journeys make: uploads, answers' files, messages' files (the web assets the
# browser may have the server compile meanwhile are not the journey's)
JOURNEY_ATTACHMENT_MODELS = ("oss.request", "citizen.case", "res.partner", "oss.applicant.question",
                             "mail.message", "mail.compose.message", "oss.request.document")


class Journey:
    """One journey's people, and everything it creates, removed at the end."""

    def __init__(self, base_url, gov_rpc):
        self.base_url = base_url
        self._gov_rpc = gov_rpc
        self._people = {}
        self._logins = itertools.count(1)
        self._restore = []
        self._after = []
        self.suffix = "%s%04d" % (SUFFIX, random.randint(0, 9999))
        with committed_env() as env:
            self.start = {}
            for model, table in JOURNEY_TABLES:
                if model in env.registry:
                    env.cr.execute("SELECT COALESCE(max(id), 0) FROM %s" % table)  # table names: constants above
                    self.start[model] = env.cr.fetchone()[0]
            departments = env["gov.department"].with_context(active_test=False).search([])
            self._departments = {d.id: {"case_last_user_id": d.case_last_user_id.id,
                                        "case_assignment": d.case_assignment,
                                        "member_ids": [(6, 0, d.member_ids.ids)]} for d in departments}

    # -- people
    def as_(self, login, password=None):
        """The web client of ``login`` (staff: the password is the login)."""
        if login not in self._people:
            session = self._gov_rpc(login, password or login)
            self._people[login] = WebClient(session, login)
        return self._people[login]

    def walk_in(self, name, lang="th_TH"):
        """A person not registered yet who comes to the counter: what they tell the front desk."""
        with committed_env() as env:
            national_id, phone = new_pin(env), new_mobile(env)
        return {"name": "%s %s" % (name, self.suffix), "national_id": national_id, "phone": phone,
                "email": "p%s_%s@example.co.th" % (national_id[-6:], self.suffix), "lang": lang}

    def register(self, desk, service, person, received="all", submit=True, **extra):
        """The front desk takes in ``person`` (a walk-in, registered in place by their ID, or an
        existing person found by their ID) for ``service``, and submits: the request's id."""
        values = {key: person[key] for key in ("name", "phone", "email", "lang") if key in person}
        form = intake(desk, service, key=person["national_id"],
                      person=values if not person.get("partner_id") else None, received=received, **extra)
        if submit:
            desk.button("oss.request", "action_submit", [form.record_id])
        return form.record_id

    def on_cleanup(self, function):
        """Run ``function`` at the end, before the journey's rows are removed."""
        self._restore.append(function)

    def after_cleanup(self, function):
        """Run ``function`` at the end, once the journey's rows are removed."""
        self._after.append(function)

    # -- set-up an administrator does
    def portal_citizen(self, name, lang="th_TH", email=True):
        """A person with a portal login, as an administrator creates it: a dict of its values."""
        login = "citizen_%s_%d" % (self.suffix, next(self._logins))
        password = "pw-%s-journey1" % uuid.uuid4().hex[:10]  # the password policy: letters and digits
        with committed_env() as env:
            user = env["res.users"].with_context(no_reset_password=True).create({
                "name": "%s %s" % (name, self.suffix), "login": login, "password": password,
                "email": "%s@example.co.th" % login if email else False,
                "groups_id": [(6, 0, [env.ref("base.group_portal").id])]})
            national_id, phone = new_pin(env), new_mobile(env)
            user.partner_id.write({"national_id": national_id, "phone": phone, "lang": lang,
                                   "gov_party_type": "citizen"})
            return {"user_id": user.id, "partner_id": user.partner_id.id, "login": login,
                    "password": password, "name": user.partner_id.name, "national_id": national_id,
                    "phone": phone, "email": user.partner_id.email}

    def officer(self, name, department_xmlids):
        """Another officer of the departments, as an administrator creates the user and the
        service manager adds them to the departments."""
        login = "officer_%s_%d" % (self.suffix, next(self._logins))
        with committed_env() as env:
            user = env["res.users"].with_context(no_reset_password=True).create({
                "name": "%s %s" % (name, self.suffix), "login": login, "password": login,
                "email": "%s@example.go.th" % login, "lang": "en_US", "tz": "Asia/Bangkok",
                "groups_id": [(6, 0, [env.ref("base.group_user").id, env.ref("gov_crm.group_gov_officer").id])]})
            departments = [env.ref(xmlid).id for xmlid in department_xmlids]
        manager = self.as_("manager")
        for department_id in departments:
            manager.write("gov.department", [department_id], {"member_ids": [(4, user.id)]})
        return user.id, login

    # -- clean-up
    def clean(self):
        errors = []
        wait_for_jobs()  # the notices of the journey's last step, before its requests go
        for function in reversed(self._restore):
            try:
                function()
            except Exception as error:  # reported below, after the rest is cleaned
                errors.append(repr(error))
        with committed_env() as env:
            for department_id, values in self._departments.items():
                department = env["gov.department"].browse(department_id)
                if department.exists() and (department.case_last_user_id.id != values["case_last_user_id"]
                                            or department.case_assignment != values["case_assignment"]
                                            or department.member_ids.ids != values["member_ids"][0][2]):
                    department.write(values)
            env.cr.execute("SELECT id FROM oss_request WHERE id > %s", (self.start["oss.request"],))
            new_requests = [row[0] for row in env.cr.fetchall()]
            if new_requests:
                # only drafts are deleted through the ORM
                env.cr.execute("UPDATE oss_request SET state = 'draft' WHERE id IN %s", (tuple(new_requests),))
                env["oss.request"].invalidate_cache()
            for model, table in JOURNEY_TABLES:
                if model not in self.start:
                    continue
                domain = [("id", ">", self.start[model])]
                if model == "ir.attachment":
                    domain.append(("res_model", "in", JOURNEY_ATTACHMENT_MODELS))
                if model == "gov.rate.limit":
                    env.cr.execute("DELETE FROM gov_rate_limit WHERE id > %s", (self.start[model],))
                    continue
                if model in ("res.users.log", "bus.bus"):  # logins and live notifications: plain rows
                    env.cr.execute("DELETE FROM %s WHERE id > %%s" % table, (self.start[model],))
                    continue
                records = env[model].with_context(active_test=False).search(domain)
                if model == "gov.privacy.log":
                    records |= env[model].search([("user_id.id", ">", self.start["res.users"])])
                if model == "res.users":
                    env.cr.execute("DELETE FROM res_users_log WHERE create_uid IN %s", (tuple(records.ids) or (0,),))
                records.unlink()
            leftovers = {}
            for model, table in JOURNEY_TABLES:
                if model in self.start and model not in ("res.users.log", "bus.bus"):
                    extra = ""
                    if model == "ir.attachment":
                        extra = " AND res_model IN %s" % (tuple(JOURNEY_ATTACHMENT_MODELS),)
                    env.cr.execute("SELECT count(*) FROM %s WHERE id > %%s%s" % (table, extra), (self.start[model],))
                    count = env.cr.fetchone()[0]
                    if count:
                        leftovers[table] = count
        for function in self._after:
            try:
                function()
            except Exception as error:  # reported below
                errors.append(repr(error))
        assert not errors, errors
        assert not leftovers, "the journey left rows behind: %s" % leftovers


@pytest.fixture
def journey(gov_server, gov_rpc):
    trip = Journey(gov_server, gov_rpc)
    yield trip
    trip.clean()


# ---------------------------------------------------------------- what the system does
def queued_mails(partner_id):
    """The e-mails waiting in the mail queue for a person, oldest first, as the mail server
    would take them (the queue is the system's: administrators only), once the server's job
    runner has queued the notices."""
    wait_for_jobs()
    with committed_env() as env:
        mails = env["mail.mail"].search([("recipient_ids", "in", [partner_id])], order="id")
        return [{"subject": mail.subject or "", "body": mail.body_html or "", "state": mail.state,
                 "model": mail.model, "res_id": mail.res_id} for mail in mails]


def ref_id(xmlid):
    with committed_env() as env:
        return env.ref(xmlid).id


def ref_ids(*xmlids):
    with committed_env() as env:
        return [env.ref(xmlid).id for xmlid in xmlids]


def messages_of(person, model, record_id, fields=("body", "subject", "message_type", "subtype_id", "partner_ids")):
    """The messages of a record's chatter, as ``person`` reads them (newest first), once the
    server's job runner has posted the notices."""
    wait_for_jobs()
    return person.search_read("mail.message", [("model", "=", model), ("res_id", "=", record_id)],
                              list(fields), order="id desc")


def json_body(response):
    return json.loads(response.decode() if isinstance(response, bytes) else response)
