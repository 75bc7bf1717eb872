"""Imports the relay's feature modules so they register (see server_stub.features).

One line per feature; nothing else belongs here.
"""
from server_stub import tasks as _tasks  # noqa: F401
from server_stub import attention as _attention  # noqa: F401
from server_stub import files as _files  # noqa: F401
from server_stub import signin as _signin  # noqa: F401
from server_stub import library as _library  # noqa: F401
from server_stub import projects as _projects  # noqa: F401
