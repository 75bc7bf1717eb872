"""Frames of the relay's sign-in endpoint (`/signin`) and the invite code format
(see docs/PROTOCOL.md "Sign-in endpoint").

JSON text frames, one request answered by exactly one frame, in order:
  redeem(invite, user, display_name, device)  -> signed_in(token...)   no token needed
  login(user, password, device)                -> signed_in(token...)   no token needed
  auth(token) -> ready(user, role), then any of
    invite_create -> invite ; invite_list -> invites ; invite_revoke -> ok
    password_set -> ok ; devices -> devices ; device_revoke -> ok ; logout -> ok
Any request may be answered with `error` instead. No I/O here.
"""

from __future__ import annotations

import re
from typing import Annotated, Union

import msgspec

from desktop.protocol.errors import ErrorCode, ProtocolError
from desktop.protocol.types import ChannelId, DisplayName, Role, Token, UserName

SIGNIN_PATH = "/signin"

# Invite codes: 12 symbols of Crockford's base32 (no I, L, O, U), shown as XXXX-XXXX-XXXX.
# Typed codes are forgiving: case, spaces and dashes are ignored, O reads as 0, I and L as 1.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_CODE_FIX = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Invite secrets in links: 43 URL-safe base64 characters (32 random bytes).
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")

DeviceName = Annotated[str, msgspec.Meta(max_length=64)]
Password = Annotated[str, msgspec.Meta(max_length=1024)]
InviteRef = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
DeviceId = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{16}$")]
InviteId = Annotated[str, msgspec.Meta(pattern=r"^I[0-9a-f]{8}$")]

MIN_PASSWORD_CHARS = 10
MAX_INVITE_USES = 10_000
MAX_INVITE_SECONDS = 90 * 24 * 3600
DEFAULT_INVITE_SECONDS = 7 * 24 * 3600


def normalize_code(text: str, length: int = CODE_LENGTH) -> str | None:
    """The canonical symbols of a typed invite (or device-link) code, or None if it is not one."""
    raw = "".join(c for c in text.upper() if c not in " -\t").translate(_CODE_FIX)
    if len(raw) != length or any(c not in CODE_ALPHABET for c in raw):
        return None
    return raw


def format_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def is_secret(text: str) -> bool:
    return bool(SECRET_RE.fullmatch(text))


_f = dict(tag_field="type", kw_only=True, forbid_unknown_fields=False, omit_defaults=True)


# ---- client -> relay ----


class Redeem(msgspec.Struct, tag="redeem", **_f):
    """Join with an invite: `invite` is the link's secret or the short code."""

    invite: InviteRef
    user: UserName
    display_name: DisplayName
    device: DeviceName = ""


class Login(msgspec.Struct, tag="login", **_f):
    user: UserName
    password: Password
    device: DeviceName = ""


class LinkRequest(msgspec.Struct, tag="link_request", **_f):
    """A new device asks to be signed in as `user` by one already signed in: answered
    with `link_pending` (a code to show), then `signed_in` once approved, or `error`."""

    user: UserName
    device: DeviceName = ""


class Auth(msgspec.Struct, tag="auth", **_f):
    token: Token


class InviteCreate(msgspec.Struct, tag="invite_create", **_f):
    max_uses: Annotated[int, msgspec.Meta(ge=1, le=MAX_INVITE_USES)] = 1
    expires_in_s: Annotated[int, msgspec.Meta(ge=60, le=MAX_INVITE_SECONDS)] = DEFAULT_INVITE_SECONDS
    role: Role = "member"
    channels: Annotated[list[ChannelId], msgspec.Meta(max_length=50)] = []


class InviteList(msgspec.Struct, tag="invite_list", **_f):
    pass


class InviteRevoke(msgspec.Struct, tag="invite_revoke", **_f):
    invite: InviteId


class PasswordSet(msgspec.Struct, tag="password_set", **_f):
    new: Password
    old: Password = ""  # required when the account already has a password


class DeviceList(msgspec.Struct, tag="devices", **_f):
    pass


class DeviceRevoke(msgspec.Struct, tag="device_revoke", **_f):
    device: DeviceId


class Logout(msgspec.Struct, tag="logout", **_f):
    pass


class LinkApprove(msgspec.Struct, tag="link_approve", **_f):
    """Sign in the device showing `code` as the asking (authenticated) user."""

    code: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]


# ---- relay -> client ----


class SignedIn(msgspec.Struct, tag="signed_in", **_f):
    user: UserName
    display_name: DisplayName
    role: Role
    token: Token  # keep it secret: it is this device's sign-in
    device: DeviceId
    channels: list[ChannelId] = []  # redeem: the default channels joined


class Ready(msgspec.Struct, tag="ready", **_f):
    user: UserName
    role: Role
    device: DeviceId


class InviteInfo(msgspec.Struct, kw_only=True, omit_defaults=True):
    id: InviteId
    role: Role
    max_uses: int
    uses: int
    created_ts: int
    expires_ts: int
    creator: str | None = None  # None: the relay's operator
    channels: list[ChannelId] = []
    revoked_ts: int | None = None


class Invite(msgspec.Struct, tag="invite", **_f):
    """Shown once: only hashes of `secret` and `code` are kept by the relay."""

    invite: InviteInfo
    secret: str
    code: str  # canonical 12 symbols; show it as format_code(code)


class Invites(msgspec.Struct, tag="invites", **_f):
    invites: list[InviteInfo]


class DeviceInfo(msgspec.Struct, kw_only=True, omit_defaults=True):
    id: DeviceId
    name: str
    created_ts: int
    last_seen_ts: int | None = None
    current: bool = False  # the device asking


class Devices(msgspec.Struct, tag="devices", **_f):
    devices: list[DeviceInfo]


class Ok(msgspec.Struct, tag="ok", **_f):
    pass


class LinkPending(msgspec.Struct, tag="link_pending", **_f):
    code: str  # LINK_CODE_LENGTH canonical symbols; show it as format_code(code)
    expires_ts: int


class Linked(msgspec.Struct, tag="linked", **_f):
    device: DeviceId
    name: str


class SigninFailure(msgspec.Struct, tag="error", **_f):
    code: str
    message: str
    retry_after_ms: int | None = None


# Error codes of this endpoint (besides the generic bad_frame, invalid, forbidden,
# not_found, unauthorized, rate_limited, internal of desktop.protocol.errors).
INVITE_UNKNOWN = "invite_unknown"
INVITE_EXPIRED = "invite_expired"
INVITE_USED_UP = "invite_used_up"
INVITE_REVOKED = "invite_revoked"
NAME_TAKEN = "name_taken"
BAD_CREDENTIALS = "bad_credentials"
LOCKED = "locked"
DEACTIVATED = "deactivated"
WEAK_PASSWORD = "weak_password"
LINK_UNKNOWN = "link_unknown"
LINK_EXPIRED = "link_expired"

# Device-link codes: 8 symbols of the same alphabet, valid LINK_SECONDS, in the relay's memory only.
LINK_CODE_LENGTH = 8
LINK_SECONDS = 300


ClientMessage = Union[Redeem, Login, LinkRequest, Auth, InviteCreate, InviteList, InviteRevoke, PasswordSet,
                      DeviceList, DeviceRevoke, Logout, LinkApprove]
ServerMessage = Union[SignedIn, Ready, Invite, Invites, Devices, Ok, LinkPending, Linked, SigninFailure]

_encoder = msgspec.json.Encoder()
_client = msgspec.json.Decoder(ClientMessage)
_server = msgspec.json.Decoder(ServerMessage)


def encode(message: msgspec.Struct) -> str:
    return _encoder.encode(message).decode()


def decode_client(data: str | bytes):
    try:
        return _client.decode(data)
    except msgspec.ValidationError as exc:
        raise ProtocolError(ErrorCode.BAD_FRAME, f"bad sign-in frame: {exc}") from None
    except msgspec.DecodeError as exc:
        raise ProtocolError(ErrorCode.BAD_FRAME, f"not a JSON sign-in frame: {exc}") from None


def decode_server(data: str | bytes):
    try:
        return _server.decode(data)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise ProtocolError(ErrorCode.BAD_FRAME, f"bad sign-in frame from the relay: {exc}") from None


_USER_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")


def user_name_problem(name: str) -> str | None:
    """Why `name` cannot be a user name (plain words), or None."""
    if not _USER_RE.fullmatch(name):
        return "a user name is 1-32 of a-z 0-9 . _ - and starts with a letter or digit"
    return None


def display_name_problem(name: str) -> str | None:
    name = name.strip()
    if not name or len(name) > 80:
        return "a display name is 1-80 characters"
    if any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 or c in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" for c in name):
        return "a display name cannot contain control or formatting characters"
    return None


def join_url(relay_url: str, secret: str) -> str:
    """The `beacon://join/...` link for a relay address (wss://host[:port] or ws://...).

    wss -> beacon://join/<host>[:<port>]/<secret>; ws -> beacon://join/insecure/<host>[:<port>]/<secret>.
    desktop.linkscheme.parse_join validates links strictly; this only builds them.
    """
    for prefix, middle in (("wss://", ""), ("ws://", "insecure/")):
        if relay_url.startswith(prefix):
            authority = relay_url[len(prefix):].rstrip("/")
            if not authority or "/" in authority or "@" in authority:
                break
            return f"beacon://join/{middle}{authority}/{secret}"
    raise ValueError(f"{relay_url!r} is not a relay address (wss://host:port or ws://host:port)")


_DURATION = re.compile(r"^\+?(\d{1,6})([smhd]?)$")
_UNIT_S = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> int:
    """Seconds in '30m', '12h', '7d' (or plain seconds); ValueError with a plain reason."""
    m = _DURATION.match(text.strip().lower())
    if not m:
        raise ValueError(f"{text!r} is not a duration: use e.g. 30m, 12h or 7d")
    return int(m.group(1)) * _UNIT_S[m.group(2)]


def password_problem(password: str, user: str) -> str | None:
    """Why a new password is refused (plain words), or None."""
    if len(password) < MIN_PASSWORD_CHARS:
        return f"a password needs at least {MIN_PASSWORD_CHARS} characters"
    if user and password.strip().lower() == user.lower():
        return "the password must not be your user name"
    return None
