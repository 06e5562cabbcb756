"""Phone numbers from HSDS: shown as the person typed them, stored in E.164 for matching.

Exports quote numbers (``"\\"+44 1234 234567\\""`` in the official examples): literal quotes around a number are
not part of it. A number without a country code is read as Dutch. The ``phonenumbers`` library (Google's
libphonenumber) decides what is a valid number.
"""

from __future__ import annotations

import phonenumbers

from importers.problems import Msg

REGION = "NL"  # a number written without +country is Dutch
QUOTES = "\"'“”‘’"


def shown(number: str) -> str:
    """The number as typed, without literal quotes around it and surrounding spaces."""
    text = number.strip()
    while len(text) >= 2 and text[0] in QUOTES and text[-1] in QUOTES:
        text = text[1:-1].strip()
    return text


def e164(number: str) -> tuple[str | None, str | None]:
    """The number in E.164 (``+31612345001``) and None, or None and the problem with it."""
    text = shown(number)
    try:
        parsed = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        return None, Msg("{value!r} is not a valid phone number; expected a Dutch number such as 06 1234 5678 or "
                         "079 346 8000, or one with its country code such as +44 20 7946 0000", value=text[:40])
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), None
