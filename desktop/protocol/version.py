"""Protocol version numbers and limits both sides agree on."""

PROTOCOL_VERSION = 1
SUPPORTED_VERSIONS = frozenset({1})

# Largest websocket frame either side accepts (bytes). Larger frames are refused.
MAX_FRAME_BYTES = 256 * 1024
# Longest message text, in characters.
MAX_TEXT_CHARS = 16_000
# Most events the relay puts in one `events` or `history` frame.
MAX_EVENTS_PER_FRAME = 500
# Seconds a new connection has to send a valid hello.
HELLO_TIMEOUT_S = 10.0
