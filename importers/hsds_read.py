"""Reading HSDS input in every published shape into rows per table.

Shapes (docs/import-formats.md): a folder of CSV files (with or without the spec's ``datapackage.json``) or of
JSON table files; tabular JSON, one object whose keys are the tables (``"organization"``, ``"services"``,
``"organizations.csv"``: every spelling :func:`~importers.hsds_tables.table_of` accepts); API-shaped objects (an
organization, service or service_at_location with its records nested, see :mod:`importers.hsds_api`), a
paginated list of them (``contents``) or a plain array. Every row becomes a :class:`Record` that knows where it
came from; what is skipped becomes a notice; a version stated by the data package or the API root is checked.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from importers.hsds_api import read_document
from importers.hsds_rows import Input, add_object, add_table, check_version
from importers.hsds_tables import META_TABLES, V31_TABLES, ignored_table, old_table, table_of
from importers.jsonfile import read_json
from importers.limits import MAX_MB, check_size
from importers.problems import N_, ImportRefused, Msg, Problem


def read_input(path: Path) -> Input:
    """The rows of every table in ``path``; ImportRefused when it cannot be read or holds nothing."""
    if not path.exists():
        raise ImportRefused(path.name, [Problem(path.name, None, None, Msg("file or folder not found"))])
    found = Input(path.name)
    if path.is_dir():
        _read_folder(path, found)
    elif path.suffix.lower() == ".csv":
        _read_csv(path, path.stem, found)
    else:
        read_document(_load_json(path), path.name, found)
    _finish(found)
    return found


def _finish(found: Input) -> None:
    if found.problems:
        raise ImportRefused(found.label, found.problems)
    if found.version is None and (found.fields_of_31 or any(name in V31_TABLES for name in found.skipped)):
        found.version = "3.1"  # service_capacity, unit, url and service.last_modified came with 3.1
    meta = sorted(name for name in found.skipped if name in META_TABLES)
    other = sorted(name for name in found.skipped if name not in META_TABLES)
    if meta:
        found.notices.append(Msg("meta tables skipped: {tables} (they describe the data set, not services)",
                                 tables=", ".join(meta)))
    if other:
        found.notices.append(Msg("tables not read, wijkgraph has no place for them: {tables}",
                                 tables=", ".join(other)))
    if not any(found.tables.values()) and not found.shapes & {"API objects", "API root"}:
        # An API answer that holds nothing wijkgraph reads (a taxonomy) is read, and writes nothing; tables are not.
        raise ImportRefused(found.label, [Problem(found.label, None, None, Msg(
            "no rows to import: the tables wijkgraph reads (organization, service, contact, ...) are empty or "
            "missing"))])


def _load_json(path: Path) -> Any:
    return read_json(path, path.name, expected=Msg("JSON"), split_hint=N_("split it into one file per table"))


def _read_folder(folder: Path, found: Input) -> None:
    files = sorted(file for file in folder.iterdir() if file.suffix.lower() in (".csv", ".json")
                   and file.name.lower() != "datapackage.json")
    package = folder / "datapackage.json"
    tables = _package_tables(folder, package, found) if package.exists() or package.is_symlink() else {}
    files += sorted(set(tables) - set(files))  # a package may keep its CSV files in a subfolder (data/...)
    if not files:
        raise ImportRefused(folder.name, [*found.problems, Problem(folder.name, None, None, Msg(
            "the folder holds no HSDS files: expected CSV files named after the HSDS tables (organizations.csv, "
            "services.csv, ...), with or without datapackage.json, or JSON files (organizations.json, ...)"))])
    csv_files = [file for file in files if file.suffix.lower() == ".csv"]
    check_size(folder.name, sum(file.stat().st_size for file in csv_files), MAX_MB,
               N_("the CSV files are {size} bytes together"), N_("split the data over several folders"))
    for file in files:
        if file.suffix.lower() == ".csv":
            _read_csv(file, tables.get(file, file.stem), found)
            continue
        try:
            rows = _load_json(file)
        except ImportRefused as refused:
            found.problems.extend(refused.problems)
            continue
        if table_of(file.stem) or ignored_table(file.stem) or old_table(file.stem) or not isinstance(rows, dict):
            found.shapes.add(N_("JSON table files"))
            add_table(found, file.stem, rows, file.name)
        else:
            read_document(rows, file.name, found)


def _package_tables(folder: Path, package: Path, found: Input) -> dict[Path, str]:
    """CSV file -> resource name, from the spec's datapackage.json (files inside the folder only); its version is
    checked, and resources whose file is not there are named in a notice."""
    if not package.is_file():  # a link to a file that is not there (the spec's examples/csv links to ../..)
        found.notices.append(Msg("datapackage.json could not be read (it links to a file that is not there): the CSV "
                                 "files are read by their names and no version is checked"))
        return {}
    try:
        described = _load_json(package)
    except ImportRefused as refused:
        found.problems.extend(refused.problems)
        return {}
    if not isinstance(described, dict) or not isinstance(described.get("resources", []), list):
        found.problems.append(Problem(package.name, None, None, Msg(
            'expected a data package {"version": ..., "resources": [...]}')))
        return {}
    found.shapes.add(N_("CSV data package"))
    if "version" in described:
        check_version(found, package.name, described["version"])
    paths: dict[Path, str] = {}
    missing: list[str] = []
    inside = folder.resolve()
    for resource in described.get("resources", []):
        if isinstance(resource, dict) and isinstance(resource.get("path"), str) and isinstance(
                resource.get("name"), str):
            file = folder / resource["path"]
            if file.suffix.lower() == ".csv" and file.resolve().is_relative_to(inside) and file.is_file():
                paths[file] = resource["name"]
            else:
                missing.append(resource["path"])
    if missing:
        found.notices.append(Msg("datapackage.json lists resources that are not CSV files in this folder, not read: "
                                 "{paths}", paths=", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")))
    return paths


def _read_csv(file: Path, key: str, found: Input) -> None:
    check_size(file.name, file.stat().st_size, MAX_MB, N_("the file is {size} bytes"),
               N_("split the data over several folders"))
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        found.problems.append(Problem(file.name, None, None, Msg("the file is not UTF-8 (byte {byte})",
                                                                 byte=error.start)))
        return
    table = table_of(key)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if table is None:
        add_table(found, key, rows[1:], file.name)
        return
    if "CSV data package" not in found.shapes:
        found.shapes.add(N_("CSV files"))
    if not rows:
        return
    header = [cell.strip().lower() for cell in rows[0]]
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        # An empty cell is an absent value (null in JSON).
        values = {name: cells[at] if at < len(cells) and cells[at].strip() else None
                  for at, name in enumerate(header) if name}
        add_object(found, table, values, file.name, str(number))
