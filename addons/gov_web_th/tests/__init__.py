from . import test_buddhist_era_groups
