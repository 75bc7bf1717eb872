"""The fault suite reuses the integration fixtures (a real relay data dir with users and channels)."""

from tests.integration.conftest import relay, relay_backend, workspace  # noqa: F401  (pytest fixtures)
