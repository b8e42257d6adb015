from . import track
from . import portal
