"""Dutch first, English second: the language of a request, its translations, and Dutch notation for dates and numbers.

What a user reads (pages, problem details, CLI messages) is written in English in the code, as a message id, and
translated through the message catalog ``api/locale/nl/LC_MESSAGES/messages.po`` (GNU gettext, kept with Babel:
``bin/i18n`` extracts the ids and updates the catalog; ``tests/test_i18n.py`` fails on an id without a Dutch
translation). Dutch is the default; English is chosen by ``Accept-Language`` or by the user's own choice (a cookie
set by the language switch in every page's footer). English needs no catalog: the ids are English.

The language of the request being answered lives in a context variable, set by the web app's middleware and by the
CLI at start, so that the templates, the problem handlers and the CLI share one ``gettext``.

Lower layers (``queries``, ``importers``) import nothing of ``api``: they raise errors whose message is an English
template with named fields, which :func:`translate` turns into the user's language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from collections.abc import Mapping
from contextvars import ContextVar
from functools import cache
from gettext import GNUTranslations, NullTranslations
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

# Babel is imported where it is needed (its dates module alone takes ~50 ms to load), so that the CLI's
# `wijkgraph --help` pays only for the stdlib's gettext and a compiled catalog from the cache (see translations).

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("nl", "en")
DEFAULT = "nl"
COOKIE = "wijkgraph_lang"
TIMEZONE = ZoneInfo("Europe/Amsterdam")
# The call names whose string arguments are message ids (bin/i18n and the catalog test extract with these).
KEYWORDS: dict[str, Any] = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None,
                            "Problem": (2,), "AnalysisError": None, "Msg": None}
# The CLI's language: this variable, else Dutch. The system locale (LANG, LC_ALL) does not count: developer
# machines and servers often say en_US.UTF-8 or C whatever their users read.
CLI_VARIABLE = "WIJKGRAPH_LANG"

_language: ContextVar[str] = ContextVar("wijkgraph_language", default=DEFAULT)


@cache
def translations(language: str) -> NullTranslations:
    """The catalog of ``language``, compiled from its ``.po`` file (no compiled ``.mo`` in the repository to fall
    out of step). Fuzzy entries are left out, as ``msgfmt`` does.

    Compiling takes tens of milliseconds, which every CLI start would pay: the compiled catalog is kept beside the
    ``.po`` in ``__pycache__``, named by the hash of the ``.po``'s content (so an edited catalog is compiled anew),
    as Python keeps its bytecode. Where that folder cannot be written, the catalog is compiled in memory each time.
    """
    po = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == "en" or not po.exists():
        return NullTranslations()
    source = po.read_bytes()
    cached = po.parent / "__pycache__" / f"messages-{hashlib.sha256(source).hexdigest()[:16]}.mo"
    try:
        return GNUTranslations(BytesIO(cached.read_bytes()))
    except OSError:
        pass
    compiled = _compile(source, language)
    try:
        cached.parent.mkdir(exist_ok=True)
        for old in cached.parent.glob("messages-*.mo"):
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as handle:
            handle.write(compiled)
        os.replace(handle.name, cached)
    except OSError:
        pass  # a read-only installation: compiled in memory at each start
    return GNUTranslations(BytesIO(compiled))


def _compile(source: bytes, language: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = BytesIO()
    write_mo(compiled, read_po(BytesIO(source), locale=language))
    return compiled.getvalue()


def set_language(language: str) -> None:
    _language.set(language if language in LANGUAGES else DEFAULT)


def language() -> str:
    return _language.get()


def cli_language(environ: Mapping[str, str]) -> str:
    """The language of the CLI: ``WIJKGRAPH_LANG`` (``en``, ``nl``; ``en_GB.UTF-8`` counts as ``en``), else Dutch.

    >>> cli_language({}), cli_language({"WIJKGRAPH_LANG": "en"}), cli_language({"LANG": "en_US.UTF-8"})
    ('nl', 'en', 'nl')
    """
    chosen = environ.get(CLI_VARIABLE, "").strip().lower()[:2]
    return chosen if chosen in LANGUAGES else DEFAULT


def gettext(message: str) -> str:
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(language()).ngettext(singular, plural, count)


_ = gettext


def N_(message: str) -> str:
    """Marks ``message`` as a message id where it is declared; it is translated where it is shown."""
    return message


def translate(template: str, fields: Mapping[str, Any] | None = None) -> str:
    """An English message template with ``{named}`` fields, translated and filled in.

    >>> set_language("en"); translate("There is no wijk {code}.", {"code": "WK1"})
    'There is no wijk WK1.'
    """
    translated = gettext(template)
    return translated.format(**fields) if fields else translated


_ACCEPT = re.compile(r"\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*")


def negotiate(accept_language: str | None, chosen: str | None = None) -> str:
    """The language to answer in: the user's own choice, else the first of ours in ``Accept-Language`` (by
    quality, RFC 9110 §12.5.4), else Dutch.

    >>> negotiate("en-US,en;q=0.9"), negotiate("de-DE,en;q=0.5,nl;q=0.8"), negotiate("fr"), negotiate(None, "en")
    ('en', 'nl', 'nl', 'en')
    """
    if chosen in LANGUAGES:
        return chosen
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        match = _ACCEPT.fullmatch(part)
        if not match:
            continue
        try:
            quality = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        ranked.append((-quality, position, match.group(1).lower()))
    for quality, _position, tag in sorted(ranked):
        if quality < 0 and tag in LANGUAGES:
            return tag
    return DEFAULT


# --- Dutch notation ----------------------------------------------------------------------------------------------


def _native(value: Any) -> Any:
    """Neo4j's temporal values as Python's (``neo4j.time.Date`` and ``DateTime`` have ``to_native``)."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def format_date(value: Any, style: str = "medium") -> str:
    """A date as the user reads it: ``1 dec 2026`` (nl) or ``Dec 1, 2026`` (en). ISO text and datetimes too.

    >>> set_language("nl"); format_date(dt.date(2026, 12, 1)), format_date("2026-03-05", "long")
    ('1 dec 2026', '5 maart 2026')
    """
    value = _native(value)
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = (value.astimezone(TIMEZONE) if value.tzinfo else value).date()
    from babel import dates

    return dates.format_date(value, format=style, locale=language())


def format_datetime(value: Any) -> str:
    """A moment in Europe/Amsterdam time: ``1 dec 2026 17:46`` (nl). A time without zone is taken as UTC.

    >>> set_language("nl"); format_datetime("2026-12-01T16:46:00.401000000+00:00")
    '1 dec 2026 17:46'
    """
    value = _native(value)
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        text = re.sub(r"(\.\d{6})\d+", r"\1", value)  # Neo4j writes nanoseconds; Python reads microseconds
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        pattern = "d MMM y HH:mm" if language() == "nl" else "MMM d, y HH:mm"
        from babel import dates

        return dates.format_datetime(moment, pattern, tzinfo=TIMEZONE, locale=language())
    return format_date(value)


def format_number(value: Any, decimals: int = 1) -> str:
    """A number in the user's notation: ``1.234`` and ``0,5`` in Dutch.

    >>> set_language("nl"); format_number(1234), format_number(0.5), format_number(2.25, 2)
    ('1.234', '0,5', '2,25')
    """
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    from babel import numbers

    if isinstance(value, int):
        return numbers.format_decimal(value, locale=language())
    return numbers.format_decimal(round(float(value), decimals), format=f"#,##0.{'#' * decimals}",
                                  locale=language())


def format_percent(value: Any) -> str:
    """A share (0 to 1) as a percentage: ``63%`` (nl, as Dutch style guides write it without a space).

    >>> set_language("nl"); format_percent(0.667), format_percent(None)
    ('67%', '')
    """
    if value is None:
        return ""
    from babel import numbers

    return numbers.format_percent(float(value), locale=language())
