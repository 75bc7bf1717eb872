"""Imports the cache's feature modules so they register (see desktop.store.features).

One line per feature; nothing else belongs here.
"""
from desktop.store import tasks as _tasks  # noqa: F401
from desktop.store import attention as _attention  # noqa: F401
from desktop.store import files as _files  # noqa: F401
from desktop.store import team as _team  # noqa: F401
from desktop.store import library as _library  # noqa: F401
from desktop.store import projects as _projects  # noqa: F401
from desktop.store import pins as _pins  # noqa: F401
