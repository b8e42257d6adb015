from odoo import fields, models

STAGE_STATES = [
    ("new", "New"),
    ("progress", "In progress"),
    ("waiting", "Waiting for applicant"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
]
# the SLA clock does not run in these states: the applicant owes us something, or the work is done
CLOCK_STOPPED_STATES = ("waiting", "resolved", "closed")
OPEN_STATES = ("new", "progress", "waiting")


class CitizenCaseStage(models.Model):
    """A column of the case kanban; ``state`` carries the meaning the code relies on."""

    _name = "citizen.case.stage"
    _description = "Case stage"
    _order = "sequence, id"
    # rows each process keeps between calls (base_shared_rows): set up by managers, not by the daily work
    _gov_shared_rows = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    state = fields.Selection(
        STAGE_STATES, required=True, index=True,
        help="What the stage means: the SLA clock stops while waiting for the applicant "
             "and once the case is resolved or closed.")
    fold = fields.Boolean(string="Folded in kanban")
    description = fields.Text(translate=True)
