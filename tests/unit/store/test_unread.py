"""The cache's mention counting follows the same rule as notifications."""

from __future__ import annotations

import pytest

from desktop.domain import notify
from desktop.store.unread import mention_test

CASES = [
    ("@bob please look", True),
    ("你好@bob", True),
    ("@bob请看一下", True),
    ("hi @Bob.", True),
    ("@bobby is someone else", False),
    ("mail me@bob.org", False),
    ("@bob.smith too", False),
    ("no mention at all", False),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_mentions_agree_with_the_notification_rule(text, expected):
    assert mention_test("bob")(text) is expected
    assert notify.mentions(text, "bob") is expected


def test_nobody_is_mentioned_without_a_user():
    assert mention_test(None)("@bob") is False
