"""Run by scripts/gov.sh inside 'odoo shell': the demo agency's name and public web address.

GOV_AGENCY_NAME / GOV_PUBLIC_URL, when given, are set; otherwise the defaults fill only what the
database lacks (Odoo's placeholder name, no public web address).
"""
import os

company = env.ref("base.main_company")  # noqa: F821  (env: given by odoo shell)
values = {}
name, url = os.environ.get("GOV_AGENCY_NAME"), os.environ.get("GOV_PUBLIC_URL")
if name or company.name in ("YourCompany", "My Company"):
    values["name"] = name or os.environ["GOV_AGENCY_NAME_DEFAULT"]
if url or not company.gov_public_url:
    values["gov_public_url"] = (url or os.environ["GOV_PUBLIC_URL_DEFAULT"]).rstrip("/")
values = {key: value for key, value in values.items() if company[key] != value}
if values:
    company.write(values)
    env.cr.commit()  # noqa: F821
    print("==> agency: %s" % ", ".join("%s = %s" % item for item in sorted(values.items())))
