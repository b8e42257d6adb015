"""Set-up when the module is installed on a database that already has services."""


def post_init_hook(cr, registry):
    """Services with a fee created before the module was installed charge it as a fixed fee
    (the catalogue's services get their rules from data/oss_service_fee_data.xml)."""
    cr.execute("UPDATE oss_service SET fee_type = 'fixed' WHERE fee > 0 AND fee_type = 'free'")
