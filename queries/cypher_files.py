"""The analyses' Cypher files, read from the package (so they work from an installed wheel too)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import LiteralString, cast

HEADER_FIELDS = ("Purpose:", "Parameters:", "Columns:")


def names() -> list[str]:
    """Names of every Cypher file (without ``.cypher``), sorted."""
    folder = resources.files("queries") / "cypher"
    return sorted(entry.name.removesuffix(".cypher") for entry in folder.iterdir() if entry.name.endswith(".cypher"))


@cache
def load(name: str) -> LiteralString:
    """The text of ``queries/cypher/<name>.cypher``."""
    text = (resources.files("queries") / "cypher" / f"{name}.cypher").read_text(encoding="utf-8")
    # Files in the package are ours, not input: safe to treat as a literal query.
    return cast(LiteralString, text)


def header(name: str) -> str:
    """The leading ``//`` comment block of a Cypher file, without the slashes."""
    lines = []
    for line in load(name).splitlines():
        if not line.startswith("//"):
            break
        lines.append(line[2:].removeprefix(" "))
    return "\n".join(lines)


def uses_wijk(name: str) -> bool:
    """Whether the query is per wijk (takes ``$wijk``, or ``$wijken``: a list of codes)."""
    return "$wijk" in load(name)
