"""A template's text is compiled once per worker, and renders the record it is given."""
import uuid

from odoo.addons.mail.models.mail_template import mako_safe_template_env, mako_template_env

from .common import GovCase


class TestCompiledTemplates(GovCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = cls.new_user("tplcache_clerk", "gov_crm.group_gov_front_desk")
        Partner = cls.env["res.partner"]
        cls.people = Partner.create({"name": "Somchai Tplcache"}) | Partner.create({"name": "Somsri Tplcache"})
        # set-up an administrator does: the agency's template
        cls.template = cls.env["mail.template"].create({
            "name": "Cache test", "model_id": cls.env.ref("base.model_res_partner").id,
            "subject": "Dear ${object.name} (%s)" % uuid.uuid4().hex,
            "body_html": "<p>Hello ${object.name}</p>",
        })

    def test_one_compilation_serves_every_rendering(self):
        template = self.template.sudo(self.clerk)
        before = mako_template_env.from_string.cache_info()
        first = template.generate_email(self.people.ids, fields=["subject", "body_html"])
        middle = mako_template_env.from_string.cache_info()
        again = template.generate_email(self.people.ids, fields=["subject", "body_html"])
        after = mako_template_env.from_string.cache_info()
        for person in self.people:
            self.assertTrue(first[person.id]["subject"].startswith("Dear %s (" % person.name))
            self.assertIn("Hello %s" % person.name, first[person.id]["body_html"])
            self.assertEqual(again[person.id]["subject"], first[person.id]["subject"])
        self.assertEqual(after.misses, middle.misses, "the same texts were compiled again")
        self.assertGreaterEqual(after.hits - middle.hits, 2)
        self.assertGreaterEqual(middle.misses - before.misses, 1)  # this subject is new to the worker

    def test_an_edited_template_renders_its_new_text(self):
        template = self.template.sudo(self.clerk)
        template.generate_email(self.people[0].id, fields=["subject"])
        self.template.subject = "Changed for ${object.name}"
        self.assertEqual(template.generate_email(self.people[0].id, fields=["subject"])["subject"],
                         "Changed for %s" % self.people[0].name)

    def test_both_environments_are_cached_apart(self):
        self.assertTrue(mako_template_env.from_string.gov_cached)
        self.assertTrue(mako_safe_template_env.from_string.gov_cached)
        text = "${object.name} %s" % uuid.uuid4().hex
        self.assertIsNot(mako_template_env.from_string(text), mako_safe_template_env.from_string(text))
        self.assertIs(mako_template_env.from_string(text), mako_template_env.from_string(text))

    def test_the_texts_of_a_notice_render_as_generate_email_renders_them(self):
        """In the person's language, the body post-processed and signed, the subject in the sandbox;
        and a text that is not the template's own is still not run as code."""
        people = self.people.sudo()
        people[0].lang, people[1].lang = "th_TH", "en_US"
        self.env["ir.translation"].create({
            "name": "mail.template,subject", "res_id": self.template.id, "lang": "th_TH", "type": "model",
            "src": self.template.subject, "value": "เรียน ${object.name}", "state": "translated"})
        self.template.write({"lang": "${object.lang}", "user_signature": True,
                             "body_html": '<p>Hello ${object.name}</p><a href="/oss/track">track</a>',
                             "email_from": "${(user.email or '')|safe}"})
        self.clerk.signature = "<p>Desk 3</p>"
        template = self.template.sudo(self.clerk)
        names = ["subject", "body_html", "email_from"]
        for person in self.people:
            rendered = template._gov_render_fields(person.id, names)
            generated = template.generate_email(person.id, fields=names)
            self.assertEqual(rendered, {name: generated[name] for name in names})
        thai = template._gov_render_fields(self.people[0].id, names)
        self.assertEqual(thai["subject"], "เรียน %s" % self.people[0].name)
        self.assertIn("Desk 3", thai["body_html"])
        self.assertIn("/oss/track", thai["body_html"])
        self.assertNotIn('href="/oss/track"', thai["body_html"])  # made absolute, as in the e-mail
        self.assertEqual(template._gov_render_fields(self.people[1].id, ["subject"])["subject"].split(" (")[0],
                         "Dear %s" % self.people[1].name)
