"""Root conftest: pytest-odoo 1.0.1 reads a manifest for every collected path and
fails on paths outside an addon (the top-level tests/). Decide those first (and, since the
first answer is the only one, the paths given to ``--ignore`` first of all)."""
from pathlib import Path

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_ignore_collect(collection_path, config):
    path = Path(str(collection_path)).resolve()
    if any(path == Path(ignored).resolve() for ignored in config.getoption("ignore") or ()):
        return True
    for folder in [path] + list(path.parents)[:5]:
        if (folder / "__manifest__.py").is_file():
            return None  # inside an addon: pytest-odoo decides
    return False
