"""`beacon-relay`: serve the relay, or administer its data directory."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import ssl
import sys
from pathlib import Path

from server_stub import __version__, admin, db, gc_tuning, log_check
from server_stub.config import RelayConfig
from server_stub.server import Relay


def _positive_mb(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of MiB above 0, got {text!r}")
    return value * 1024 * 1024


def _reserve_kib(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of KiB (0 or more), got {text!r}")
    return value * 1024


def serve_config(args: argparse.Namespace) -> RelayConfig:
    extra = {} if args.disk_reserve_kb is None else {"disk_reserve_bytes": args.disk_reserve_kb}
    return RelayConfig(
        partial_quota_bytes=args.partial_quota_mb, database=args.database, bus=args.bus, node=args.node or "",
        **extra,
    )


# Settings that may also come from the environment or a config file (TOML, keys as the
# long options with underscores: data, host, port, database, bus, node, tls_cert, tls_key).
# The command line wins, then the environment, then the file.
_SETTINGS = {
    "data": ("BEACON_RELAY_DATA", Path), "host": ("BEACON_RELAY_HOST", str), "port": ("BEACON_RELAY_PORT", int),
    "database": ("BEACON_RELAY_DATABASE", str), "bus": ("BEACON_RELAY_BUS", str),
    "node": ("BEACON_RELAY_NODE", str), "tls_cert": ("BEACON_RELAY_TLS_CERT", Path),
    "tls_key": ("BEACON_RELAY_TLS_KEY", Path),
}
_DEFAULTS = {"host": "127.0.0.1", "port": 8765}


def _settle(args: argparse.Namespace) -> None:
    """Fill the settings the command line left out from the environment, then the file."""
    import os
    import tomllib

    from_file: dict = {}
    if getattr(args, "config", None) is not None:
        try:
            from_file = tomllib.loads(args.config.read_text(encoding="utf-8"))
        except (OSError, UnicodeError, tomllib.TOMLDecodeError) as exc:
            raise admin.AdminError(f"cannot read the config file {args.config}: {exc}") from None
        unknown = sorted(set(from_file) - set(_SETTINGS))
        if unknown:
            raise admin.AdminError(f"{args.config}: unknown setting(s) {', '.join(unknown)}"
                                   f" (known: {', '.join(sorted(_SETTINGS))})")
    for key, (env, kind) in _SETTINGS.items():
        if not hasattr(args, key) or getattr(args, key) is not None:
            continue
        raw = os.environ.get(env) or from_file.get(key)
        if raw in (None, ""):
            raw = _DEFAULTS.get(key)
        try:
            setattr(args, key, None if raw is None else kind(raw))
        except (TypeError, ValueError):
            raise admin.AdminError(f"{key}: {raw!r} is not a valid value") from None
    if getattr(args, "data", "unset") is None:
        raise admin.AdminError("say where the relay keeps its data: --data DIR (or BEACON_RELAY_DATA, or data in --config)")
    if args.database is not None and not args.database.startswith(("postgresql://", "postgres://")):
        raise admin.AdminError(f"--database takes a postgresql:// URL, got {args.database!r}")
    if getattr(args, "bus", None) is not None and not args.bus.startswith(("nats://", "tls://")):
        raise admin.AdminError(f"--bus takes a nats:// URL, got {args.bus!r}")
    if getattr(args, "bus", None) and not args.database:
        raise admin.AdminError("--bus joins nodes that share one PostgreSQL database: give --database too")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="beacon-relay", description="The Beacon relay server.")
    p.add_argument("--version", action="version", version=f"beacon-relay {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="serve clients over websockets")
    s.add_argument("--config", type=Path, metavar="FILE", help="settings in a TOML file (see docs/SCALE.md)")
    s.add_argument("--data", type=Path, help="data directory (created if missing); for a cluster, where file blobs"
                   " live: a folder every node shares")
    s.add_argument("--host", help="address to listen on (default: loopback only)")
    s.add_argument("--port", type=int, help="port (default 8765; 0 picks a free one)")
    s.add_argument("--database", metavar="URL", help="keep the log in PostgreSQL (postgresql://user@host/db)"
                   " instead of SQLite in the data directory")
    s.add_argument("--bus", metavar="URL", help="NATS JetStream (nats://host:4222) carrying events between nodes")
    s.add_argument("--node", help="this node's name in logs and metrics (default host:port)")
    s.add_argument("--tls-cert", type=Path, help="PEM certificate chain (enables wss://)")
    s.add_argument("--tls-key", type=Path, help="PEM private key for --tls-cert")
    s.add_argument("--partial-quota-mb", type=_positive_mb, metavar="MB",
                   help="most MiB one user's unfinished uploads may hold (default: twice the file limit)")
    s.add_argument("--disk-reserve-kb", type=_reserve_kib, metavar="KB",
                   help="free space uploads must leave for the database (default: 16384 KiB)")
    s.add_argument("-v", "--verbose", action="store_true")

    a = sub.add_parser("admin", help="manage users, tokens and channels")
    a.add_argument("--config", type=Path, metavar="FILE", help="settings in a TOML file (data, database)")
    a.add_argument("--data", type=Path, help="the relay's data directory")
    a.add_argument("--database", metavar="URL", help="the relay's PostgreSQL database, if it has one")
    asub = a.add_subparsers(dest="action", required=True)
    u = asub.add_parser("add-user", help="create a user; prints a token as the last line")
    u.add_argument("name")
    u.add_argument("--display-name")
    t = asub.add_parser("new-token", help="issue another token for a user (last line)")
    t.add_argument("name")
    r = asub.add_parser("revoke-token", help="revoke all of a user's tokens and close their connections")
    r.add_argument("name")
    c = asub.add_parser("add-channel", help="create a channel; prints its id")
    c.add_argument("name")
    c.add_argument("--private", action="store_true")
    c.add_argument("--members", default="", help="comma-separated user names")
    c.add_argument("--topic", default="")
    m = asub.add_parser("add-member", help="add a user to a channel")
    m.add_argument("channel")
    m.add_argument("user")
    rm = asub.add_parser("remove-member", help="remove a user from a channel")
    rm.add_argument("channel")
    rm.add_argument("user")
    sr = asub.add_parser("set-role", help="give a user a workspace role (owner, admin, member, guest)")
    sr.add_argument("user")
    sr.add_argument("role", choices=("owner", "admin", "member", "guest"))
    d = asub.add_parser("deactivate", help="sign a user out everywhere and refuse their sign-ins (history stays)")
    d.add_argument("user")
    ra = asub.add_parser("reactivate", help="let a deactivated user sign in again (issue them a new token)")
    ra.add_argument("user")
    asub.add_parser("list", help="users, channels and members")
    asub.add_parser("check", help="verify the database: SQLite's integrity check, no event missing, every event's checksum")
    i = asub.add_parser("invite", help="create, list or revoke invitations")
    isub = i.add_subparsers(dest="invite_action", required=True)
    ic = isub.add_parser("create", help="make an invitation; prints its link and code (shown once)")
    ic.add_argument("--url", required=True, metavar="URL",
                    help="the address clients reach this relay at (wss://host:port, or ws:// without TLS)")
    ic.add_argument("--uses", type=int, default=1, help="how many people may join with it (default 1)")
    ic.add_argument("--expires", default="7d", metavar="DURATION", help="e.g. 30m, 12h, 7d (default 7d, at most 90d)")
    ic.add_argument("--role", default="member", choices=["owner", "admin", "member", "guest"])
    ic.add_argument("--channels", default="", help="comma-separated channels the invitee joins")
    il = isub.add_parser("list", help="live invitations (--all: also used up, expired, revoked)")
    il.add_argument("--all", action="store_true")
    ir = isub.add_parser("revoke", help="revoke an invitation by id")
    ir.add_argument("id")

    from server_stub import migrate

    migrate.add_parser(sub)
    return p


def _invite(args: argparse.Namespace) -> None:
    from desktop.protocol import signin as sp

    if args.invite_action == "create":
        try:
            seconds = sp.parse_duration(args.expires)
            sp.join_url(args.url, "")  # check the address before making anything
        except ValueError as exc:
            raise admin.AdminError(str(exc)) from None
        channels = [c.strip() for c in args.channels.split(",") if c.strip()]
        made = admin.create_invite(args.data, max_uses=args.uses, expires_in_s=seconds, role=args.role, channels=channels)
        print(f"invitation {made.invite.id}: {args.role}, {args.uses} use(s), expires {_when(made.invite.expires_ts)}")
        print(f"code (give it with the relay address {args.url.rstrip('/')}): {sp.format_code(made.code)}")
        print(sp.join_url(args.url, made.secret))
    elif args.invite_action == "list":
        rows = admin.list_invites(args.data, include_spent=args.all)
        if not rows:
            print("no live invitations")
        for inv in rows:
            state = " revoked" if inv.revoked_ts else ""
            print(f"{inv.id}  {inv.role}  used {inv.uses}/{inv.max_uses}  expires {_when(inv.expires_ts)}"
                  f"  by {inv.creator or '(operator)'}{state}")
    else:
        admin.revoke_invite(args.data, args.id)
        print(f"revoked invitation {args.id}")


def _when(ms: int) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M")


def _serve(args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("websockets").setLevel(logging.WARNING)
    context = None
    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key):
            print("beacon-relay: --tls-cert and --tls-key go together", file=sys.stderr)
            return 2
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    config = serve_config(args)
    if config.bus and not config.node:
        import dataclasses
        import socket

        config = dataclasses.replace(config, node=f"{socket.gethostname()}:{args.port}")
    relay = Relay(args.data, args.host, args.port, ssl_context=context, config=config)

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await relay.start()
        except log_check.LogDamaged as exc:
            print(f"beacon-relay: {exc.operator_line()}", file=sys.stderr)
            return 3
        gc_tuning.tune_after_startup()  # this process is the relay's alone
        # Machine-readable line for scripts and tests that asked for port 0.
        print(f"listening {relay.url}", flush=True)
        try:
            await stop.wait()
        finally:
            await relay.stop()
        return 0

    return asyncio.run(main())


def _admin(args: argparse.Namespace) -> int:
    args.data = db.Place(args.data, args.database)  # every admin action opens it with db.connect
    match args.action:
        case "add-user":
            token = admin.add_user(args.data, args.name, args.display_name)
            print(f"created user {args.name}; token (shown once):")
            print(token)
        case "new-token":
            print(f"new token for {args.name} (shown once):")
            print(admin.new_token(args.data, args.name))
        case "revoke-token":
            n = admin.revoke_token(args.data, args.name)
            print(f"revoked {n} token(s) of {args.name}")
        case "add-channel":
            members = [m.strip() for m in args.members.split(",") if m.strip()]
            print(admin.add_channel(args.data, args.name, private=args.private, members=members, topic=args.topic))
        case "add-member":
            done = admin.add_member(args.data, args.channel, args.user)
            print(f"added {args.user} to {args.channel}" if done else f"{args.user} is already in {args.channel}")
        case "remove-member":
            done = admin.remove_member(args.data, args.channel, args.user)
            print(f"removed {args.user} from {args.channel}" if done else f"{args.user} was not in {args.channel}")
        case "set-role":
            done = admin.set_role(args.data, args.user, args.role)
            print(f"{args.user} is now {args.role}" if done else f"{args.user} was already {args.role}")
        case "deactivate" | "reactivate":
            active = args.action == "reactivate"
            done = admin.set_active(args.data, args.user, active)
            print(f"{args.user} {args.action}d" if done else f"{args.user} was already {'active' if active else 'deactivated'}")
        case "list":
            print(admin.listing(args.data))
        case "invite":
            _invite(args)
        case "check":
            return _check(args.data)
    return 0


def _check(data) -> int:
    try:
        conn = log_check.open_checked(db.connect, data)
    except FileNotFoundError as exc:
        raise admin.AdminError(str(exc)) from None
    except log_check.LogDamaged as exc:
        print(f"beacon-relay: {exc.operator_line()}", file=sys.stderr)
        return 3
    try:
        count, seconds = log_check.verify(conn)
    except log_check.LogDamaged as exc:
        print(f"beacon-relay: {exc.operator_line()}", file=sys.stderr)
        return 3
    finally:
        conn.close()
    print(f"ok: {count} events verified in {seconds:.2f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "migrate":
        from server_stub import migrate

        return migrate.run(args)
    try:
        _settle(args)
        return _serve(args) if args.command == "serve" else _admin(args)
    except admin.AdminError as exc:
        print(f"beacon-relay: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"beacon-relay: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
