from . import res_groups
from . import res_users
from . import res_users_authenticator
from . import res_authentication_attempt
from . import auditlog_rule
from . import res_partner
from . import auditlog_http
