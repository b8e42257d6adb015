from . import test_patches
