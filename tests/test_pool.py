"""Work spread over worker processes: every item once, in order, tasks that shrink towards the end."""

import pytest

from xltool import pool


@pytest.mark.parametrize("n, workers", [(1, 2), (15, 2), (16, 4), (300, 2), (480, 2), (5000, 8)])
def test_chunks_cover_the_items_in_order_and_shrink(n, workers):
    items = list(range(n))
    tasks = pool.chunks(items, workers)
    assert [i for task in tasks for i in task] == items
    sizes = [len(task) for task in tasks]
    assert all(1 <= s <= 16 for s in sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-min(n, workers):] == [1] * min(n, workers)  # the last task of each worker is one item


@pytest.mark.skipif(not pool.can_fork(), reason="workers are forked only where fork is safe")
def test_in_order_gives_every_result_in_input_order():
    assert list(pool.in_order(abs, [-i for i in range(100)], 2)) == list(range(100))
