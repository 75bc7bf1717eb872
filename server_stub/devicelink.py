"""Device-link codes: a new device shows a short code, a device already signed in as
the same user approves it, and the new device gets its own token.

Requests live in the relay's memory only (a restart drops them; the new device asks
again), each valid LINK_SECONDS and for one approval. A code is bound to the user
name the new device asked for: approving needs that user's live token, so a code
alone is worth nothing. At most MAX_PER_USER requests wait per user name.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field

from desktop.protocol import signin as sp

MAX_PER_USER = 3
MAX_TOTAL = 10_000


@dataclass
class LinkRequest:
    user: str
    device: str
    code: str
    expires_ms: int
    answer: asyncio.Future = field(repr=False)


class Full(Exception):
    """Too many requests are waiting (for this user, or on the relay)."""


@dataclass
class Links:
    _by_code: dict[str, LinkRequest] = field(default_factory=dict)

    def open(self, user: str, device: str, now: int) -> LinkRequest:
        waiting = [r for r in self._by_code.values() if r.user == user and r.expires_ms > now]
        if len(waiting) >= MAX_PER_USER or len(self._by_code) >= MAX_TOTAL:
            raise Full()
        code = "".join(secrets.choice(sp.CODE_ALPHABET) for _ in range(sp.LINK_CODE_LENGTH))
        while code in self._by_code:
            code = "".join(secrets.choice(sp.CODE_ALPHABET) for _ in range(sp.LINK_CODE_LENGTH))
        request = LinkRequest(user, device, code, now + sp.LINK_SECONDS * 1000,
                              asyncio.get_running_loop().create_future())
        self._by_code[code] = request
        return request

    def take(self, user: str, typed: str) -> LinkRequest | None:
        """The waiting request with this code for `user` (removed), or None."""
        code = sp.normalize_code(typed, sp.LINK_CODE_LENGTH)
        request = self._by_code.get(code) if code else None
        if request is None or request.user != user or request.answer.done():
            return None
        del self._by_code[code]
        return request

    def close(self, request: LinkRequest) -> None:
        if self._by_code.get(request.code) is request:
            del self._by_code[request.code]
