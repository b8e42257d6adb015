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
