"""Beacon wire protocol: typed frames and a Sans-I/O codec shared by client and relay."""

from desktop.protocol.errors import CloseCode, ErrorCode, ProtocolError
from desktop.protocol.version import PROTOCOL_VERSION, SUPPORTED_VERSIONS
from desktop.protocol import frames as _frames  # noqa: F401 -- before team, which subclasses its Command

__all__ = [
    "CloseCode",
    "ErrorCode",
    "ProtocolError",
    "PROTOCOL_VERSION",
    "SUPPORTED_VERSIONS",
]
