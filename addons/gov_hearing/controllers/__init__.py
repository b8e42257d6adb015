from . import hearing
