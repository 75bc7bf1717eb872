"""Cache keys: keyring present or absent, passphrase fallback, vanished keys, reset."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest
from keyring.backends import chainer, fail
from keyring.errors import PasswordSetError
from keyrings.alt.file import PlaintextKeyring

from desktop import secrets
from desktop.errors import KeyUnavailableError, WrongKeyError
from desktop.secrets import CacheKey, forget_key, keyring_usable, resolve_key
from desktop.store import Store


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    return tmp_path / "profile"


@pytest.fixture
def real_keyring(tmp_path: Path) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    return backend


@pytest.fixture
def no_keyring() -> fail.Keyring:
    return fail.Keyring()


class _Asked:
    """A passphrase provider that records how it was called."""

    def __init__(self, answer: str | None):
        self.answer = answer
        self.calls: list[tuple[str, bool]] = []

    def __call__(self, reason: str, is_new: bool) -> str | None:
        self.calls.append((reason, is_new))
        return self.answer


def _create_cache(profile: Path, key: CacheKey) -> None:
    with Store.open(profile / secrets.CACHE_FILE, key) as store:
        store.set_draft("C1", "something private")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_keyring_usable() -> None:
    class EmptyChainer(chainer.ChainerBackend):
        backends = ()

    assert keyring_usable(PlaintextKeyring())
    assert not keyring_usable(fail.Keyring())
    assert not keyring_usable(EmptyChainer())


def test_new_profile_with_keyring_stores_a_random_key(profile: Path, real_keyring: PlaintextKeyring) -> None:
    key = resolve_key(profile, backend=real_keyring, env={})
    assert not key.is_passphrase
    data = json.loads((profile / "profile.json").read_text())
    assert data["key_mode"] == "keyring" and data["version"] == 1 and len(data["id"]) == 32
    assert real_keyring.get_password("Beacon", f"cache-key:{data['id']}") == key.hex()
    assert key.hex() not in (profile / "profile.json").read_text()
    _create_cache(profile, key)
    again = resolve_key(profile, backend=real_keyring, env={})
    assert again.hex() == key.hex()
    with Store.open(profile / "cache.db", again) as store:
        assert store.draft("C1") == "something private"


def test_keyring_mode_ignores_the_environment_passphrase(profile: Path, real_keyring: PlaintextKeyring) -> None:
    key = resolve_key(profile, backend=real_keyring, env={"BEACON_PASSPHRASE": "ignored"})
    assert not key.is_passphrase


def test_no_keyring_uses_beacon_passphrase(profile: Path, no_keyring: fail.Keyring) -> None:
    asked = _Asked("never used")
    key = resolve_key(profile, backend=no_keyring, env={"BEACON_PASSPHRASE": "env secret"}, passphrase_provider=asked)
    assert key.is_passphrase and asked.calls == []
    assert json.loads((profile / "profile.json").read_text())["key_mode"] == "passphrase"
    _create_cache(profile, key)
    again = resolve_key(profile, backend=no_keyring, env={"BEACON_PASSPHRASE": "env secret"})
    with Store.open(profile / "cache.db", again) as store:
        assert store.draft("C1") == "something private"


def test_no_keyring_asks_the_provider(profile: Path, no_keyring: fail.Keyring) -> None:
    asked = _Asked("typed secret")
    key = resolve_key(profile, backend=no_keyring, env={}, passphrase_provider=asked)
    ((reason, is_new),) = asked.calls
    assert is_new and "keyring" in reason
    _create_cache(profile, key)
    asked = _Asked("typed secret")
    again = resolve_key(profile, backend=no_keyring, env={}, passphrase_provider=asked)
    assert asked.calls[0][1] is False
    Store.open(profile / "cache.db", again).close()
    wrong = resolve_key(profile, backend=no_keyring, env={}, passphrase_provider=_Asked("typo secret"))
    with pytest.raises(WrongKeyError):
        Store.open(profile / "cache.db", wrong)


@pytest.mark.parametrize("provider", [None, _Asked(None)])
def test_no_keyring_and_no_passphrase_is_a_clear_error(profile: Path, no_keyring, provider) -> None:
    with pytest.raises(KeyUnavailableError, match="BEACON_PASSPHRASE"):
        resolve_key(profile, backend=no_keyring, env={}, passphrase_provider=provider)
    assert not (profile / "cache.db").exists()


@pytest.mark.parametrize("blank", ["", "   "])
def test_empty_passphrase_is_refused(profile: Path, no_keyring, blank: str) -> None:
    with pytest.raises(KeyUnavailableError, match="empty passphrase"):
        resolve_key(profile, backend=no_keyring, env={"BEACON_PASSPHRASE": blank})
    with pytest.raises(KeyUnavailableError, match="empty passphrase"):
        resolve_key(profile, backend=no_keyring, env={}, passphrase_provider=_Asked(blank))


def test_keyring_that_refuses_to_store_falls_back_to_a_passphrase(profile: Path, tmp_path: Path) -> None:
    class Refusing(PlaintextKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise PasswordSetError("collection is locked")

    backend = Refusing()
    backend.file_path = str(tmp_path / "refusing.cfg")
    key = resolve_key(profile, backend=backend, env={"BEACON_PASSPHRASE": "fallback"})
    assert key.is_passphrase
    assert json.loads((profile / "profile.json").read_text())["key_mode"] == "passphrase"


def test_existing_cache_whose_keyring_entry_vanished(profile: Path, real_keyring: PlaintextKeyring) -> None:
    key = resolve_key(profile, backend=real_keyring, env={})
    _create_cache(profile, key)
    profile_id = json.loads((profile / "profile.json").read_text())["id"]
    real_keyring.delete_password("Beacon", f"cache-key:{profile_id}")
    before = (_digest(profile / "cache.db"), (profile / "profile.json").read_text())
    with pytest.raises(KeyUnavailableError, match="missing from the system keyring"):
        resolve_key(profile, backend=real_keyring, env={"BEACON_PASSPHRASE": "no fallback"})
    assert (_digest(profile / "cache.db"), (profile / "profile.json").read_text()) == before
    assert real_keyring.get_password("Beacon", f"cache-key:{profile_id}") is None  # no new key made


def test_existing_keyring_cache_when_the_keyring_is_gone(profile: Path, real_keyring, no_keyring) -> None:
    _create_cache(profile, resolve_key(profile, backend=real_keyring, env={}))
    before = _digest(profile / "cache.db")
    asked = _Asked("would be a downgrade")
    with pytest.raises(KeyUnavailableError, match="no keyring is available"):
        resolve_key(profile, backend=no_keyring, env={}, passphrase_provider=asked)
    assert asked.calls == [] and _digest(profile / "cache.db") == before


def test_existing_cache_without_profile_file(profile: Path, real_keyring: PlaintextKeyring) -> None:
    _create_cache(profile, resolve_key(profile, backend=real_keyring, env={}))
    (profile / "profile.json").unlink()
    with pytest.raises(KeyUnavailableError, match="profile file"):
        resolve_key(profile, backend=real_keyring, env={})


def test_damaged_profile_file(profile: Path, real_keyring: PlaintextKeyring) -> None:
    profile.mkdir()
    (profile / "profile.json").write_text('{"version": 1, "id": "../../etc", "key_mode": "keyring"}')
    with pytest.raises(KeyUnavailableError, match="damaged"):
        resolve_key(profile, backend=real_keyring, env={})


def test_forget_key(profile: Path, real_keyring: PlaintextKeyring) -> None:
    resolve_key(profile, backend=real_keyring, env={})
    profile_id = json.loads((profile / "profile.json").read_text())["id"]
    assert forget_key(profile, backend=real_keyring)
    assert real_keyring.get_password("Beacon", f"cache-key:{profile_id}") is None
    assert not forget_key(profile, backend=real_keyring)


def test_cache_key_hides_its_secret_and_escapes_quotes(tmp_path: Path) -> None:
    raw = CacheKey.random()
    assert raw.hex() not in repr(raw) and "raw" in repr(raw)
    tricky = CacheKey.from_passphrase("it's a \"quote\"; DROP TABLE x; --")
    assert "quote" not in repr(tricky)
    with Store.open(tmp_path / "c.db", tricky) as store:
        store.set_draft("C1", "ok")
    with Store.open(tmp_path / "c.db", CacheKey.from_passphrase("it's a \"quote\"; DROP TABLE x; --")) as store:
        assert store.draft("C1") == "ok"


def test_passphrase_unicode_forms_are_equivalent(tmp_path: Path) -> None:
    composed = "café 密码"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    Store.open(tmp_path / "c.db", CacheKey.from_passphrase(composed)).close()
    Store.open(tmp_path / "c.db", CacheKey.from_passphrase(decomposed)).close()


def test_bad_keys_are_refused() -> None:
    with pytest.raises(ValueError):
        CacheKey.from_hex("abc")
    with pytest.raises(KeyUnavailableError):
        CacheKey.from_passphrase("nul\x00inside")
    with pytest.raises(ValueError):
        CacheKey(raw=b"short")


def test_an_auto_detected_plaintext_keyring_is_not_trusted(tmp_path):
    from keyrings.alt.file import PlaintextKeyring

    from desktop import secrets

    plaintext = PlaintextKeyring()
    plaintext.file_path = str(tmp_path / "keyring_pass.cfg")
    # Chosen on purpose (tests, or a user who set PYTHON_KEYRING_BACKEND): allowed.
    assert secrets.keyring_usable(plaintext) is True
    # Merely found on the system: not good enough to hold the cache key.
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(plaintext)
    try:
        assert secrets.keyring_usable(env={}) is False
        assert secrets.keyring_usable(env={"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}) is True
    finally:
        keyring.set_keyring(previous)


def test_a_new_profile_never_puts_its_key_in_an_untrusted_default_keyring(tmp_path):
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    from desktop import secrets

    plaintext = PlaintextKeyring()
    plaintext.file_path = str(tmp_path / "keyring_pass.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(plaintext)
    try:
        key = secrets.resolve_key(tmp_path / "p", env={"BEACON_PASSPHRASE": "a long passphrase"})
    finally:
        keyring.set_keyring(previous)
    assert key.is_passphrase
    assert not (tmp_path / "keyring_pass.cfg").exists()
    assert secrets.load_profile(tmp_path / "p").key_mode == "passphrase"


def test_missing_cache_reuses_the_keyring_key_instead_of_overwriting_it(
    profile: Path, real_keyring: PlaintextKeyring
) -> None:
    key = resolve_key(profile, backend=real_keyring, env={})
    _create_cache(profile, key)
    moved = profile.parent / "cache.db.moved"
    (profile / "cache.db").rename(moved)
    fresh = resolve_key(profile, backend=real_keyring, env={})
    data = json.loads((profile / "profile.json").read_text())
    assert real_keyring.get_password("Beacon", f"cache-key:{data['id']}") == key.hex()
    assert fresh.hex() == key.hex()
    moved.rename(profile / "cache.db")
    with Store.open(profile / "cache.db", resolve_key(profile, backend=real_keyring, env={})) as store:
        assert store.draft("C1") == "something private"
