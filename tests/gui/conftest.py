"""Shared GUI fixtures: a qasync event loop for tests that run real apps."""

from __future__ import annotations

import asyncio
import gc

import pytest
import qasync


@pytest.fixture
def qloop(qapp):
    """A qasync loop on the test's QApplication; run coroutines with run_until_complete."""
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield loop
    # Closing shuts the loop's thread pool down (its QThreads): a worker QThread left
    # running when Python lets go of it is "destroyed while still running" — a crash.
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture(autouse=True)
def _collect_qt_garbage_on_the_gui_thread():
    """Collect a test's cyclic garbage here, on the GUI thread. Left for later, Python's
    collector may run it on any thread (a relay or pool thread), and a QObject with a
    timer destroyed there warns "Timers cannot be stopped from another thread" or
    crashes the run (seen: a segfault tests later)."""
    yield
    gc.collect()
