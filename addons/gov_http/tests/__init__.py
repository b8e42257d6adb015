from . import test_ir_http, test_patches
