"""The front desk reads the questions of requests only, no longer those a direct case asks.

The record rules are data of a noupdate file: the rule of the front desk, which also held
the service managers, is rewritten here; the service managers' own rule was created by
the update.
"""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("one_stop_service.oss_applicant_question_rule_front_desk", raise_if_not_found=False)
    if rule:
        rule.write({
            "name": "Questions to applicants: front desk sees those of requests",
            "domain_force": "[('request_id', '!=', False)]",
            "groups": [(6, 0, [env.ref("gov_crm.group_gov_front_desk").id])],
        })
