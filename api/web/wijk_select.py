"""The wijk selector of the pages' forms (the contact search, the analyses), built once per data version and scope.

At national scale a selector holds every wijk (about 3,300 options). As a Jinja macro per option it cost tens of
milliseconds of CPU on every page that shows it; here the options are built and rendered to HTML once per data
version, the user's own wijken (``mine``) and the wijken offered (``only``), and kept in this process (a few entries,
least recently used first out). A page then only marks its selected option in the kept HTML. The options are the
public names of wijken and municipalities, and the key holds the scope they were built for, so a kept selector is
never shown to another scope.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from markupsafe import Markup, escape

KEPT = 16  # selectors per process (each ~230 KB of HTML and its options at national scale)


class WijkOptions(list[dict[str, Any]]):
    """The options of a selector (``{code, name, municipality, mine}``, the user's own first), with the key they
    were built under (None: not kept)."""

    key: Hashable | None = None


class _Kept:
    """A small thread-safe LRU."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_options = _Kept(KEPT)
_html = _Kept(KEPT)


def kept_options(key: Hashable | None, build: Callable[[], list[dict[str, Any]]]) -> WijkOptions:
    """The options of ``key`` as built before in this process, or built now (``key`` None: always built). The
    list is shared by every page of that key: read it, do not change it."""
    if key is None:
        return WijkOptions(build())

    def make() -> WijkOptions:
        options = WijkOptions(build())
        options.key = key
        return options

    return _options.get(key, make)


def _tags(options: list[dict[str, Any]]) -> str:
    # The same markup the macro wrote: '<option value="CODE" >' unselected, 'selected' inserted before '>'.
    return "".join(f'<option value="{escape(w["code"])}" >{escape(w["name"])} ({escape(w["municipality"])})</option>'
                   for w in options)


def _groups(options: list[dict[str, Any]]) -> tuple[str, str]:
    return _tags([w for w in options if w["mine"]]), _tags([w for w in options if not w["mine"]])


def option_groups(options: list[dict[str, Any]], selected: Any) -> dict[str, Markup]:
    """The ``<option>`` tags of the user's own wijken (``mine``, empty when none is) and of the others, with
    ``selected`` marked: ``{{ groups.mine }}`` in the "My wijken" group, ``{{ groups.others }}`` after it."""
    key = getattr(options, "key", None)
    mine, others = _html.get(key, lambda: _groups(options)) if key is not None else _groups(options)
    if isinstance(selected, str) and selected:
        plain, chosen = f'<option value="{escape(selected)}" >', f'<option value="{escape(selected)}" selected>'
        if plain in mine:
            mine = mine.replace(plain, chosen, 1)
        else:
            others = others.replace(plain, chosen, 1)
    return {"mine": Markup(mine), "others": Markup(others)}  # every value in them went through escape()


def forget() -> None:
    """Drop every kept selector (tests)."""
    _options.clear()
    _html.clear()


def kept_html(key: Hashable | None, build: Callable[[], str]) -> str:
    """HTML built once per ``key`` in this process (``key`` None: always built), e.g. the options of the users
    pages' team and wijk selectors (api/web/users.py)."""
    return _html.get(key, build) if key is not None else build()


def mark_selected(html: str, values: Any) -> Markup:
    """``html`` of ``<option value="V">`` tags with each of ``values`` marked ``selected``."""
    for value in values or ():
        plain = f'<option value="{escape(value)}">'
        html = html.replace(plain, f'<option value="{escape(value)}" selected>', 1)
    return Markup(html)  # every value in it went through escape()
