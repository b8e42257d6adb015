"""An upgraded database gets the mail templates of a new one: the migration to 11.0.1.6.0
rewrites the copy of a delay notice to OPDC, which held Thai and English in one text."""
import importlib.util
import os

from odoo.modules.module import get_module_path
from odoo.tests.common import SavepointCase

OLD_SUBJECT = ("สำเนาหนังสือแจ้งเหตุแห่งความล่าช้า (มาตรา 10) / Copy of a notice of delay (s.10): "
               "${object.request_id.name}")
OLD_BODY = ("<p>เรียน สำนักงานคณะกรรมการพัฒนาระบบราชการ (ก.พ.ร.) <span style=\"color: #666;\">/ To the Office "
            "of the Public Sector Development Commission (OPDC)</span></p>")


def load_migration(module, version):
    path = os.path.join(get_module_path(module), "migrations", version, "post-migrate.py")
    spec = importlib.util.spec_from_file_location("%s_migration_%s" % (module, version.replace(".", "_")), path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


class TestMailTemplateMigration(SavepointCase):

    def test_the_old_bilingual_copy_to_opdc_is_replaced(self):
        template = self.env.ref("one_stop_service.mail_template_oss_delay_opdc")
        # a database of 11.0.1.5.0: the old text, and its old Thai translation
        template.with_context(lang=None).write({"subject": OLD_SUBJECT, "body_html": OLD_BODY, "lang": False})
        template.with_context(lang="th_TH").write({"subject": OLD_SUBJECT, "body_html": OLD_BODY})
        template.invalidate_cache()
        load_migration("one_stop_service", "11.0.1.6.0").migrate(self.env.cr, "11.0.1.5.0")
        english, thai = template.with_context(lang="en_US"), template.with_context(lang="th_TH")
        self.assertEqual(english.subject, "Copy of a notice of delay (s.10): ${object.request_id.name}")
        self.assertEqual(thai.subject, "สำเนาหนังสือแจ้งเหตุแห่งความล่าช้า (มาตรา 10): ${object.request_id.name}")
        self.assertIn("<td>Tracking number</td>", english.body_html)
        self.assertIn("<td>เลขติดตามคำขอ</td>", thai.body_html)
        for body in (english.body_html, thai.body_html):
            self.assertNotIn("<span style=\"color: #666;\">/ To the Office", body)
        self.assertNotIn("Tracking number", thai.body_html)
        self.assertEqual(template.lang, "th_TH")
        # a new database: nothing to migrate
        load_migration("one_stop_service", "11.0.1.6.0").migrate(self.env.cr, None)
