"""The XSS tests' data (tests/security/xss.py) for the tests of this folder."""

from tests.security.xss import xss_world  # noqa: F401 (fixture)
