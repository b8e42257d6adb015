from odoo import _, api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    case_count = fields.Integer(compute="_compute_case_count", string="Cases")

    @api.multi
    def _compute_case_count(self):
        """Cases the current user may see, counted in one grouped query."""
        counts = self.env["citizen.case"]._gov_count_by("partner_id", self.ids)
        for partner in self:
            partner.case_count = counts.get(partner.id, 0)

    @api.multi
    def action_view_cases(self):
        return self._gov_action_related("citizen_case.citizen_case_action", "partner_id")

    def _gov_dsar_sections(self):
        """Add the person's cases to the PDPA access export of gov_crm."""
        sections = super(ResPartner, self)._gov_dsar_sections()
        # sudo: the privacy officer exports everything held on the person, confidential cases included
        cases = self.env["citizen.case"].sudo().search([("partner_id", "in", self.ids)], order="id")
        stage_states = dict(cases._fields["stage_state"]._description_selection(self.env))
        outcomes = dict(cases._fields["resolution_code"]._description_selection(self.env))
        headers = [_("Reference"), _("Subject"), _("Department"), _("Stage"), _("Opened on"),
                   _("Deadline"), _("Resolved on"), _("Outcome"), _("Satisfaction")]
        rows = [[case.name, case.subject, case.department_id.display_name,
                 stage_states.get(case.stage_state, ""), self._gov_dsar_when(case.date_open),
                 self._gov_dsar_when(case.deadline), self._gov_dsar_when(case.date_resolved),
                 outcomes.get(case.resolution_code, ""),
                 self._gov_dsar_label("citizen.case", "rating", case.rating)]
                for case in cases]
        sections.append((_("Your cases"), headers, rows))
        return sections

    # ------------------------------------------------------------ anonymisation (gov_crm hooks)
    def _case_cases_held(self):
        return self.env["citizen.case"].sudo().search([("partner_id", "=", self.id)])

    def _gov_anonymise_documents(self):
        """The person's cases: their chatter (officers' notes) and files go with them."""
        documents = super(ResPartner, self)._gov_anonymise_documents()
        documents["citizen.case"] = self._case_cases_held()
        return documents

    def _gov_anonymise_records(self, traces):
        """Descriptions (copied from the request) and the person's rating comment are blanked;
        subjects, outcomes and transfer reasons are scrubbed of the person. Stages, dates,
        deadlines and ratings stay for the KPIs; the rating link stops working."""
        res = super(ResPartner, self)._gov_anonymise_records(traces)
        cases = self._case_cases_held()
        cases.write({"description": False, "rating_comment": False, "rating_token_hash": False})
        cr = self.env.cr
        traces.scrub_columns(cr, "citizen_case", ("subject", "resolution_note"), ids=cases.ids, own=True)
        traces.scrub_columns(cr, "citizen_case_transfer", ("reason",), ids=cases.mapped("transfer_ids").ids,
                             own=True)
        return res

    def _oss_questions_held(self, requests):
        """The questions asked by the person's cases too (a direct case asks by its own e-mail)."""
        questions = super(ResPartner, self)._oss_questions_held(requests)
        return questions | self.env["oss.applicant.question"].sudo().search(
            [("case_id", "in", self._case_cases_held().ids)])

    def _oss_question_holders(self, questions):
        """The case that asked posts the answer to its chatter."""
        holders = super(ResPartner, self)._oss_question_holders(questions)
        return holders + [("citizen.case", questions.mapped("case_id").ids)]
