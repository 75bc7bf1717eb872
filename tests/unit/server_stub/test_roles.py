"""The authorization policy as pure functions (server_stub.roles); the relay-level
table is tests/integration/test_team_roles_table.py."""

from __future__ import annotations

import pytest

from server_stub import roles


@pytest.mark.parametrize("action", sorted(roles.ACTIONS))
def test_every_action_has_an_answer_for_every_role(action):
    for role in ("owner", "admin", "member", "guest"):
        for manager in (False, True):
            assert roles.can(role, action, manager=manager) in (True, False)
    assert roles.refusal(action, "design")


def test_channel_powers_and_guests():
    assert roles.can("member", "archive", manager=True) and not roles.can("member", "archive")
    assert roles.can("admin", "archive") and roles.can("owner", "moderate")
    assert not roles.can("guest", "join") and not roles.can("guest", "create_channel")
    assert roles.can("guest", "leave") and roles.can("guest", "post")
    assert roles.can("admin", "browse")
    assert roles.refusal("archive", "design") == "only channel managers can archive #design"
    with pytest.raises(ValueError):
        roles.can("owner", "no-such-action")


def test_owner_rules():
    assert roles.role_change_refusal("member", "bob", "member", "admin", 1)
    assert roles.role_change_refusal("admin", "bob", "member", "owner", 1)  # only owners make owners
    assert roles.role_change_refusal("admin", "owen", "owner", "member", 2)  # nor unmake them
    assert "last owner" in roles.role_change_refusal("owner", "owen", "owner", "admin", 1)
    assert roles.role_change_refusal("owner", "owen", "owner", "admin", 2) is None
    assert roles.role_change_refusal("admin", "bob", "member", "guest", 1) is None
    assert "last owner" in roles.deactivation_refusal("owner", "owen", "owner", 1)
    assert roles.deactivation_refusal("admin", "owen", "owner", 2) == "only owners can deactivate an owner"
    assert roles.deactivation_refusal("admin", "bob", "member", 1) is None
    assert roles.deactivation_refusal("owner", "owen", "owner", 1, reactivate=True) is None
