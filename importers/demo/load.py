"""Load generated demo (or scale) files through the real importers, kaart first, then households."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import LiteralString

from graph.store import Store
from importers.households import import_households
from importers.kaart import import_kaart
from importers.options import ImportOptions, Progress
from importers.pipeline import ImportResult

COUNT_LABELS: LiteralString = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY label"
COUNT_TYPES: LiteralString = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type"


def household_files(folder: Path) -> list[Path]:
    """households.json (demo) or households/households-00001.json ... (scale), in order."""
    single = folder / "households.json"
    return [single] if single.is_file() else sorted((folder / "households").glob("households-*.json"))


def load_folder(store: Store, folder: Path, source_prefix: str = "demo", progress: Progress | None = None,
                *, force: bool = False) -> list[ImportResult]:
    """Import ``folder/kaart`` and every household file; each file is its own source."""
    options = ImportOptions(progress=progress, force=force)
    results = [import_kaart(store, folder / "kaart", replace(options, source=f"{source_prefix}:kaart"))]
    files = household_files(folder)
    for path in files:
        # One source per file, so a re-import of one file never removes the households of another.
        name = "households" if len(files) == 1 else f"households:{path.stem}"
        results.append(import_households(store, path, replace(options, source=f"{source_prefix}:{name}")))
    return results


def database_counts(store: Store) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per label and relationships per type, as the database has them now."""
    labels = {row["label"]: row["count"] for row in store.read(COUNT_LABELS)}
    types = {row["type"]: row["count"] for row in store.read(COUNT_TYPES)}
    return labels, types
