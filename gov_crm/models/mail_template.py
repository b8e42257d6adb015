"""Template code runs only where an administrator wrote it.

An Odoo 11 e-mail template is Jinja code evaluated with the ORM: ``${object.national_id}``
bypasses the masking of ``read``, and ``${object.sudo()...}`` reads anything as the
superuser. Odoo 11 lets every logged-in user call
``mail.template.render_template(text, model, ids)`` over RPC, and its mass-mail composer
renders its text as a template, including the notices it builds from record names
("you have been assigned to <case subject>"). Here:

* templates are written by administrators only (security/mail_security.xml);
* the text of a saved template is rendered for everyone (``generate_email``,
  ``get_email_template``, and the composer while its text is still the template's);
* any other text is rendered as code for administrators only; for other users it is
  returned as it is, placeholders included.
"""
import functools

from odoo import SUPERUSER_ID, api, models, tools
from odoo.addons.mail.models import mail_template as odoo_mail_template

from ..tools.thread_depth import Depth

_trusted = Depth()
COMPILED_TEMPLATES = 512  # per environment and worker: every template text of an agency, several times over


def _cache_compiled(jinja_env):
    """Odoo 11 compiles a template's text again on every rendering (``from_string``): about
    3 ms of each acknowledgement at the counter. A compiled Jinja template holds no record
    and no user (they are passed to ``render``), so one compilation per text serves every
    rendering; an edited template is a new text, compiled on its first use."""
    if getattr(jinja_env.from_string, "gov_cached", False):
        return
    compile_text = jinja_env.from_string
    cached = functools.lru_cache(maxsize=COMPILED_TEMPLATES)(compile_text)

    def from_string(source, *args, **kwargs):
        if args or kwargs or not isinstance(source, str):
            return compile_text(source, *args, **kwargs)
        return cached(source)

    from_string.gov_cached = True
    from_string.cache_info = cached.cache_info
    jinja_env.from_string = from_string


# the sandboxed environment (rendering with context "safe") and the other one, each its own cache
_cache_compiled(odoo_mail_template.mako_template_env)
_cache_compiled(odoo_mail_template.mako_safe_template_env)


def template_text():
    """Rendering the stored text of templates (written by administrators)."""
    return _trusted.inside()


def _renders_code(env):
    return (_trusted or env.uid == SUPERUSER_ID
            or env.user.has_group("base.group_system"))


class MailTemplate(models.Model):
    _inherit = "mail.template"
    # rows each process keeps between calls (base_shared_rows): set up by managers, not by the daily work
    _gov_shared_rows = True

    @api.model
    def render_template(self, template_txt, model, res_ids, post_process=False):
        if _renders_code(self.env):
            return super().render_template(template_txt, model, res_ids, post_process=post_process)
        # text a user supplied: the same shape of result, nothing evaluated
        multi_mode = not isinstance(res_ids, int)
        text = tools.ustr(template_txt or "")
        if post_process:
            text = self.render_post_process(text)
        results = {res_id: text for res_id in (res_ids if multi_mode else [res_ids])}
        return results if multi_mode else text

    @api.multi
    def generate_email(self, res_ids, fields=None):
        with template_text():
            return super().generate_email(res_ids, fields=fields)

    @api.multi
    def get_email_template(self, res_ids):
        with template_text():
            return super().get_email_template(res_ids)

    @api.multi
    def _gov_render_fields(self, res_id, names):
        """{name: text} of the template's texts ``names`` rendered for the record ``res_id`` in its
        language, as ``generate_email`` renders them (the subject in the sandbox, the body
        post-processed and signed when the template adds the user's signature), and nothing more.
        A caller that writes the message and the mail itself (a notice to an applicant) has no use
        for the rest of generate_email's work: a sanitized copy of the body (mail.message
        sanitizes the body it is given), the template's attachments and mail server read again,
        its report rendered."""
        self.ensure_one()
        with template_text():
            template = self.get_email_template(res_id)
            Template = self.env["mail.template"]
            if template.lang:
                Template = Template.with_context(lang=template._context.get("lang"))
            values = {name: Template.with_context(safe=name == "subject").render_template(
                getattr(template, name), template.model, res_id, post_process=name == "body_html")
                for name in names}
            if "body_html" in values and template.user_signature and self.env.user.signature:
                values["body_html"] = tools.append_content_to_html(
                    values["body_html"], self.env.user.signature, plaintext=False)
        return values


# pylint: disable-next=no-wizard-in-models  # extends Odoo's composer beside the template it renders
class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    @api.multi
    def render_message(self, res_ids):
        """The composer renders the template it was filled from as long as its texts are
        still the template's."""
        template = self.template_id
        if template and self._gov_texts_are_template(template):
            with template_text():
                return super().render_message(res_ids)
        return super().render_message(res_ids)

    def _gov_texts_are_template(self, template):
        body = self._fields["body"].convert_to_cache(template.body_html or "", self)
        return ((self.subject or "") == (template.subject or "")
                and (self.body or "") == (body or "")
                and (self.email_from or "") == (template.email_from or "")
                and (self.reply_to or "") == (template.reply_to or ""))
