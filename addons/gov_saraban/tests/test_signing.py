"""Approve and sign: only the chosen signer, with their own certificate; the key is never read back."""
import base64
import subprocess
import tempfile

from odoo.exceptions import AccessError, UserError

from ..lib import pades, pki, sealing
from .common import PASSPHRASE, SarabanCase


class TestSigning(SarabanCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.certificate = cls.give_certificate(cls.signer)

    def signed(self, **values):
        letter = self.draft(**values)
        letter.sudo(self.officer).action_submit()
        letter.sudo(self.signer).action_sign()
        return letter

    def test_the_signer_signs_a_pades_letter_that_an_independent_verifier_accepts(self):
        letter = self.draft()
        letter.sudo(self.officer).action_submit()
        self.assertEqual(letter.state, "to_sign")
        self.assertEqual(letter.activity_ids.user_id, self.signer)
        letter.sudo(self.signer).action_sign()
        self.assertEqual(letter.state, "signed")
        self.assertEqual(letter.reference, "ทส 9999/%d" % letter.number)
        self.assertEqual(letter.name, letter.reference)
        self.assertEqual((letter.signer_name, letter.signer_position), (self.signer.name, "ปลัดเทศบาล"))
        self.assertEqual(letter.certificate_id, self.certificate)
        self.assertFalse(letter.activity_ids)
        pdf = base64.b64decode(letter.pdf_attachment_id.datas)
        self.assertEqual(pdf[:5], b"%PDF-")
        verdict = pades.verify(pdf, [pki.pem(self.pki.ca)], [self.pki.crl()])
        self.assertEqual(verdict["verdict"], "valid", verdict)
        self.assertIn("TEST sb_signer", verdict["signer"])
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            report = subprocess.run(["pdfsig", "-nocert", handle.name], stdout=subprocess.PIPE,
                                    universal_newlines=True).stdout
            text = subprocess.run(["pdftotext", handle.name, "-"], stdout=subprocess.PIPE,
                                  universal_newlines=True).stdout
        self.assertIn("Signature Validation: Signature is Valid.", report)
        self.assertIn("Total document signed", report)
        self.assertIn("ที่ ทส 9999/%d" % letter.number, text)
        self.assertIn("เรื่อง", text)
        self.assertIn("ปลัดเทศบาล", text)

    def test_only_the_chosen_signer_signs(self):
        self.give_certificate(self.signer_b)
        letter = self.draft()
        letter.sudo(self.officer).action_submit()
        for user in (self.signer_b, self.officer, self.clerk, self.keeper, self.manager):
            with self.assertRaises(AccessError):
                letter.sudo(user).action_sign()
        self.assertEqual((letter.state, letter.number), ("to_sign", 0))

    def test_a_signer_without_a_valid_certificate_is_told_and_nothing_is_numbered(self):
        letter = self.draft(signer_id=self.signer_b.id)
        letter.sudo(self.officer).action_submit()
        with self.assertRaises(UserError) as refused:
            letter.sudo(self.signer_b).action_sign()
        self.assertIn("has no valid signing certificate", refused.exception.name)
        self.assertEqual((letter.state, letter.number, letter.register_id.id), ("to_sign", 0, False))

    def test_a_letter_goes_back_to_the_draft_and_is_frozen_while_signed(self):
        letter = self.draft()
        letter.sudo(self.officer).action_submit()
        letter.sudo(self.signer).action_return_to_draft()
        self.assertEqual(letter.state, "draft")
        letter.sudo(self.officer).write({"body": "ข้อความใหม่"})
        letter.sudo(self.officer).action_submit()
        letter.sudo(self.signer).action_sign()
        with self.assertRaises(AccessError):
            letter.sudo(self.signer).write({"body": "แก้หลังลงนาม"})
        with self.assertRaises(AccessError):
            letter.sudo(self.officer).write({"pdf_attachment_id": False})

    def test_nobody_overwrites_or_deletes_the_files_of_a_signed_letter(self):
        letter = self.draft(enclosure_ids=[(0, 0, {"name": "สำเนา", "datas": base64.b64encode(b"copy 1"),
                                                   "datas_fname": "copy.txt"})])
        enclosure_file = letter.enclosure_ids.attachment_id
        # a draft's enclosure is still the officer's to change
        enclosure_file.sudo(self.officer).write({"datas": base64.b64encode(b"copy 2")})
        letter.sudo(self.officer).action_submit()
        letter.sudo(self.signer).action_sign()
        pdf = letter.pdf_attachment_id
        signed_bytes = pdf.datas
        for user in (self.officer, self.signer):  # both may write the letter itself
            for attachment in (pdf, enclosure_file):
                with self.assertRaises(AccessError, msg=user.login):
                    attachment.sudo(user).write({"datas": base64.b64encode(b"%PDF-1.7 forged")})
                with self.assertRaises(AccessError, msg=user.login):
                    attachment.sudo(user).unlink()
        self.assertEqual(pdf.datas, signed_bytes)
        self.assertEqual(base64.b64decode(enclosure_file.datas), b"copy 2")

    def test_nobody_reads_the_key_back_not_even_the_administrator(self):
        Certificate = self.env["gov.saraban.certificate"]
        self.assertFalse({"pkcs12_sealed", "passphrase_sealed"} & set(Certificate.fields_get()))
        for user in (self.env.user, self.signer):  # the administrator (superuser) and the owner
            values = Certificate.sudo(user).browse(self.certificate.id).read()[0]
            self.assertFalse({"pkcs12_sealed", "passphrase_sealed"} & set(values))
            self.assertFalse(any(isinstance(value, bytes) and b"PKCS" in value for value in values.values()))
            with self.assertRaises(ValueError):
                Certificate.sudo(user).search([("pkcs12_sealed", "!=", False)])
        # asked by name, the administrator gets nothing: to the ORM there is no such field
        self.assertNotIn("pkcs12_sealed", Certificate.browse(self.certificate.id).read(["name", "pkcs12_sealed"])[0])
        for user in (self.signer_b, self.clerk, self.officer, self.manager):
            with self.assertRaises(AccessError, msg=user.login):
                Certificate.sudo(user).browse(self.certificate.id).read(["name"])
        self.env.cr.execute("SELECT pkcs12_sealed, passphrase_sealed FROM gov_saraban_certificate WHERE id = %s",
                            (self.certificate.id,))
        sealed_pkcs12, sealed_passphrase = self.env.cr.fetchone()
        self.assertNotIn(PASSPHRASE.encode("utf-8"), bytes(sealed_passphrase))
        self.assertEqual(sealing.unseal(sealed_passphrase).decode("utf-8"), PASSPHRASE)
        pades.load_pkcs12(sealing.unseal(sealed_pkcs12), PASSPHRASE)  # the server's key opens it

    def test_a_certificate_signs_only_for_its_owner(self):
        letter = self.draft(signer_id=self.signer_b.id)
        letter.sudo(self.officer).action_submit()
        with self.assertRaises(AccessError):
            self.certificate.sudo(self.signer_b)._saraban_sign(b"%PDF-1.4", letter)
        with self.assertRaises(UserError):  # and signer_b has none of their own
            letter.sudo(self.signer_b).action_sign()

    def test_the_upload_checks_the_file_and_who_uploads(self):
        p12 = self.pki.signer("TEST upload")[0]
        Upload = self.env["gov.saraban.certificate.upload"]
        with self.assertRaises(UserError) as refused:
            Upload.sudo(self.signer_b).create({"pkcs12_file": base64.b64encode(p12), "passphrase": "ผิด"})
        self.assertEqual(refused.exception.name, "The file is not a PKCS#12 certificate, or the passphrase is wrong.")
        with self.assertRaises(AccessError):
            Upload.sudo(self.clerk).create({"pkcs12_file": base64.b64encode(p12), "passphrase": PASSPHRASE})
        expired = self.pki.expired("TEST expired")[0]
        with self.assertRaises(UserError) as refused:
            Upload.sudo(self.signer_b).create({"pkcs12_file": base64.b64encode(expired), "passphrase": PASSPHRASE})
        self.assertIn("expired on", refused.exception.name)
        wizard = Upload.sudo(self.signer_b).create({"pkcs12_file": base64.b64encode(p12), "passphrase": PASSPHRASE})
        self.assertEqual(wizard.certificate_id.user_id, self.signer_b)
        self.env.cr.execute("SELECT count(*) FROM gov_saraban_certificate_upload WHERE id = %s", (wizard.id,))
        self.assertEqual(self.env.cr.fetchone()[0], 1)
        self.assertFalse({"pkcs12_file", "passphrase"} & set(
            column for column in self._columns("gov_saraban_certificate_upload")))

    def _columns(self, table):
        self.env.cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,))
        return [row[0] for row in self.env.cr.fetchall()]
