"""The depth of the running thread in blocks of one kind (gov_crm/tools/thread_depth.py)."""
import threading

import pytest

from odoo.addons.gov_crm.tools.thread_depth import Depth


def test_blocks_nest_and_outside_gives_the_depth_back_even_on_an_error():
    depth = Depth()
    assert not depth
    with depth.inside():
        with depth.inside():
            assert depth and depth.depth == 2
            with pytest.raises(ValueError):
                with depth.outside():
                    assert not depth
                    raise ValueError("inside the block")
            assert depth.depth == 2
        assert depth.depth == 1
    assert not depth


def test_each_thread_counts_its_own():
    depth, seen = Depth(), []
    with depth.inside():
        thread = threading.Thread(target=lambda: seen.append(bool(depth)))
        thread.start()
        thread.join()
    assert seen == [False]
