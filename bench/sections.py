"""Marked sections of BENCHMARKS.md: a command writes its tables between its own two marker lines, so that the
findings written by hand around them stay as they are (``python -m bench all`` once rewrote the whole file)."""

from __future__ import annotations

from pathlib import Path

SPLICED = ("all", "decisions")  # the commands whose tables have their own section in BENCHMARKS.md


def markers(command: str) -> tuple[str, str]:
    return (f"<!-- bench {command}: start (python -m bench {command} writes between these lines) -->",
            f"<!-- bench {command}: end -->")


def marked(body: str, marks: tuple[str, str]) -> str:
    """``body`` between the two markers, a blank line on either side."""
    return "\n".join([marks[0], "", body.rstrip("\n"), "", marks[1]])


def has_markers(path: Path, marks: tuple[str, str]) -> bool:
    """Whether ``path`` is a file with the marked section (start before end)."""
    if not path.is_file():
        return False
    current = path.read_text(encoding="utf-8")
    return 0 <= current.find(marks[0]) < current.find(marks[1])


def splice(path: Path, text: str, marks: tuple[str, str]) -> None:
    """Replace the marked section of ``path`` by ``text`` (which carries the markers itself); the rest of the file
    stays as it is. A file without both markers is refused (SystemExit) and left unchanged."""
    current = path.read_text(encoding="utf-8")
    start, end = current.find(marks[0]), current.find(marks[1])
    if start < 0 or end < start:
        raise SystemExit(f"{path} has no section marked {marks[0]!r} ... {marks[1]!r}: add the two lines where "
                         "the tables belong, then run again")
    path.write_text(current[:start] + text + current[end + len(marks[1]):], encoding="utf-8")
