"""Keeping the sociale kaart current in the app: edits, verification, self-service links, registrations.

Every change goes through :func:`importers.upkeep.changes.record_change` in the transaction that makes it, so a
change and its audit entry (who, when, before -> after) are written together or not at all. Edits are validated by
the same column declarations as the spreadsheet import (:mod:`importers.kaart_sheets`).
"""
