"""Feature subcommands of `beacon` (tasks, files, scheduling...).

Each listed module has `add_parsers(sub) -> dict[name, command]`, where a command
is `fn(store, args) -> exit status`, and may use desktop.cli's helpers (CliError,
_engine, _sync, _channel). Imported lazily to avoid an import cycle with desktop.cli.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# One dotted module name per feature.
MODULES: tuple[str, ...] = ("desktop.cli_tasks", "desktop.cli_attention", "desktop.cli_files")


def modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in MODULES]
