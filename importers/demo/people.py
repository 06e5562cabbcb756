"""Invented people for the demo: Dutch names and e-mail addresses from Faker's nl_NL locale, valid Dutch phones.

Deterministic from the seed. Every name is unique after normalisation (so that the only duplicate
professional is the planted one), and no name coincides with a person named in the seed reports.
"""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import date

from faker import Faker

from graph.normalise import normalise_name, normalise_phone
from importers.demo.facts import SEED_PERSONS
from importers.hsds_phones import e164

MOBILE_SHARE = 0.6  # work phones: mostly mobiles, else a landline of the municipality [invented]


def _initial_surname(name: str) -> str:
    first, _, surname = name.partition(" ")
    return normalise_name(f"{first[:1]} {surname}")


BLOCKED = frozenset(_initial_surname(person.replace(". ", " ", 1)) for person in SEED_PERSONS)


def ascii_slug(text: str, separator: str = ".") -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", separator, plain).strip(separator)


class People:
    """Hands out invented, unique names, phone numbers and e-mail addresses."""

    def __init__(self, seed: int) -> None:
        self.faker = Faker("nl_NL")
        self.faker.seed_instance(seed)
        self._draw = random.Random(f"wijkgraph demo phones {seed}")
        self._names: set[str] = set()
        self._phones: set[str] = set()
        self._emails: set[str] = set()

    def name(self) -> str:
        while True:
            # first_name + last_name rather than name(): Faker's name() sometimes adds titles, and the only
            # title in the demo belongs to the planted duplicate record.
            name = f"{self.faker.first_name()} {self.faker.last_name()}"
            key = normalise_name(name)
            if key not in self._names and _initial_surname(name) not in BLOCKED:
                self._names.add(key)
                return name

    def phone(self, area_code: str) -> str:
        """A valid Dutch number (as libphonenumber judges it, like the app's own checks): a mobile 06-1234 5678 or a
        landline of ``area_code`` (``079 346 8000``)."""
        while True:
            self.faker.phone_number()  # often not valid; drawn still, so that the names stay as they were
            draw = self._draw
            if draw.random() < MOBILE_SHARE:
                digits = f"{draw.randrange(10_000_000, 60_000_000):08d}"  # 061 to 065
                phone = f"06-{digits[:4]} {digits[4:]}" if draw.random() < 0.5 else f"06{digits}"
            else:
                digits = f"{draw.randrange(2_000_000, 10_000_000):07d}"  # a subscriber number does not start 0 or 1
                phone = f"{area_code} {digits[:3]} {digits[3:]}" if draw.random() < 0.5 else f"{area_code}-{digits}"
            key = normalise_phone(phone)
            if key not in self._phones and e164(phone)[0] is not None:
                self._phones.add(key)
                return phone

    def email(self, name: str, domain: str) -> str:
        base = ascii_slug(name)
        for number in range(1, 1000):
            email = f"{base}{'' if number == 1 else number}@{domain}"
            if email not in self._emails:
                self._emails.add(email)
                return email
        raise RuntimeError(f"no free e-mail address for {name} at {domain}")

    def day(self, start: date, end: date) -> date:
        return self.faker.date_between_dates(start, end)
