"""Helpers of the browser tests: axe-core, injected into pages."""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
