"""`beacon resync`: rebuild a damaged cache from the relay, keeping what only it holds.

(`beacon self-check --profile DIR` finds the damage: desktop/selfcheck_cache.py.)
"""

from __future__ import annotations

from desktop.cli.common import CliError, _describe, _engine, _sync
from desktop.domain.terminal import safe
from desktop.profile import open_store, rebuild_profile


def add_parsers(sub) -> dict:
    sub.add_parser(
        "resync",
        help="rebuild the cache from the relay (queued messages, drafts and sign-in kept; old files set aside)",
    )
    return {"resync": cmd_resync}


def cmd_resync(store, args) -> int:
    profile_dir = store.path.parent
    store.close()  # the files move aside: nothing may hold them open
    rebuilt = rebuild_profile(profile_dir)
    print(f"cache rebuilt: {safe(rebuilt.describe())}")
    fresh = open_store(profile_dir)
    try:
        if not fresh.account().relay_url or not fresh.token():
            raise CliError(
                "the old cache did not say which relay to sync from: run"
                " `beacon login --relay URL --token TOKEN` (queued messages are kept)"
            )
        try:
            report = _sync(_engine(fresh))
        except CliError as exc:
            raise CliError(f"{exc}; the new cache keeps your queued messages: run `beacon sync` later") from None
        print(_describe(report))
    finally:
        fresh.close()
    return 0
