from . import bus
