"""Where the app's bundled files are (icons, fonts, emoji data, translations): a
module of its own, so finding a data file does not import Qt's SVG module (cold start)."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
