"""Merge the lawful bases that parallel requests recorded twice, before the database
refuses a second active basis per person and purpose.

Lines of one person and purpose that were given while an earlier one was still active
form one cluster (lines given after the cluster's first withdrawal start a new one, so
withdrawals and later re-consents stay as they were). In each cluster the earliest line
is kept, withdrawn at the cluster's first withdrawal if any line of it was withdrawn:
an objection is never lost. The other lines of the same lawful basis are duplicates and
are deleted; a line of another basis is kept but closed now, with a note saying why.
"""
import logging

_logger = logging.getLogger(__name__)

NOTE = "Closed on upgrade: only one basis per person and purpose may be active."


def _clusters(lines):
    """Consecutive lines (sorted by given_on, id) given while the cluster was active."""
    clusters = []
    for line in lines:
        if clusters:
            withdrawals = [row["withdrawn_on"] for row in clusters[-1] if row["withdrawn_on"]]
            if not withdrawals or min(withdrawals) > line["given_on"]:
                clusters[-1].append(line)
                continue
        clusters.append([line])
    return clusters


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        SELECT partner_id, purpose FROM gov_consent
         GROUP BY partner_id, purpose
        HAVING count(*) FILTER (WHERE withdrawn_on IS NULL) > 1
            OR (count(*) > 1 AND purpose = 'service_notification'
                AND count(*) FILTER (WHERE lawful_basis = 'public_task') > 1)""")
    groups = cr.fetchall()
    deleted = closed = 0
    for partner_id, purpose in groups:
        cr.execute("""
            SELECT id, lawful_basis, given_on, withdrawn_on, note FROM gov_consent
             WHERE partner_id = %s AND purpose = %s ORDER BY given_on, id""", (partner_id, purpose))
        lines = cr.dictfetchall()
        for cluster in _clusters(lines):
            if len(cluster) < 2:
                continue
            kept, others = cluster[0], cluster[1:]
            withdrawals = [row["withdrawn_on"] for row in cluster if row["withdrawn_on"]]
            if withdrawals and kept["withdrawn_on"] != min(withdrawals):
                cr.execute("UPDATE gov_consent SET withdrawn_on = %s, state = 'withdrawn' WHERE id = %s",
                           (min(withdrawals), kept["id"]))
            duplicates = [row["id"] for row in others if row["lawful_basis"] == kept["lawful_basis"]]
            if duplicates:
                cr.execute("DELETE FROM gov_consent WHERE id IN %s", (tuple(duplicates),))
                deleted += len(duplicates)
            for line in others:
                if line["lawful_basis"] != kept["lawful_basis"] and not line["withdrawn_on"]:
                    cr.execute("""
                        UPDATE gov_consent SET withdrawn_on = now() AT TIME ZONE 'UTC', state = 'withdrawn',
                               note = concat_ws(E'\\n', note, %s)
                         WHERE id = %s""", (NOTE, line["id"]))
                    closed += 1
    _logger.info("lawful bases: %d duplicate lines merged, %d closed, in %d groups",
                 deleted, closed, len(groups))
