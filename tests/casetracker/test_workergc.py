"""The workers' garbage collection (casetracker/workergc.py, through gunicorn.conf.py's hooks):
full collections between requests, never in the middle of one, and the objects alive after the
first requests frozen, once their garbage has been collected."""

import gc
import runpy
import weakref
from pathlib import Path

import pytest

from casetracker import workergc

CONF = Path(__file__).resolve().parents[2] / "casetracker" / "gunicorn.conf.py"


class Node:
    """A reference cycle: freed only by the cyclic collector."""

    def __init__(self):
        self.me = self


@pytest.fixture(autouse=True)
def gc_state():
    """Each test starts from CPython's own settings, as a gunicorn worker does (the test session
    freezes and raises the thresholds: tests/conftest.py), and leaves the collector as it
    found it."""
    threshold = gc.get_threshold()
    enabled = gc.isenabled()
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    gc.enable()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    if frozen:
        gc.freeze()  # without a collection first: a full one costs 0.25 s with the suite loaded
    if not enabled:
        gc.disable()


def old_garbage():
    """A cycle in the oldest generation that nothing references any more, and a weak
    reference that says whether it was freed."""
    node = Node()
    gc.collect()  # survivors of a full collection stay in the oldest generation
    ref = weakref.ref(node)
    del node
    return ref


def drive_young_collections(middle_collections):
    """Allocate until CPython has run this many collections of the middle generation (or a
    full collection keeps resetting the count: the caller's assertions then fail)."""
    kept = []
    for _ in range(5000):
        if gc.get_count()[2] >= middle_collections:
            return
        kept.append([[] for _ in range(1000)])
        if len(kept) > 50:
            kept.clear()


def test_the_gunicorn_configuration_freezes_after_a_workers_first_request():
    conf = runpy.run_path(str(CONF))
    assert gc.get_freeze_count() == 0

    conf["post_worker_init"](object())
    assert gc.get_threshold()[2] == workergc.NEVER
    assert gc.get_freeze_count() == 0, "nothing is frozen before a request"

    conf["post_request"](object(), object(), {}, object())
    assert gc.get_freeze_count() > 0


def test_the_garbage_alive_before_the_freeze_is_collected_not_frozen():
    policy = workergc.WorkerGC()
    policy.started()
    garbage = old_garbage()
    alive = Node()

    assert policy.request_done() == "froze"

    assert garbage() is None, "frozen cyclic garbage would never be freed"
    assert gc.get_freeze_count() > 0
    assert not any(o is alive for o in gc.get_objects()), "what is alive is frozen"


def test_cpython_no_longer_starts_a_full_collection_during_a_request():
    policy = workergc.WorkerGC(freeze_at=())
    policy.started()
    garbage = old_garbage()

    drive_young_collections(workergc.FULL_AFTER + 5)

    assert garbage() is not None, "a full collection ran while the request was being built"
    assert gc.get_count()[2] >= workergc.FULL_AFTER


def test_the_full_collection_runs_after_the_response_when_due():
    policy = workergc.WorkerGC(freeze_at=())
    policy.started()
    garbage = old_garbage()

    assert policy.request_done() is None, "not due: no young collection since the last full one"
    assert garbage() is not None

    drive_young_collections(workergc.FULL_AFTER)
    assert policy.request_done() == "collected"
    assert garbage() is None
    assert gc.get_count()[2] == 0


def test_the_worker_freezes_again_after_its_hundredth_request():
    policy = workergc.WorkerGC()
    policy.started()
    done = [policy.request_done() for _ in range(150)]

    assert [n + 1 for n, what in enumerate(done) if what == "froze"] == [1, 100]
