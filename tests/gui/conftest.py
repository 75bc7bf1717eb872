"""Shared GUI fixtures: a qasync event loop for tests that run real apps."""

from __future__ import annotations

import asyncio

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
