"""The public catalogue: which services it lists, how it searches them, what a service page says,
and what it adds to a service (life events, the manual's text in English).

Only published services are public. Call these methods on a sudo environment: the domain
of ``_gp_domain`` IS the access check (the public user has no right on services), and what
leaves is the values below, which hold nothing but the catalogue's own text.
"""
from odoo import api, fields, models
from odoo.osv import expression

PAGE_SIZE = 20
EN = "en_US"
# the catalogue lists the citizens' services first
GROUP_ORDER = {"G2C": 0, "G2B": 1, "G2G": 2, "G2E": 3}


def pick(record, field, lang):
    """The English text of ``field`` on an English page when there is one, else the Thai."""
    if lang == EN and record["%s_en" % field]:
        return record["%s_en" % field]
    return record[field] or ""


class OssService(models.Model):
    _inherit = "oss.service"

    life_event_ids = fields.Many2many("oss.life.event", "oss_service_life_event_rel", "service_id",
                                      "life_event_id", string="Life events",
                                      help="The moments of life under which the public catalogue lists the service.")
    category_en = fields.Char(string="Category (English)")
    description_en = fields.Text(string="Criteria and description (English)")
    legal_basis_en = fields.Text(string="Legal basis (English)")
    fee_note_en = fields.Char(string="Fee details (English)")

    @api.multi
    def action_gp_public_page(self):
        """Open the service's public page (what the public sees, without a login)."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": "/services/%s" % self.code, "target": "new"}

    @api.model
    def _gp_domain(self, text=None, group=None, department=None, event=None):
        """Published services matching the catalogue's search (all arguments optional)."""
        domain = [("published", "=", True)]
        if text:
            domain += ["|", "|", "|", "|", ("code", "=ilike", text + "%"), ("name", "ilike", text),
                       ("name_en", "ilike", text), ("category", "ilike", text), ("category_en", "ilike", text)]
        if group:
            domain.append(("group", "=", group))
        if department:
            domain.append(("step_ids.department_id", "=", department.id))
        if event:
            domain.append(("life_event_ids", "=", event.id))
        return domain

    @api.model
    def _gp_search_page(self, domain, page, size=PAGE_SIZE):
        """(services of page ``page`` (1-based), total): citizens' services first, then by code."""
        services = self.search(domain).sorted(lambda s: (GROUP_ORDER.get(s.group, 9), s.code))
        return services[(page - 1) * size:page * size], len(services)

    @api.model
    def _gp_public(self, code):
        """The published service of ``code``, or an empty recordset."""
        if not isinstance(code, str) or not code:
            return self.browse()
        return self.search(expression.AND([self._gp_domain(), [("code", "=", code)]]), limit=1)

    @api.model
    def _gp_facets(self):
        """The filters the catalogue offers: departments and life events that have published services."""
        services = self.search(self._gp_domain())
        departments = services.mapped("step_ids.department_id").sorted(lambda d: d.code)
        events = services.mapped("life_event_ids").sorted(lambda e: (e.sequence, e.id))
        return departments, events

    def _gp_lead_department(self):
        self.ensure_one()
        steps = self.step_ids.sorted(lambda s: (s.sequence, s.id))
        return steps[:1].department_id

    def _gp_summary(self, lang):
        """One line of the catalogue's list."""
        self.ensure_one()
        lead = self._gp_lead_department()
        groups = dict(self._fields["group"]._description_selection(self.env))
        return {
            "code": self.code, "name": pick(self, "name", lang), "group": self.group,
            "group_label": groups[self.group], "category": pick(self, "category", lang),
            "legal_days": self.legal_days, "fee": self.fee, "fee_note": pick(self, "fee_note", lang),
            "department": pick(lead, "name", lang) if lead else "",
            "events": [event.name for event in self.life_event_ids],
        }

    def _gp_page(self, lang):
        """Everything the service page shows: the manual's content and how to apply."""
        self.ensure_one()
        agency = self.env.user.company_id._gp_agency()
        lead = self._gp_lead_department()
        steps = []
        for step in self.step_ids.sorted(lambda s: (s.sequence, s.id)):
            steps.append({"sequence": step.sequence, "name": pick(step, "name", lang),
                          "department": pick(step.department_id, "name", lang), "days": step.days})
        values = dict(self._gp_summary(lang))
        values.update({
            "id": self.id, "name_other": self.name_en if lang != EN else self.name,
            "description": pick(self, "description", lang), "legal_basis": pick(self, "legal_basis", lang),
            "documents": [{"name": pick(doc, "name", lang), "copies": doc.copies, "mandatory": doc.mandatory,
                           "note": doc.note or ""} for doc in self.document_ids],
            "steps": steps, "parallel": len(set(s["sequence"] for s in steps)) < len(steps),
            "applicants": self.applicant_summary,
            "channels": [channel._gp_apply(self, agency) for channel in self.channel_ids.sorted(
                lambda c: (c.sequence, c.id))],
            "events": [{"code": event.code, "name": event.name} for event in self.life_event_ids],
            "agency": agency, "lead_department": pick(lead, "name", lang) if lead else "",
            "lead_department_code": lead.code if lead else "",
        })
        return values


class OssServiceDocument(models.Model):
    _inherit = "oss.service.document"

    name_en = fields.Char(string="Document (English)")


class OssServiceStep(models.Model):
    _inherit = "oss.service.step"

    name_en = fields.Char(string="Step (English)")
