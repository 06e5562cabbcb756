"""Analysis parameters: their declarations and how a value given as text or Python becomes a checked value.

A bad value becomes one :class:`AnalysisError` that names what is valid, so the web app and the CLI can show it
as it is. This module imports nothing heavy: the CLI builds its options from these declarations before any
database driver loads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph.model import EXPERTISE

TIERS = ("ring1", "A", "B", "C", "D", "fly_in", "ring3")
SCOPES = ("mine", "municipality", "region", "all")  # how far the contact search looks (queries/who_to_call)
MAX_NUMBER = 1_000_000  # the largest whole-number parameter (max_helpers, min_shared, top)
KINDS = ("wijken", "date", "int", "number", "text", "expertise", "expertise_list", "tier", "scope", "verification")
VERIFICATIONS = ("all", "stale", "never")  # which contact gaps to list (gaps: stale, never verified, or both)


def N_(text: str) -> str:
    """Marks user-facing text declared here (an analysis's purpose, a parameter's help) as a message id: bin/i18n
    extracts it, and the web app and the CLI translate it where they show it (queries cannot import api)."""
    return text


class AnalysisError(ValueError):
    """An unknown analysis or a bad parameter; the message lists what is valid.

    The message is an English template with ``{named}`` fields given as keyword arguments, so that the web app and
    the CLI can show it in the user's language (``AnalysisError("There is no analysis {name}.", name=name)``)."""

    def __init__(self, template: str, **fields: Any) -> None:
        super().__init__(template.format(**fields) if fields else template)
        self.template, self.fields = template, fields


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # one of KINDS
    default: Any  # a value, or a function of nothing that computes it (today's date)
    help: str
    required: bool = False
    default_label: str = ""  # how --list shows a computed default
    positional: bool = False  # the CLI also takes it as its arguments (`wijkgraph analyse contacts GGZ in Meerzicht`)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"parameter {self.name}: unknown kind {self.kind!r}; the kinds are {', '.join(KINDS)}")

    @property
    def repeats(self) -> bool:
        """Whether the parameter takes several values (``--wijk A --wijk B``, ``?wijk=A&wijk=B``)."""
        return self.kind in ("wijken", "expertise_list")

    def summary(self) -> str:
        default = "required" if self.required else f"default {self.default_label or show(self.default)}"
        return f"({self.kind}, {default}) {self.help}"

    def describe(self) -> str:
        return f"{self.name} {self.summary()}"

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default

    def coerce(self, analysis: str, value: Any) -> Any:
        """``value`` as this parameter's type, or an :class:`AnalysisError` that says what was expected."""
        return _COERCE[self.kind](analysis, self, value)


def show(value: Any) -> str:
    """A default as ``--list`` shows it.

    >>> show(("GGZ", "LVB")), show(None), show(5)
    ('GGZ,LVB', 'none', '5')
    """
    if isinstance(value, tuple | list):
        return ",".join(map(str, value))
    return "none" if value is None else str(value)


def _bad(analysis: str, param: Param, value: Any, template: str, **fields: Any) -> AnalysisError:
    """The error for a bad ``value``; ``template`` names ``{analysis}``, ``{param}`` and ``{value}``."""
    return AnalysisError(template, analysis=analysis, param=param.name, value=value, **fields)


def _date(analysis: str, param: Param, value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _bad(analysis, param, value,
                   N_("Analysis {analysis!r}: {param} must be a date YYYY-MM-DD, not {value!r}.")) from None


def _int(analysis: str, param: Param, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _bad(analysis, param, value, N_("Analysis {analysis!r}: {param} must be a whole number, not {value!r}.")
                   ) from None
    if number < 0:
        raise _bad(analysis, param, value, N_("Analysis {analysis!r}: {param} must be zero or more, not {value!r}."))
    if number > MAX_NUMBER:  # Neo4j's integers are 64-bit; a bigger number was an internal error
        raise _bad(analysis, param, value, N_("Analysis {analysis!r}: {param} must be at most {most}, not {value!r}."),
                   most=MAX_NUMBER)
    return number


def _number(analysis: str, param: Param, value: Any) -> float:
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        number = -1.0
    if not 0 <= number <= MAX_NUMBER:  # also refuses nan and inf
        raise _bad(analysis, param, value, N_("Analysis {analysis!r}: {param} must be a number from 0 to {most}, not "
                                              "{value!r}."), most=MAX_NUMBER)
    return number


def _wijken(analysis: str, param: Param, value: Any) -> list[str] | None:
    codes = [value] if isinstance(value, str) else list(value)
    return [str(code).strip() for code in codes if str(code).strip()] or None


def _expertise_list(analysis: str, param: Param, value: Any) -> list[str]:
    codes = [value] if isinstance(value, str) else list(value)
    codes = [str(code).strip().upper() for code in codes]
    wrong = [code for code in codes if code not in EXPERTISE]
    if wrong:
        raise AnalysisError("Analysis {analysis!r}: unknown expertise {wrong}; valid: {valid}.", analysis=analysis,
                            wrong=", ".join(wrong), valid=", ".join(EXPERTISE))
    return codes


def _expertise(analysis: str, param: Param, value: Any) -> str:
    codes = _expertise_list(analysis, param, value)
    if len(codes) != 1:
        raise _bad(analysis, param, value,
                   N_("Analysis {analysis!r}: {param} must be one expertise code, not {value!r}."))
    return codes[0]


def _tier(analysis: str, param: Param, value: Any) -> str:
    if value not in TIERS:
        raise _bad(analysis, param, value, N_("Analysis {analysis!r}: {param} must be one of {valid}, not {value!r}."),
                   valid=", ".join(TIERS))
    return str(value)


def _scope(analysis: str, param: Param, value: Any) -> str:
    if value not in SCOPES:
        raise _bad(analysis, param, value, N_("Analysis {analysis!r}: {param} must be one of {valid}, not {value!r}."),
                   valid=", ".join(SCOPES))
    return str(value)


def _verification(analysis: str, param: Param, value: Any) -> str:
    if value not in VERIFICATIONS:
        raise _bad(analysis, param, value, N_("Analysis {analysis!r}: {param} must be one of {valid}, not {value!r}."),
                   valid=", ".join(VERIFICATIONS))
    return str(value)


def _text(analysis: str, param: Param, value: Any) -> str | None:
    text = str(value).strip()
    return text or None


_COERCE = {"date": _date, "int": _int, "number": _number, "wijken": _wijken, "expertise": _expertise,
           "expertise_list": _expertise_list, "tier": _tier, "text": _text, "scope": _scope,
           "verification": _verification}


def plain(value: Any) -> Any:
    """Neo4j temporal values as ISO strings, recursively; everything else as it is.

    >>> plain({"on": dt.date(2026, 1, 2), "items": [dt.datetime(2026, 1, 2, 3, 4)], "n": 1})
    {'on': '2026-01-02', 'items': ['2026-01-02T03:04:00'], 'n': 1}
    """
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
