"""One explanation of JSON Schema errors for every JSON importer: what was expected, and what came.

The formats word an offending value a little differently: households show it as written
(``got 'yes'``), HSDS with its type and shortened (``got int 42``), and HSDS's ``["string", "null"]``
reads "a string". :class:`Wording` holds those differences; the messages themselves are shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from importers.jsonfile import LongNumber
from importers.problems import Msg

MAX_MESSAGE = 200


@dataclass(frozen=True)
class Wording:
    typed: bool = False  # show an offending value with its type: "int 42"
    clip: int | None = None  # show at most this many characters of its repr (the rest as "...")
    # The schema's ["string", "null"] means "a string, or absent" (HSDS exports write null for absent
    # fields), so it reads "a string"; otherwise a type list is shown as the schema has it.
    null_means_absent: bool = False

    def show(self, value: Any) -> str:
        if isinstance(value, LongNumber):  # its repr says what it is; never the digits
            return repr(value)
        text = repr(value)
        if self.clip is not None and len(text) > self.clip:
            text = text[: self.clip - 3] + "..."
        return f"{type(value).__name__} {text}" if self.typed else text


def explain(error: Any, wording: Wording = Wording()) -> str:
    """The message for one ``jsonschema`` ValidationError: "expected ..., got ..."."""
    validator, expected, value = error.validator, error.validator_value, error.instance
    if validator == "required":
        missing = error.message.removesuffix(" is a required property")
        if missing != error.message:
            return Msg("the required field {field} is missing", field=missing)
        return error.message
    if validator == "enum":
        # null in an enum only means "may be absent"; absence is checked on its own.
        return Msg("expected one of {choices}, got {value}",
                   choices=", ".join(str(v) for v in expected if v is not None), value=wording.show(value))
    if validator == "format":
        return Msg("expected a date as YYYY-MM-DD, got {value}", value=repr(value))
    if validator == "minimum":
        return Msg("expected at least {bound}, got {value!r}", bound=expected, value=value)
    if validator == "maximum":
        return Msg("expected at most {bound}, got {value!r}", bound=expected, value=value)
    if validator in ("maxItems", "maxLength", "maxProperties"):
        if validator == "maxLength":
            return Msg("expected at most {most} characters", most=expected)
        return Msg("expected at most {most} items", most=expected)
    if validator == "pattern":
        return Msg("expected a key of letters, digits and _.:- (at most 64), got {value!r}", value=str(value)[:40])
    if validator == "type":
        shown = Wording(typed=True, clip=wording.clip).show(value)
        text = f"expected {_type_name(expected, wording)}, got {shown}"
        if len(text) > MAX_MESSAGE:
            return text[:MAX_MESSAGE]
        return Msg("expected {kind}, got {value}", kind=_type_name(expected, wording), value=shown)
    return f"expected {validator} {expected!r}: {error.message}"[:MAX_MESSAGE]


def _type_name(expected: str | list[str], wording: Wording) -> str:
    if isinstance(expected, str) or not wording.null_means_absent:
        return str(expected)
    return Msg("a {kind}", kind=" or ".join(name for name in expected if name != "null"))
