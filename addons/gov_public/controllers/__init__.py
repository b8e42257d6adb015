from . import catalogue
from . import performance
from . import opendata
