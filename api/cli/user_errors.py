"""The exceptions whose message is meant for the user: one declaration, checked without importing anything.

Errors users can cause or fix (Neo4j down, bad file, port taken) end in one clear message and exit code 1; any
other exception is a bug and says so. The classes are named by module and name rather than imported, because
importing them would load the Neo4j driver (graph.store) and more at every start. An exception can only be an
instance of a class whose module has run, so looking the class up in ``sys.modules`` is enough.
"""

from __future__ import annotations

import importlib
import sys

USER_ERRORS: tuple[tuple[str, str], ...] = (
    ("graph.local_neo4j", "Neo4jRuntimeError"),
    ("graph.store", "StoreUnavailable"),
    ("graph.store", "DuplicateKeyError"),
    ("graph.schema", "SchemaTooNew"),
    ("graph.load", "CleanupRefused"),
    ("importers.problems", "ImportRefused"),
    ("importers.bulk", "BulkRefused"),
    ("graph.bulk", "BulkFailed"),
    ("queries.analyses", "AnalysisError"),
    ("api.auth", "AuthError"),
    ("api.cli.serve", "ExposureRefused"),
    ("api.cli.messages", "CommandError"),
)


def is_user_error(error: BaseException) -> bool:
    """Whether ``error`` is one of USER_ERRORS (or a subclass), without importing any module."""
    for module_name, class_name in USER_ERRORS:
        module = sys.modules.get(module_name)
        kind = getattr(module, class_name, None) if module else None
        if isinstance(kind, type) and isinstance(error, kind):
            return True
    return False


def user_error_types() -> tuple[type[BaseException], ...]:
    """The classes of USER_ERRORS, imported (for tests and callers that want ``isinstance``)."""
    kinds = []
    for module_name, class_name in USER_ERRORS:
        kind = getattr(importlib.import_module(module_name), class_name)
        if not (isinstance(kind, type) and issubclass(kind, BaseException)):
            raise TypeError(f"{module_name}.{class_name} is not an exception class")
        kinds.append(kind)
    return tuple(kinds)
