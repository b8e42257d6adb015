"""The catalogue converter writes the module data from services.json, the public part included."""
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CONVERTER = ROOT / "data" / "catalogue" / "build_catalogue.py"


class TestConverter(unittest.TestCase):

    def run_converter(self, tmp, source=None):
        args = [sys.executable, str(CONVERTER), "--out", str(tmp / "core.xml"), "--public-out", str(tmp / "public.xml")]
        if source:
            args += ["--source", str(source)]
        return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)

    def test_the_module_data_is_what_the_converter_writes(self):
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            done = self.run_converter(tmp)
            self.assertEqual(done.returncode, 0, done.stdout)
            self.assertEqual((tmp / "core.xml").read_text(encoding="utf-8"),
                             (ROOT / "one_stop_service/data/oss_service_data.xml").read_text(encoding="utf-8"))
            self.assertEqual((tmp / "public.xml").read_text(encoding="utf-8"),
                             (ROOT / "addons/gov_public/data/oss_service_public_data.xml").read_text(encoding="utf-8"))

    def test_unknown_life_events_and_unmatched_translations_are_refused(self):
        services = json.loads((ROOT / "data/catalogue/services.json").read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            for change, message in (
                    ({"life_events": ["wedding"]}, "error: service C01 has unknown life events wedding"),
                    ({"en": {"documents": ["One"]}}, "error: service C01 has 1 documents in English for 4 in Thai")):
                source = tmp / "services.json"
                source.write_text(json.dumps([dict(services[0], **change)] + services[1:], ensure_ascii=False),
                                  encoding="utf-8")
                done = self.run_converter(tmp, source)
                self.assertEqual(done.returncode, 1)
                self.assertIn(message, done.stdout)
