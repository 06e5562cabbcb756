"""Normal forms of names and phone numbers, so that one person registered twice can be recognised.

Pure functions; the importers store the results (``Professional.name_normalised``) and the duplicate
analysis compares them.
"""

from __future__ import annotations

import re
import unicodedata

# Titles and honorifics that differ between two registrations of the same person.
_TITLES = {"dr", "drs", "ir", "ing", "mr", "prof", "bc", "msc", "ma", "mw", "dhr", "mevr", "mevrouw", "meneer"}


def normalise_name(name: str) -> str:
    """Lower case, accents and punctuation removed, titles dropped, spaces collapsed.

    >>> normalise_name("Drs. J.  van den Berg-Özdemir")
    'j van den berg ozdemir'
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(word for word in words if word not in _TITLES)


def normalise_phone(phone: str) -> str:
    """Digits only, with the Dutch country code written as a leading 0.

    >>> normalise_phone("+31 (0)79 - 346 8000")
    '0793468000'
    """
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+31") or digits.startswith("0031"):
        digits = digits[4:] if digits.startswith("0031") else digits[2:]
        digits = digits.removeprefix("0")
        return "0" + digits
    return digits
