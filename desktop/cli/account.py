"""`beacon` account commands: join, login, logout, devices, invite, password.

Secrets (invite links and codes, tokens, passwords) never need to be on the command
line: each is read, in this order, from its option, a file (`--from-file`, `-` for
stdin), an environment variable, stdin when it is not a terminal, or a prompt.
"""

from __future__ import annotations

import asyncio
import getpass
import os
import re
import sys
from pathlib import Path

from desktop import linkscheme
from desktop.cli.common import NOT_SIGNED_IN, CliError, TokenRefused, _engine, _sync, _time
from desktop.domain.terminal import safe
from desktop.net import signin as net
from desktop.profile import delete_local_cache, resolve_profile_dir
from desktop.protocol import signin as sp

ENV_INVITE = "BEACON_INVITE"
ENV_TOKEN = "BEACON_TOKEN"
ENV_PASSWORD = "BEACON_PASSWORD"
PS_WARNING = "(visible to other users in `ps` and shell history: prefer --token-file, stdin or $BEACON_TOKEN)"


def add_parsers(sub) -> dict:
    s = sub.add_parser("join", help="join a workspace with an invitation link or code")
    s.add_argument("invite", nargs="?", metavar="LINK_OR_CODE",
                   help=f"beacon://join/... link or XXXX-XXXX-XXXX code (else --from-file, ${ENV_INVITE} or stdin)")
    s.add_argument("--from-file", metavar="PATH", help="read the link or code from this file (- for stdin)")
    s.add_argument("--relay", metavar="URL", help="the relay address, needed with a code (wss://host:port)")
    s.add_argument("--user", metavar="NAME", help="your user name (asked if not given)")
    s.add_argument("--display-name", metavar="NAME", help="your name as others see it (asked if not given)")
    s.add_argument("--device", metavar="NAME", help="a name for this device in `beacon devices`")

    s = sub.add_parser("login", help="sign in to a relay: with your user name and password, or a token")
    s.add_argument("--relay", metavar="URL", help="ws:// or wss:// address of the relay (default: this profile's)")
    s.add_argument("--user", metavar="NAME", help="sign in with this user name and its password")
    s.add_argument("--password-file", metavar="PATH",
                   help=f"read the password from this file (- for stdin); else ${ENV_PASSWORD} or a prompt")
    s.add_argument("--token", help=f"sign in with a token {PS_WARNING}")
    s.add_argument("--token-file", metavar="PATH", help=f"read the token from this file (- for stdin); else ${ENV_TOKEN}")
    s.add_argument("--link", action="store_true",
                   help="with --user: show a code to approve on a device already signed in (no password)")
    s.add_argument("--device", metavar="NAME", help="a name for this device in `beacon devices`")

    s = sub.add_parser("logout", help="sign this device out (revokes its token on the relay)")
    g = s.add_mutually_exclusive_group()
    g.add_argument("--delete-cache", action="store_true", help="also delete the local cache (default: keep it, encrypted)")
    g.add_argument("--keep-cache", action="store_true", help="keep the local cache without asking")

    s = sub.add_parser("devices", help="your signed-in devices; `devices revoke ID` signs one out")
    dsub = s.add_subparsers(dest="devices_action", metavar="ACTION")
    r = dsub.add_parser("revoke", help="sign out one of your devices (its live connection closes)")
    r.add_argument("id", metavar="ID")
    r = dsub.add_parser("approve", help="sign in a new device showing this code (`beacon login --user NAME --link`)")
    r.add_argument("code", metavar="CODE")

    s = sub.add_parser("invite", help="invitations (owners and admins): create, list, revoke")
    isub = s.add_subparsers(dest="invite_action", metavar="ACTION", required=True)
    c = isub.add_parser("create", help="make an invitation; prints a link and a code (shown once)")
    c.add_argument("--uses", type=int, default=1, help="how many people may join with it (default 1)")
    c.add_argument("--expires", default="7d", metavar="DURATION", help="e.g. 30m, 12h, 7d (default 7d, at most 90d)")
    c.add_argument("--role", default="member", choices=["owner", "admin", "member", "guest"])
    c.add_argument("--channels", default="", help="comma-separated channels the invitee joins, e.g. general,design")
    isub.add_parser("list", help="invitations that can still be used")
    r = isub.add_parser("revoke", help="revoke an invitation")
    r.add_argument("id", metavar="ID")

    s = sub.add_parser("password", help="set or change your password (to sign in on other devices)")
    psub = s.add_subparsers(dest="password_action", metavar="ACTION", required=True)
    p = psub.add_parser("set", help="set or change it (asks for the current one, if any, then the new one twice)")
    p.add_argument("--from-file", metavar="PATH",
                   help="read two lines instead of asking (also from stdin when it is not a terminal):"
                   " the current password (empty if none), the new one")
    s = sub.add_parser("passphrase", help="change the passphrase that encrypts this computer's cache"
                       " (profiles without a system keychain)")
    qsub = s.add_subparsers(dest="passphrase_action", metavar="ACTION", required=True)
    q = qsub.add_parser("change", help="re-encrypt the cache under a new passphrase (close Beacon first)")
    q.add_argument("--from-file", metavar="PATH",
                   help="read two lines instead of asking (also from stdin when it is not a terminal):"
                   " the current passphrase, the new one")
    return {"join": cmd_join, "login": cmd_login, "logout": cmd_logout, "devices": cmd_devices,
            "invite": cmd_invite, "password": cmd_password, "passphrase": cmd_passphrase}


# ---- reading secrets ----------------------------------------------------------


def _read_file(path: str) -> str:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return text


def _secret(value: str | None, path: str | None, env: str, what: str, *, prompt: str, hidden: bool) -> str:
    if value is None and path is not None:
        lines = _read_file(path).strip().splitlines()
        value = lines[0] if lines else ""
    if value is None:
        value = os.environ.get(env)
    if value is None and not sys.stdin.isatty():
        value = sys.stdin.readline()
    if value is None:
        try:
            value = getpass.getpass(prompt) if hidden else input(prompt)
        except EOFError:
            value = ""
    value = value.strip()
    if not value:
        raise CliError(f"no {what} given")
    return value


def _ask(value: str | None, prompt: str, problem) -> str:
    if value is None:
        if not sys.stdin.isatty():
            raise CliError(f"{prompt.rstrip(': ').lower()} is needed: pass it as an option")
        value = input(prompt)
    value = value.strip()
    reason = problem(value)
    if reason:
        raise CliError(reason)
    return value


# ---- signing in -----------------------------------------------------------------


def _run(coro):
    try:
        return asyncio.run(coro)
    except net.SigninRefused as exc:
        wait = f" (retry in {max(1, exc.retry_after_ms // 60_000)} min)" if exc.retry_after_ms else ""
        raise CliError(f"{exc}{wait}") from None
    except net.Unreachable as exc:
        raise CliError(str(exc)) from None


def _check_profile(store, url: str, user: str | None) -> None:
    previous = store.account()
    if previous.relay_url and previous.relay_url != url and store.cursor():
        raise CliError(f"this profile belongs to {previous.relay_url}; use another --profile for a different relay")
    if user is not None and previous.user and previous.user != user:
        raise CliError(f"this profile belongs to {previous.user}; use another --profile to sign in as {user}")


def _signed_in(store, url: str, signed: sp.SignedIn, verb: str) -> int:
    """Keep the new device token (in the encrypted cache, its key in the OS keychain), then sync."""
    store.set_account(url, signed.user, signed.display_name)
    store.set_token(signed.token)
    try:
        report = _sync(_engine(store, url=url, token=signed.token))
    except CliError as exc:
        print(f"{verb} as {safe(signed.user)} at {safe(url)}; not synced yet ({safe(exc)}): run `beacon sync`")
        return 0
    names = {c.id: c.name for c in store.channels()}
    joined = ", ".join(f"#{safe(names.get(c, c))}" for c in signed.channels)
    extra = f"; channels: {joined}" if joined else ""
    print(f"{verb} as {safe(signed.user)} ({safe(signed.display_name)}) at {safe(url)}{extra};"
          f" {report.events} event(s) cached")
    return 0


def cmd_join(store, args) -> int:
    text = _secret(args.invite, args.from_file, ENV_INVITE, "invitation link or code",
                   prompt="Invitation link or code: ", hidden=False)
    if linkscheme.looks_like_link(text):
        try:
            link = linkscheme.parse_join(text)
        except linkscheme.LinkError as exc:
            raise CliError(str(exc)) from None
        url, invite = link.relay_url, link.secret
        if args.relay and args.relay.rstrip("/") != url:
            raise CliError(f"the link is for {url}, not {args.relay}")
    else:
        code = sp.normalize_code(text)
        if code is None:
            raise CliError("this is neither a beacon://join/ link nor a 12-character invitation code")
        url = args.relay or store.account().relay_url
        if not url:
            raise CliError("a code needs the relay's address: add --relay wss://host:port")
        invite = code
    if not url.startswith(("ws://", "wss://")):
        raise CliError("the relay address must start with ws:// or wss://")
    account = store.account()
    if account.user:
        raise CliError(f"this profile is already signed in as {account.user}; use another --profile to join")
    _check_profile(store, url, None)
    display = _ask(args.display_name, "Your name (as others see it): ", sp.display_name_problem)
    user = _ask(args.user, "User name (a-z, 0-9, . _ -): ", sp.user_name_problem)
    device = args.device or net.default_device_name("beacon CLI")
    signed = _run(net.redeem(url, invite, user, display, device))
    return _signed_in(store, url, signed, "joined")


def cmd_login(store, args) -> int:
    url = args.relay or store.account().relay_url
    if not url:
        raise CliError("give the relay's address: --relay wss://host:port")
    if not url.startswith(("ws://", "wss://")):
        raise CliError("the relay address must start with ws:// or wss://")
    _check_profile(store, url, args.user)
    if args.user is not None:
        if args.token or args.token_file:
            raise CliError("sign in either with --user (and a password) or with a token, not both")
        problem = sp.user_name_problem(args.user)
        if problem:
            raise CliError(problem)
        if args.link:
            def show(pending: sp.LinkPending) -> None:
                print(f"on a device where you are signed in as {safe(args.user)}, run"
                      f" `beacon devices approve {sp.format_code(pending.code)}`; waiting up to"
                      f" {sp.LINK_SECONDS // 60} minutes...", flush=True)

            device = args.device or net.default_device_name("beacon CLI")
            return _signed_in(store, url, _run(net.link(url, args.user, device, show)), "signed in")
        password = _secret(None, args.password_file, ENV_PASSWORD, "password", prompt="Password: ", hidden=True)
        device = args.device or net.default_device_name("beacon CLI")
        signed = _run(net.login(url, args.user, password, device))
        return _signed_in(store, url, signed, "signed in")
    token = _secret(args.token, args.token_file, ENV_TOKEN, "token (or --user NAME for a password sign-in)",
                    prompt="Token: ", hidden=True)
    try:
        report = _sync(_engine(store, url=url, token=token))
    except TokenRefused:
        raise CliError("the relay refused the token (unknown or revoked); check it, "
                       "or ask the relay's administrator for a new one") from None
    store.set_token(token)
    account = store.account()
    print(f"signed in as {safe(account.user)} ({safe(account.display_name)}) at {safe(url)};"
          f" {report.events} event(s) cached")
    return 0


# ---- with this device's token --------------------------------------------------


def _account_call(store, *requests):
    url, token = store.account().relay_url, store.token()
    if not url or not token:
        raise CliError(NOT_SIGNED_IN)
    return _run(net.call(url, *requests, token=token))


def cmd_devices(store, args) -> int:
    if args.devices_action == "approve":
        linked = _account_call(store, sp.LinkApprove(code=args.code))
        print(f"signed in the new device {safe(linked.name)} ({linked.device})")
        return 0
    if args.devices_action == "revoke":
        _account_call(store, sp.DeviceRevoke(device=_device_id(args.id)))
        print(f"signed out device {args.id}")
        return 0
    for d in _account_call(store, sp.DeviceList()).devices:
        seen = _time(d.last_seen_ts) if d.last_seen_ts else "never"
        this = "  (this device)" if d.current else ""
        print(f"{d.id}  {safe(d.name)}  signed in {_time(d.created_ts)}  last seen {seen}{this}")
    return 0


def _device_id(text: str) -> str:
    text = text.strip().lower()
    if len(text) != 16 or any(c not in "0123456789abcdef" for c in text):
        raise CliError(f"{text!r} is not a device id (16 hex digits, see `beacon devices`)")
    return text


def cmd_logout(store, args) -> int:
    account = store.account()
    if not store.token():
        print("this device is not signed in")
    else:
        try:
            _account_call(store, sp.Logout())
            print(f"signed out {safe(account.user or '')} on this device")
        except CliError as exc:
            if "token unknown or revoked" not in str(exc):
                print(f"beacon: could not reach the relay ({safe(exc)}): signed out here only;"
                      " sign this device out from another one with `beacon devices revoke`", file=sys.stderr)
        store.set_token(None)
    delete = args.delete_cache
    if not delete and not args.keep_cache and sys.stdin.isatty():
        delete = input("Delete the local cache of your messages too? [y/N] ").strip().lower() in ("y", "yes")
    if not delete:
        print("the local cache is kept, encrypted")
        return 0
    store.close()
    delete_local_cache(resolve_profile_dir(args.profile))
    print("the local cache is deleted")
    return 0


def cmd_invite(store, args) -> int:
    if args.invite_action == "create":
        try:
            seconds = sp.parse_duration(args.expires)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        channels = [c.strip().lstrip("#") for c in args.channels.split(",") if c.strip()]
        ids = []
        for name in channels:
            cached = store.channel_by_ref(name)
            if cached is None:
                raise CliError(f"no channel {name!r} in the cache (run `beacon sync`, or check `beacon channels`)")
            ids.append(cached.id)
        made = _account_call(store, sp.InviteCreate(max_uses=args.uses, expires_in_s=seconds, role=args.role,
                                                    channels=ids))
        url = store.account().relay_url
        print(f"invitation {made.invite.id}: {made.invite.role}, {made.invite.max_uses} use(s),"
              f" expires {_time(made.invite.expires_ts)}")
        print(f"code (give it with the relay address {safe(url)}): {sp.format_code(made.code)}")
        print(sp.join_url(url, made.secret))
    elif args.invite_action == "list":
        rows = _account_call(store, sp.InviteList()).invites
        if not rows:
            print("no invitations that can still be used")
        for inv in rows:
            print(f"{inv.id}  {inv.role}  used {inv.uses}/{inv.max_uses}  expires {_time(inv.expires_ts)}"
                  f"  by {safe(inv.creator or '(operator)')}")
    else:
        if not re.fullmatch(r"I[0-9a-f]{8}", args.id.strip()):
            raise CliError(f"{args.id!r} is not an invitation id (like I1a2b3c4d, see `beacon invite list`)")
        _account_call(store, sp.InviteRevoke(invite=args.id.strip()))
        print(f"revoked invitation {args.id}")
    return 0


def cmd_passphrase(store, args) -> int:
    source = args.from_file or (None if sys.stdin.isatty() else "-")
    if source:
        lines = _read_file(source).splitlines()
        if len(lines) < 2:
            raise CliError("the file needs two lines: the current passphrase, then the new one")
        old, new = lines[0], lines[1]
    else:
        old = getpass.getpass("Current passphrase: ")
        new = getpass.getpass("New passphrase: ")
        if getpass.getpass("New passphrase again: ") != new:
            raise CliError("the two new passphrases differ; nothing changed")
    store.change_passphrase(old, new)
    print("passphrase changed: the cache is encrypted under the new one"
          " (update BEACON_PASSPHRASE wherever you set it)")
    return 0


def cmd_password(store, args) -> int:
    source = args.from_file or (None if sys.stdin.isatty() else "-")
    if source:
        lines = _read_file(source).splitlines()
        if len(lines) < 2:
            raise CliError("the file needs two lines: the current password (empty if none), then the new one")
        old, new = lines[0], lines[1]
    else:
        old = getpass.getpass("Current password (empty if you have none): ")
        new = getpass.getpass("New password: ")
        if getpass.getpass("New password again: ") != new:
            raise CliError("the two new passwords differ; nothing changed")
    reason = sp.password_problem(new, store.account().user or "")
    if reason:
        raise CliError(reason)
    _account_call(store, sp.PasswordSet(old=old, new=new))
    print("password set: sign in on another device with `beacon login --user NAME`")
    return 0
