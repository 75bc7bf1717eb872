"""Shared fixtures: a real relay on 127.0.0.1, port 0, in a temporary directory."""

from __future__ import annotations

import asyncio
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
