from . import test_figures
from . import test_refresh
from . import test_open_data
from . import test_catalogue
from . import test_access
from . import test_converter
