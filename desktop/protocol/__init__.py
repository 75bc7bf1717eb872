"""Beacon wire protocol: typed frames and a Sans-I/O codec shared by client and relay."""

from desktop.protocol.errors import CloseCode, ErrorCode, ProtocolError
from desktop.protocol.version import PROTOCOL_VERSION, SUPPORTED_VERSIONS

__all__ = [
    "CloseCode",
    "ErrorCode",
    "ProtocolError",
    "PROTOCOL_VERSION",
    "SUPPORTED_VERSIONS",
]
