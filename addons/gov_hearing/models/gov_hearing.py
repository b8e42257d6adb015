"""A public hearing: what the agency asks the public, when, of whom, and what it heard.

A hearing moves draft -> open -> closed -> published. It accepts responses while open and
between its opening and closing moments; the hourly cron closes the ones whose closing
moment passed. Publishing renders the summary report (counts only, never a respondent),
keeps it on the hearing and tells the followers.
"""
import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.addons.gov_crm.lib.be_date import format_be_date

STATES = [("draft", "Draft"), ("open", "Open"), ("closed", "Closed"), ("published", "Summary published")]
AUDIENCES = [
    ("anyone", "Anyone"),
    ("confirmed", "People who confirm an e-mail address or a mobile number"),
    ("registered", "Registered persons (national ID)"),
]
PUBLIC_STATES = ("open", "closed", "published")
RESPONSE_READERS = "gov_hearing.group_gov_hearing_officer,gov_crm.group_gov_supervisor"
DEFAULT_PRIVACY_NOTICE = (
    "หน่วยงานเก็บความคิดเห็นของคุณเพื่อรับฟังประชาชนก่อนตัดสินใจ (ฐานการปฏิบัติหน้าที่เพื่อประโยชน์สาธารณะ "
    "พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล มาตรา 24(4)) อีเมลหรือหมายเลขโทรศัพท์ที่คุณยืนยันเก็บไว้เพียงในรูปค่าแฮช "
    "เพื่อให้หนึ่งคนตอบได้หนึ่งครั้ง ผลการรับฟังเผยแพร่เป็นจำนวนและประเด็น ไม่ระบุชื่อผู้ใด "
    "ความคิดเห็นเก็บไว้จนเผยแพร่สรุปผลและอีกห้าปีหลังจากนั้น\n"
    "The agency collects your answers to hear the public before it decides (lawful basis: public task, "
    "PDPA s.24(4)). The e-mail address or mobile number you confirm is kept only as a keyed fingerprint, "
    "to allow one response per person; answers are published as counts and themes, never with a name. "
    "Responses are kept until the summary is published and five years after.")


class GovHearing(models.Model):
    _name = "gov.hearing"
    _description = "Public hearing"
    _inherit = ["mail.thread"]
    _order = "date_open desc, id desc"

    name = fields.Char(string="Subject", required=True, translate=True, track_visibility="onchange")
    summary = fields.Text(translate=True, help="What is proposed and why, as the public reads it.")
    department_id = fields.Many2one("gov.department", required=True, index=True, ondelete="restrict",
                                    track_visibility="onchange")
    date_open = fields.Datetime(string="Opens", required=True, index=True)
    date_close = fields.Datetime(string="Closes", required=True, index=True)
    audience = fields.Selection(AUDIENCES, required=True, default="confirmed")
    council_consultation = fields.Boolean(
        string="Council consultation", help="The hearing consults the voters of the local council.")
    state = fields.Selection(STATES, required=True, default="draft", index=True, readonly=True, copy=False,
                             track_visibility="onchange")
    document_ids = fields.Many2many(
        "ir.attachment", "gov_hearing_document_rel", "hearing_id", "attachment_id", string="Documents",
        help="Published with the hearing: anyone may download them while it is public.")
    question_ids = fields.One2many("gov.hearing.question", "hearing_id", string="Questions", copy=True)
    # the raw responses and the themes: the department's staff and managers (record rules say which)
    response_ids = fields.One2many("gov.hearing.response", "hearing_id", string="Responses",
                                   groups=RESPONSE_READERS)
    theme_ids = fields.One2many("gov.hearing.theme", "hearing_id", string="Themes", groups=RESPONSE_READERS)
    privacy_notice = fields.Text(required=True, translate=True, default=DEFAULT_PRIVACY_NOTICE)
    conclusion = fields.Text(string="How the hearing was considered", translate=True,
                             help="Published with the summary: what the agency decided after hearing the public.")
    summary_attachment_id = fields.Many2one("ir.attachment", string="Summary report", readonly=True, copy=False,
                                            ondelete="set null")
    date_published = fields.Datetime(string="Summary published on", readonly=True, copy=False)
    response_count = fields.Integer(string="Number of responses", compute="_compute_counts")
    follower_count = fields.Integer(string="People following", compute="_compute_counts")
    results_html = fields.Html(string="Results", compute="_compute_results_html", sanitize=False)
    date_open_be = fields.Char(string="Opens (B.E.)", compute="_compute_be_dates")
    date_close_be = fields.Char(string="Closes (B.E.)", compute="_compute_be_dates")

    def _compute_counts(self):
        # sudo: counts only; who reads the hearing may know how many took part, not who
        responses = dict((row["hearing_id"][0], row["hearing_id_count"]) for row in self.env[
            "gov.hearing.response"].sudo().read_group([("hearing_id", "in", self.ids)], ["hearing_id"],
                                                      ["hearing_id"]))
        followers = dict((row["hearing_id"][0], row["hearing_id_count"]) for row in self.env[
            "gov.hearing.follower"].sudo().read_group([("hearing_id", "in", self.ids)], ["hearing_id"],
                                                      ["hearing_id"]))
        for hearing in self:
            hearing.response_count = responses.get(hearing.id, 0)
            hearing.follower_count = followers.get(hearing.id, 0)

    @api.depends("date_open", "date_close")
    def _compute_be_dates(self):
        lang = self.env.context.get("lang") or "th_TH"
        tz = self.env["resource.calendar"].gov_office_tz()
        for hearing in self:
            hearing.date_open_be = format_be_date(hearing.date_open, tz, lang=lang, with_time=True)
            hearing.date_close_be = format_be_date(hearing.date_close, tz, lang=lang, with_time=True)

    def _compute_results_html(self):
        for hearing in self:
            hearing.results_html = self.env["ir.qweb"].render("gov_hearing.results_chart", {
                "results": hearing._gh_results(), "hearing": hearing}) if hearing.id else False

    @api.constrains("date_open", "date_close")
    def _check_dates(self):
        for hearing in self:
            if hearing.date_open and hearing.date_close and hearing.date_close <= hearing.date_open:
                raise ValidationError(_("A hearing closes after it opens."))

    @api.multi
    def write(self, vals):
        frozen = {"audience", "question_ids", "date_open"}
        if frozen & set(vals) and self.filtered(lambda h: h.state != "draft" and h.response_count):
            raise UserError(_("The questions, audience and opening of a hearing that has responses cannot "
                              "change."))
        return super(GovHearing, self).write(vals)

    @api.multi
    def unlink(self):
        if self.filtered(lambda h: h.state != "draft"):
            raise UserError(_("Only a draft hearing can be deleted."))
        return super(GovHearing, self).unlink()

    # ------------------------------------------------------------ actions
    @api.multi
    def action_open(self):
        for hearing in self:
            if hearing.state != "draft":
                raise UserError(_("Only a draft hearing can be opened."))
            if not hearing.question_ids:
                raise UserError(_("Add at least one question before opening the hearing."))
            empty = hearing.question_ids.filtered(lambda q: q.kind == "choice" and not q.option_ids)
            if empty:
                raise UserError(_("The question %(question)s has no choices.") % {
                    "question": empty[0].name})
        self.write({"state": "open"})
        return True

    @api.multi
    def action_back_to_draft(self):
        if self.filtered(lambda h: h.state != "open" or h.response_count):
            raise UserError(_("Only an open hearing without responses goes back to draft."))
        self.write({"state": "draft"})
        return True

    @api.multi
    def action_close(self):
        if self.filtered(lambda h: h.state != "open"):
            raise UserError(_("Only an open hearing can be closed."))
        now = fields.Datetime.now()
        for hearing in self:
            # closed early: the closing moment is now (the page and the report say when it closed)
            early = hearing.date_open < now < hearing.date_close
            hearing.write(dict({"state": "closed"}, **({"date_close": now} if early else {})))
        return True

    @api.multi
    def action_publish(self):
        """Render the summary report, keep it on the hearing and tell the followers."""
        self.ensure_one()
        if self.state != "closed":
            raise UserError(_("Publish the summary of a closed hearing."))
        self.write({"state": "published", "date_published": fields.Datetime.now()})
        report = self.env.ref("gov_hearing.gov_hearing_summary_report")
        # sudo: the report reads the counts of every response (no respondent) to print the summary
        pdf, _format = report.sudo().with_context(lang="th_TH").render_qweb_pdf(self.ids)
        # sudo: the summary is the hearing's published file, written by the publishing action
        attachment = self.env["ir.attachment"].sudo().create({
            "name": "hearing-%d-summary.pdf" % self.id, "datas_fname": "hearing-%d-summary.pdf" % self.id,
            "datas": base64.b64encode(pdf), "mimetype": "application/pdf",
            "res_model": self._name, "res_id": self.id})
        self.sudo().write({"summary_attachment_id": attachment.id})
        self.message_post(body=_("Summary published: %(count)s responses.") % {"count": self.response_count},
                          subtype="mail.mt_note")
        # sudo: the followers' addresses are the system's; only the notification reads them
        self.env["gov.hearing.follower"].sudo().search([("hearing_id", "=", self.id)])._notify_published()
        return True

    # ------------------------------------------------------------ public side
    @api.model
    def _gh_public_domain(self):
        """The hearings anyone reads: open, closed or with a published summary (never drafts)."""
        return [("state", "in", PUBLIC_STATES)]

    @api.multi
    def _gh_accepting(self):
        self.ensure_one()
        now = fields.Datetime.now()
        return self.state == "open" and self.date_open <= now < self.date_close

    @api.model
    def _cron_close(self):
        """Close the open hearings whose closing moment passed."""
        self.search([("state", "=", "open"), ("date_close", "<=", fields.Datetime.now())]).write(
            {"state": "closed"})

    @api.multi
    def _gh_results(self):
        """Per question: the counts of each answer (choice, scale), the number of written answers and
        the themes; counts only, from read_group on the answers."""
        self.ensure_one()
        # sudo: counts of the answers, which name nobody; callers reached the hearing itself
        Answer = self.env["gov.hearing.answer"].sudo()
        results = []
        for question in self.question_ids:
            domain = [("question_id", "=", question.id)]
            entry = {"question": question, "kind": question.kind, "rows": [], "total": 0}
            if question.kind == "choice":
                counts = dict((row["option_id"][0], row["option_id_count"]) for row in Answer.read_group(
                    domain + [("option_id", "!=", False)], ["option_id"], ["option_id"]))
                entry["rows"] = [(option.name, counts.get(option.id, 0)) for option in question.option_ids]
            elif question.kind == "scale":
                counts = dict((row["value_scale"], row["value_scale_count"]) for row in Answer.read_group(
                    domain + [("value_scale", ">", 0)], ["value_scale"], ["value_scale"]))
                entry["rows"] = [(str(value), counts.get(value, 0)) for value in range(1, question.scale_max + 1)]
            else:
                entry["total"] = Answer.search_count(domain + [("value_text", "!=", False)])
                themes = dict((row["theme_id"][0], row["theme_id_count"]) for row in Answer.read_group(
                    domain + [("theme_id", "!=", False)], ["theme_id"], ["theme_id"]))
                # sudo: the themes' names and counts are what the summary publishes
                entry["rows"] = [(theme.name, themes.get(theme.id, 0)) for theme in self.sudo().theme_ids]
            if question.kind != "text":
                entry["total"] = sum(count for _label, count in entry["rows"])
            entry["max"] = max([count for _label, count in entry["rows"]] + [1])
            results.append(entry)
        return results

    @api.multi
    def _gh_participation(self):
        """Who took part, as counts only: responses by channel."""
        self.ensure_one()
        # sudo: counts by channel, no respondent
        rows = self.env["gov.hearing.response"].sudo().read_group(
            [("hearing_id", "=", self.id)], ["channel"], ["channel"])
        labels = dict(self.env["gov.hearing.response"]._fields["channel"]._description_selection(self.env))
        return [(labels[row["channel"]], row["channel_count"]) for row in rows]

    @api.multi
    def gh_be_date(self, value, lang="th_TH", with_time=False):
        """Template helper: a Buddhist-era date."""
        return format_be_date(value, self.env["resource.calendar"].gov_office_tz(), lang=lang, with_time=with_time)
