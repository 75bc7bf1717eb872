"""TokenBucket: the per-connection rate limit."""

from __future__ import annotations

import pytest

from server_stub.config import RelayConfig, TokenBucket


def test_burst_is_allowed_at_once_then_refused_with_the_wait():
    bucket = TokenBucket(rate=10.0, burst=5, now=100.0)
    assert [bucket.take(100.0) for _ in range(5)] == [0.0] * 5
    wait = bucket.take(100.0)
    assert wait == pytest.approx(0.1)  # one token every 1/rate seconds
    # A refused take costs nothing: the wait does not grow by asking again.
    assert bucket.take(100.0) == pytest.approx(0.1)


def test_tokens_refill_at_the_rate():
    bucket = TokenBucket(rate=10.0, burst=5, now=0.0)
    for _ in range(5):
        bucket.take(0.0)
    assert bucket.take(0.05) == pytest.approx(0.05)  # half a token so far
    assert bucket.take(0.1) == 0.0
    assert bucket.take(0.1) > 0.0


def test_refill_is_capped_at_the_burst():
    bucket = TokenBucket(rate=1000.0, burst=3, now=0.0)
    # An hour idle saves no more than `burst` commands.
    allowed = sum(1 for _ in range(10) if bucket.take(3600.0) == 0.0)
    assert allowed == 3


def test_sustained_rate_matches_the_configured_rate():
    bucket = TokenBucket(rate=50.0, burst=5, now=0.0)
    while bucket.take(0.0) == 0.0:
        pass  # start empty
    allowed = sum(1 for i in range(1, 10_001) if bucket.take(i / 1000) == 0.0)
    assert 499 <= allowed <= 501  # 10 s at 50/s


def test_default_config_is_sane():
    cfg = RelayConfig()
    assert cfg.rate_burst >= cfg.rate_per_s > 0
    assert cfg.replay_batch <= 500  # MAX_EVENTS_PER_FRAME
    assert cfg.max_bad_frames > 1


def test_partial_upload_quota_default_and_serve_flag(capsys):
    from server_stub.cli import _parser, serve_config

    assert RelayConfig().partial_quota == 2 * RelayConfig().max_file_bytes
    assert RelayConfig(max_file_bytes=10, partial_quota_bytes=None).partial_quota == 20
    args = _parser().parse_args(["serve", "--data", "d"])
    assert serve_config(args).partial_quota == 2 * RelayConfig().max_file_bytes
    args = _parser().parse_args(["serve", "--data", "d", "--partial-quota-mb", "300"])
    assert serve_config(args).partial_quota == 300 * 1024 * 1024
    with pytest.raises(SystemExit):
        _parser().parse_args(["serve", "--data", "d", "--partial-quota-mb", "0"])
    assert "expected a whole number of MiB above 0, got '0'" in capsys.readouterr().err
