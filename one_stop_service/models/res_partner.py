from odoo import _, api, fields, models
from odoo.tools import html_escape


class ResPartner(models.Model):
    _inherit = "res.partner"

    oss_request_ids = fields.One2many("oss.request", "partner_id", string="One-stop requests")
    oss_request_count = fields.Integer(compute="_compute_oss_request_count", string="Requests")

    def _compute_oss_request_count(self):
        counts = self.env["oss.request"]._gov_count_by("partner_id", self.ids)
        for partner in self:
            partner.oss_request_count = counts.get(partner.id, 0)

    @api.multi
    def action_view_oss_requests(self):
        return self._gov_action_related("one_stop_service.oss_request_action", "partner_id",
                                        {"default_partner_id": self.id})

    def _oss_party_types(self):
        """The party types the partner applies as: its own (a staff member is also a citizen);
        a partner without one is a citizen, or a business when it is a company."""
        self.ensure_one()
        party = self.gov_party_type or ("business" if self.is_company else "citizen")
        return {"staff", "citizen"} if party == "staff" else {party}

    def _gov_dsar_sections(self):
        """Add the person's one-stop requests to the PDPA access export of gov_crm."""
        sections = super()._gov_dsar_sections()
        # sudo: the export is for the privacy officer, checked by gov_crm before calling
        requests = self.env["oss.request"].sudo().search(
            ["|", ("partner_id", "=", self.id), ("contact_id", "=", self.id)], order="date_received, id")
        states = dict(self.env["oss.request"]._fields["state"]._description_selection(self.env))
        channels = dict(self.env["oss.request"]._fields["channel"]._description_selection(self.env))
        rows = [(r.name, r.service_id.display_name, channels.get(r.channel, ""), states.get(r.state, ""),
                 self._gov_dsar_when(r.date_received), self._gov_dsar_when(r.expected_date),
                 self._gov_dsar_when(r.date_done), r.description or "",
                 ", ".join(r.document_ids.filtered("received").mapped("name")))
                for r in requests]
        sections.append((_("Your requests"), [
            _("Tracking number"), _("Service"), _("Channel"), _("Status"), _("Received on"),
            _("Expected by"), _("Finished on"), _("Details"), _("Documents received")], rows))
        return sections

    # ------------------------------------------------------------ anonymisation (gov_crm hooks)
    def _oss_requests_held(self):
        """Requests of the person, or made by them for a business or an agency."""
        return self.env["oss.request"].sudo().search(
            ["|", ("partner_id", "=", self.id), ("contact_id", "=", self.id)])

    def _gov_anonymise_documents(self):
        """The person's requests: their chatter and files (a scanned ID card) go with them."""
        documents = super()._gov_anonymise_documents()
        documents["oss.request"] = self._oss_requests_held()
        return documents

    def _gov_anonymise_records(self, traces):
        """The request's details are the person's words: blanked; the agency's texts about the
        request are scrubbed of the person. Tracking numbers, dates and states stay."""
        res = super()._gov_anonymise_records(traces)
        requests = self._oss_requests_held()
        own = requests.filtered(lambda r: r.partner_id == self)
        own.write({"description": False})
        cr = self.env.cr
        traces.scrub_columns(cr, "oss_request", ("description", "public_note", "delay_reason", "reject_reason"),
                             ids=requests.ids, own=True)
        traces.scrub_columns(cr, "oss_request_notice", ("content", "not_sent_reason"),
                             ids=requests.mapped("notice_ids").ids, own=True)
        traces.scrub_columns(cr, "oss_request_step", ("note",), ids=requests.mapped("step_ids").ids, own=True)
        self._oss_anonymise_questions(traces, requests)
        return res

    def _oss_questions_held(self, requests):
        """Questions to the person, and those asked on the requests held (citizen_case adds
        the questions of the person's cases)."""
        return self.env["oss.applicant.question"].sudo().search(
            ["|", ("partner_id", "=", self.id), ("request_id", "in", requests.ids)])

    def _oss_anonymise_questions(self, traces, requests):
        """The person's answers are their words: blanked, also where the answer was copied into
        a chatter note, and their files deleted; the agency's questions and notes about them
        are scrubbed of the person. Dates and states stay."""
        questions = self._oss_questions_held(requests)
        if not questions:
            return
        own = questions.filtered(lambda q: q.partner_id == self)
        answers = {text for text in own.mapped("answer") if text and text.strip()}
        self._gov_delete_files(questions.mapped("attachment_id"))
        # sudo (the caller's): questions are written only through actions; erasure is the
        # privacy officer's, checked by gov_anonymise
        own.write({"answer": False})
        cr = self.env.cr
        holders = [("oss.request", questions.mapped("request_id").ids)] + self._oss_question_holders(questions)
        for model, ids in holders:
            if not (ids and answers):
                continue
            for answer in sorted(answers, key=len, reverse=True):
                for text in {answer, html_escape(answer)}:
                    cr.execute("""
                        UPDATE mail_message SET body = replace(body, %(text)s, %(anon)s)
                         WHERE model = %(model)s AND res_id IN %(ids)s AND strpos(body, %(text)s) > 0""",
                               {"text": text, "anon": traces.replacement, "model": model, "ids": tuple(ids)})
        traces.scrub_columns(cr, "oss_applicant_question", ("question", "answer", "close_note", "not_notified_reason"),
                             ids=questions.ids, own=True)

    def _oss_question_holders(self, questions):
        """Other documents whose chatter may quote an answer, as [(model, ids)] (hook)."""
        return []
