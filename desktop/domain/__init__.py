"""Plain data and rules of the client (no Qt, no I/O): notification policy and, later, DND and schedules."""
