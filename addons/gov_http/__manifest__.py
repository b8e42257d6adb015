{
    "name": "Government Services: server under load",
    "summary": "Queue for database connections and answer 503 with Retry-After when the server is "
               "saturated or PostgreSQL is unreachable, never 500",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["web", "bus"],
    # server-wide (odoo.conf server_wide_modules): the patches must be in place before the
    # first request, which may arrive before any database registry is loaded
    "post_load": "post_load",
}
