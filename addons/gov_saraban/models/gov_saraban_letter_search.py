"""Search of letters: by number, date, party and subject from the search view, and over their
whole text ("Text contains").

PostgreSQL's ``simple`` and ``english`` text-search configurations split words at spaces and
punctuation; Thai is written without spaces between words, so a Thai sentence becomes a single
token and a word inside it is never found (``to_tsvector('simple', 'ขอข้อมูลทะเบียนราษฎร')`` is one
lexeme). The text is therefore searched two ways, in one query: a ``tsvector`` column (English
stemming, whole words, GIN index) and ``ILIKE`` on the text served by a ``pg_trgm`` GIN index,
which finds any run of Thai characters.
"""
from odoo import api, fields, models

TS_CONFIG = "english"


class GovSarabanLetter(models.Model):
    _inherit = "gov.saraban.letter"

    content_text = fields.Text(
        compute="_compute_content_text", store=True, readonly=True, string="Searchable text",
        groups="gov_saraban.group_saraban_clerk,gov_crm.group_gov_officer,gov_saraban.group_saraban_signer")
    text_search = fields.Char(string="Text contains", compute="_compute_text_search",
                              search="_search_text_search")

    def init(self):
        cr = self.env.cr
        cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        # a generated column: PostgreSQL keeps it in step with the text, whoever writes it
        cr.execute("""
            ALTER TABLE gov_saraban_letter ADD COLUMN IF NOT EXISTS content_tsv tsvector
                GENERATED ALWAYS AS (to_tsvector('english', coalesce(content_text, ''))) STORED
        """)
        cr.execute("CREATE INDEX IF NOT EXISTS gov_saraban_letter_content_tsv_idx "
                   "ON gov_saraban_letter USING gin (content_tsv)")
        cr.execute("CREATE INDEX IF NOT EXISTS gov_saraban_letter_content_trgm_idx "
                   "ON gov_saraban_letter USING gin (content_text gin_trgm_ops)")

    @api.depends("subject", "addressee", "reference", "reference_text", "body", "partner_id.name",
                 "enclosure_ids.name", "name")
    def _compute_content_text(self):
        for letter in self:
            parts = [letter.name if letter.name != "/" else "", letter.reference, letter.partner_id.name,
                     letter.subject, letter.addressee, letter.reference_text, letter.body]
            parts += letter.enclosure_ids.mapped("name")
            letter.content_text = "\n".join(part for part in parts if part)

    def _compute_text_search(self):
        for letter in self:
            letter.text_search = False

    @api.model
    def _search_text_search(self, operator, value):
        if operator not in ("ilike", "like", "=", "=like", "=ilike") or not isinstance(value, str) or \
                not value.strip():
            return [("id", "=", 0)]
        term = value.strip()
        pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        # record rules still apply: the domain only narrows what the user may see
        return [("id", "inselect", (
            "SELECT id FROM gov_saraban_letter "
            "WHERE content_tsv @@ plainto_tsquery('english', %s) OR content_text ILIKE %s",
            (term, pattern)))]
