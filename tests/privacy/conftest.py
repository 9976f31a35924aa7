"""The erasure tests' `world` (tests/privacy/erasure.py: a published case naming a natural
person) for the tests of this folder; a module may define its own."""

from tests.privacy.erasure import world  # noqa: F401 (fixture)
