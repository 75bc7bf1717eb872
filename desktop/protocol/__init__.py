"""Beacon wire protocol: typed frames and a Sans-I/O codec shared by client and relay."""

from desktop.protocol.errors import CloseCode, ErrorCode, ProtocolError
from desktop.protocol.version import PROTOCOL_VERSION, SUPPORTED_VERSIONS
# Frames first: feature frame modules (e.g. library) import Command from it and it
# names them in its unions, so it must be the one that starts loading.
from desktop.protocol import frames as _frames  # noqa: F401,E402

__all__ = [
    "CloseCode",
    "ErrorCode",
    "ProtocolError",
    "PROTOCOL_VERSION",
    "SUPPORTED_VERSIONS",
]
