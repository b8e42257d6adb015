"""After the upgrade: field xmlids that earlier versions suffixed with the field's id (they
differ from one database to the next) get the stable name new databases give them, so the
Thai catalogues reach those fields' labels."""
import logging

from odoo.addons.gov_crm.models.ir_model_fields import rename_suffixed_field_xmlids

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    _logger.info("field xmlids: %d given their stable name", rename_suffixed_field_xmlids(cr))
