"""The package imports nothing of Odoo, even where Odoo is installed (the addons' venv)."""
import os
import subprocess
import sys

LIB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = sorted(name[:-3] for name in os.listdir(LIB) if name.endswith(".py") and name != "__init__.py")


def test_every_module_is_listed():
    assert MODULES == ["baht_text", "be_date", "holidays", "intake_message", "kpi", "language", "legal_clock",
                       "promptpay", "qr_code", "sla", "thai_id", "working_time"]


def test_importing_the_package_loads_no_odoo():
    code = ("import sys; sys.path.insert(0, %r)\n"
            "import %s\n"
            "loaded = sorted(m for m in sys.modules if m == 'odoo' or m.startswith('odoo.'))\n"
            "print(loaded)") % (os.path.dirname(LIB), ", ".join("lib." + name for name in MODULES))
    result = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, check=True)
    assert result.stdout.strip() == "[]"
