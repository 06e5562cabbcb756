"""The sociale-kaart importer: loads, re-imports, every bad-file case, --skip-invalid and cleanup."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import wipe
from db_counts import graph_counts, graph_snapshot
from openpyxl import Workbook

from graph import schema
from graph.load import CleanupRefused
from graph.store import Store
from importers.kaart import SHEETS, import_kaart, write_template
from importers.options import ImportOptions
from importers.problems import ImportRefused
from queries.analyses import run


@pytest.fixture
def kaart(tmp_path: Path, data_dir: Path) -> Path:
    folder = tmp_path / "kaart"
    shutil.copytree(data_dir / "kaart", folder)
    return folder


def edit(folder: Path, sheet: str, text: str) -> None:
    (folder / f"{sheet}.csv").write_text(text, encoding="utf-8")


def refused(store: Store, path: Path) -> list[str]:
    before = graph_counts(store)
    with pytest.raises(ImportRefused) as error:
        import_kaart(store, path)
    assert graph_counts(store) == before, "a refused file must write nothing"
    return [str(problem) for problem in error.value.problems]


EXPECTED = {
    "Municipality": 1, "Wijk": 2, "Organisation": 3, "Team": 1, "Professional": 5, "Agreement": 1,
    "CivilPartner": 1, "IN_MUNICIPALITY": 3, "SERVES": 1, "EMPLOYED_BY": 4, "MEMBER_OF": 2, "WORKS_IN": 4,
    "HAS_EXPERTISE": 2, "OFFERS": 1, "OF_TEAM": 1, "WITH_ORGANISATION": 1, "FOR_EXPERTISE": 1, "ACTIVE_IN": 2,
    "KNOWS": 2,
}


def test_kaart_loads_every_sheet_and_reimport_changes_nothing(store: Store, kaart: Path) -> None:
    result = import_kaart(store, kaart)
    after_first = graph_counts(store)
    assert {key: after_first[key] for key in EXPECTED} == EXPECTED
    assert result.source == "kaart:kaart"
    assert result.written["Professional"] == 5 and result.written["WORKS_IN"] == 4
    second = import_kaart(store, kaart)
    assert graph_counts(store) == after_first
    assert second.database.get("nodes_created", 0) == 0 and second.database.get("relationships_created", 0) == 0
    assert store.read(
        "MATCH (p:Professional {id: 'P-2'})-[w:WORKS_IN]->(:Wijk {code: 'WK990101'}) "
        "RETURN p.name_normalised AS name, w.group AS group, p.last_verified AS verified, p.source AS source"
    ) == [{"name": "bram de wit", "group": "B", "verified": __import__("neo4j").time.Date(2024, 3, 1),
           "source": "kaart:kaart"}]
    assert store.read(
        "MATCH (p:Professional {id: 'P-3'})-[w:WORKS_IN]->(m:Municipality) RETURN m.code AS code, w.group AS g"
    ) == [{"code": "GM9901", "g": "D"}]


def test_xlsx_workbook_gives_the_same_graph(store: Store, kaart: Path, tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for file in sorted(kaart.glob("*.csv")):
        sheet = workbook.create_sheet(file.stem)
        for row in csv.reader(file.open(encoding="utf-8")):
            sheet.append(row)
    path = tmp_path / "kaart.xlsx"
    workbook.save(path)
    import_kaart(store, kaart, ImportOptions(source="kaart:test"))
    from_csv = graph_snapshot(store, ignore=("firstseen", "lastupdated"))
    wipe(store)
    schema.apply(store)
    import_kaart(store, path, ImportOptions(source="kaart:test"))
    from_xlsx = graph_counts(store)
    assert {key: from_xlsx[key] for key in EXPECTED} == EXPECTED
    # every property value too, against the CSV import of the same sheets (a snapshot that lost values differs)
    assert graph_snapshot(store, ignore=("firstseen", "lastupdated")) == from_csv
    assert len(from_csv["nodes"]) > 20 and any("'bram de wit'" in node for node in from_csv["nodes"])


def test_unknown_wijk_is_refused(store: Store, kaart: Path) -> None:
    edit(kaart, "teams", "id,name,kind,municipality_code,wijk_codes,phone,email\n"
                         "T-NOORD,Wijkteam Noord,swt,GM9901,WK990101;WK999999,,\n")
    assert refused(store, kaart) == [
        "teams.csv, row 2, column wijk_codes: unknown wijk 'WK999999': it is neither in the sheets of this import nor "
        "in the database",
    ]


def test_rows_depending_on_a_rejected_row_are_named_after_it(store: Store, kaart: Path) -> None:
    edit(kaart, "teams", "id,name,kind,municipality_code,wijk_codes,phone,email\n"
                         "T-NOORD,Wijkteam Noord,swt,GM9901,WK999999,,\n")
    with pytest.raises(ImportRefused) as error:
        import_kaart(store, kaart)
    assert str(error.value) == (
        "kaart was not imported: 1 problem; nothing was written.\n"
        "  teams.csv, row 2, column wijk_codes: unknown wijk 'WK999999': it is neither in the sheets of this import "
        "nor in the database\n"
        "  3 rows only refer to rejected rows:\n"
        "  memberships.csv, row 2, column team_id: refers to team 'T-NOORD', whose row was rejected\n"
        "  memberships.csv, row 3, column team_id: refers to team 'T-NOORD', whose row was rejected\n"
        "  agreements.csv, row 2, column team_id: refers to team 'T-NOORD', whose row was rejected"
    )


def test_group_outside_a_to_d_is_refused(store: Store, kaart: Path) -> None:
    edit(kaart, "wijk_work", "professional_id,wijk_code,municipality_code,group,since,until\n"
                             "P-1,WK990101,,E,,\nP-2,WK990101,,B,,\n")
    assert refused(store, kaart) == [
        "wijk_work.csv, row 2, column group: expected one of A, B, C, D, got 'E'"
    ]


def test_duplicate_key_is_refused(store: Store, kaart: Path) -> None:
    text = (kaart / "professionals.csv").read_text() + "P-1,Anna Jansen-Bos,wijkcoach,ORG-WELZIJN,,,\n"
    edit(kaart, "professionals", text)
    assert refused(store, kaart) == [
        "professionals.csv, row 7, column id: duplicate key (id 'P-1'); first at row 2"
    ]


def test_missing_and_unknown_columns_are_refused(store: Store, kaart: Path) -> None:
    edit(kaart, "organisations", "id,naam,kind\nORG-WELZIJN,W,welzijn\nORG-GGZ,G,ggz\nORG-HUISARTS,H,huisarts\n")
    assert refused(store, kaart) == [
        "organisations.csv, row 1, column name: required column is missing",
        "organisations.csv, row 1, column naam: unknown column; expected email, id, kind, last_verified, "
        "municipalities, name, phone, scope, website",
    ]


def test_bad_date_is_refused(store: Store, kaart: Path) -> None:
    edit(kaart, "memberships", "professional_id,team_id,team_role,group,since,until\n"
                               "P-1,T-NOORD,wijkcoach,A,30-02-2025,\n")
    assert refused(store, kaart) == [
        "memberships.csv, row 2, column since: expected a date as day-month-year (01-02-2026, 1-2-2026, 01/02/2026 "
        "or 1 februari 2026) or year-month-day (2026-02-01), got '30-02-2025'"
    ]


def test_until_before_since_is_refused(store: Store, kaart: Path) -> None:
    edit(kaart, "memberships", "professional_id,team_id,team_role,group,since,until\n"
                               "P-1,T-NOORD,wijkcoach,A,2025-01-01,2024-01-01\n")
    assert refused(store, kaart) == [
        "memberships.csv, row 2, column until: expected a date on or after since (2025-01-01)"
    ]


def test_wrong_code_shape_is_refused(store: Store, kaart: Path) -> None:
    edit(kaart, "municipalities", "code,name\n0637,Zoetermeer\n")
    problems = refused(store, kaart)
    assert problems[0] == (
        "municipalities.csv, row 2, column code: expected a CBS municipality code like GM0637, got '0637'"
    )


def test_exactly_one_of_wijk_or_municipality(store: Store, kaart: Path) -> None:
    edit(kaart, "wijk_work", "professional_id,wijk_code,municipality_code,group,since,until\n"
                             "P-1,WK990101,GM9901,A,,\n")
    assert refused(store, kaart) == [
        "wijk_work.csv, row 2, column wijk_code or municipality_code: exactly one of wijk_code and "
        "municipality_code must be filled"
    ]


def test_empty_file_is_refused(store: Store, kaart: Path) -> None:
    edit(kaart, "contacts", "")
    assert refused(store, kaart) == ["contacts.csv: the file is empty; expected a header row"]


def test_header_only_workbook_is_refused(store: Store, tmp_path: Path) -> None:
    template = write_template(tmp_path / "empty.xlsx")
    assert refused(store, template) == ["empty.xlsx: no rows to import: every sheet is empty"]


def test_unreadable_encoding_is_refused(store: Store, kaart: Path) -> None:
    (kaart / "organisations.csv").write_bytes("id,name\nORG-X,Café Ümit\n".encode("cp1252"))
    assert refused(store, kaart) == [
        "organisations.csv: the file is not UTF-8 (byte 17); save it as CSV UTF-8"
    ]


def test_semicolon_delimited_csv_is_refused(store: Store, kaart: Path) -> None:
    edit(kaart, "municipalities", "code;name\nGM9901;Testgemeente\n")
    assert refused(store, kaart) == [
        "municipalities.csv, row 1: expected comma-separated columns; this file seems to use ';' or tabs"
    ]


def test_unknown_sheet_is_refused(store: Store, kaart: Path) -> None:
    edit(kaart, "medewerkers", "id,name\nX,Y\n")
    problems = refused(store, kaart)
    assert problems == [
        "medewerkers.csv: unknown sheet 'medewerkers'; expected one of "
        + ", ".join(spec.name for spec in SHEETS)
    ]


def test_formula_in_xlsx_is_refused(store: Store, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "municipalities"
    sheet.append(["code", "name"])
    sheet.append(["GM9901", '=HYPERLINK("http://evil.example","Testgemeente")'])
    path = tmp_path / "formula.xlsx"
    workbook.save(path)
    assert refused(store, path) == [
        "formula.xlsx, sheet municipalities, row 2, column name: formulas are refused; paste the values instead"
    ]


def test_macro_workbooks_are_refused(store: Store, tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["code", "name"])
    path = tmp_path / "macro.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00fake macro project")
    assert refused(store, path) == ["macro.xlsx: the workbook contains macros; refused"]
    xlsm = tmp_path / "kaart.xlsm"
    shutil.copy(path, xlsm)
    assert refused(store, xlsm) == ["kaart.xlsm: macro-enabled workbooks are refused; save it as .xlsx"]


def test_truncated_xlsx_is_refused(store: Store, kaart: Path, tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["code", "name"])
    path = tmp_path / "truncated.xlsx"
    workbook.save(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert refused(store, path) == ["truncated.xlsx: not a readable .xlsx workbook (BadZipFile)"]


def test_every_problem_of_a_file_is_listed(store: Store, kaart: Path) -> None:
    edit(kaart, "wijk_work", "professional_id,wijk_code,municipality_code,group,since,until\n"
                             "P-1,WK990101,,E,,\nP-9,WK990101,,B,2025-13-01,\n")
    assert refused(store, kaart) == [
        "wijk_work.csv, row 2, column group: expected one of A, B, C, D, got 'E'",
        "wijk_work.csv, row 3, column since: expected a date as day-month-year (01-02-2026, 1-2-2026, 01/02/2026 "
        "or 1 februari 2026) or year-month-day (2026-02-01), got '2025-13-01'",
    ]


def test_skip_invalid_loads_valid_rows_and_reports_the_rest(store: Store, kaart: Path, tmp_path: Path) -> None:
    edit(kaart, "professionals", (kaart / "professionals.csv").read_text() + "P-6,Fleur,,ORG-NOPE,,,\n")
    edit(kaart, "contacts", "professional_id,knows_professional_id\nP-1,P-2\nP-6,P-1\n")
    report = tmp_path / "rejected.csv"
    result = import_kaart(store, kaart, ImportOptions(skip_invalid=True, report=report))
    assert result.rejected == 2
    assert store.read("MATCH (p:Professional) RETURN count(p) AS n") == [{"n": 5}]
    assert store.read("MATCH ()-[k:KNOWS]->() RETURN count(k) AS n") == [{"n": 1}]
    assert list(csv.reader(report.open(encoding="utf-8"))) == [
        ["file", "row", "column", "problem"],
        ["contacts.csv", "3", "professional_id", "refers to professional 'P-6', whose row was rejected"],
        ["professionals.csv", "7", "organisation_id",
         "unknown organisation 'ORG-NOPE': it is neither in the sheets of this import nor in the database"],
    ]


def test_references_may_point_at_the_database(store: Store, kaart: Path, tmp_path: Path) -> None:
    import_kaart(store, kaart)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "professionals.csv").write_text("id,name,organisation_id\nP-9,Gijs Mulder,ORG-GGZ\n")
    (extra / "wijk_work.csv").write_text("professional_id,wijk_code,group\nP-9,WK990102,A\n")
    import_kaart(store, extra, ImportOptions(source="kaart:extra"))
    assert store.read(
        "MATCH (p:Professional {id: 'P-9'})-[:WORKS_IN]->(w:Wijk) RETURN w.code AS wijk, p.source AS source"
    ) == [{"wijk": "WK990102", "source": "kaart:extra"}]


def test_reimport_removes_what_the_source_no_longer_lists(store: Store, kaart: Path) -> None:
    import_kaart(store, kaart)
    edit(kaart, "contacts", "professional_id,knows_professional_id\nP-1,P-2\n")
    result = import_kaart(store, kaart, ImportOptions(max_delete_share=0.5))
    assert result.deleted == {"relationships_deleted": 1}
    assert store.read("MATCH (a)-[:KNOWS]->(b) RETURN a.id AS a, b.id AS b") == [{"a": "P-1", "b": "P-2"}]


def test_reimport_refuses_to_delete_a_large_share(store: Store, kaart: Path) -> None:
    import_kaart(store, kaart)
    edit(kaart, "professionals", "id,name\nP-1,Anna Jansen\nP-2,Bram de Wit\nP-3,Chris Bakker\nP-4,Dewi Smit\n")
    edit(kaart, "contacts", "professional_id,knows_professional_id\nP-1,P-2\n")
    (kaart / "wijk_work.csv").unlink()
    with pytest.raises(CleanupRefused) as error:
        import_kaart(store, kaart)
    assert str(error.value) == (
        "Re-import of source 'kaart:kaart' would delete 1 of 5 Professional, 4 of 4 EMPLOYED_BY, 1 of 2 KNOWS, "
        "4 of 4 WORKS_IN (more than 10%) that the new file no longer lists. Nothing was changed. Check the file, "
        "or repeat with --force to delete them."
    )
    assert store.read("MATCH (p:Professional) RETURN count(p) AS n") == [{"n": 5}]
    import_kaart(store, kaart, ImportOptions(force=True))
    assert store.read("MATCH (p:Professional) RETURN count(p) AS n") == [{"n": 4}]
    assert store.read("MATCH ()-[w:WORKS_IN]->() RETURN count(w) AS n") == [{"n": 0}]


def test_template_has_every_documented_column(tmp_path: Path) -> None:
    folder = write_template(tmp_path / "template")
    docs = (Path(__file__).parent.parent / "docs" / "import-formats.md").read_text()
    for spec in SHEETS:
        header = (folder / f"{spec.name}.csv").read_text().strip().split(",")
        assert header == [column.name for column in spec.columns]
        assert f"`{spec.name}`" in docs
        for name in header:
            assert f"`{name}`" in docs, f"{spec.name}.{name} is not documented"


def test_cli_import_reports_and_fails_cleanly(store: Store, kaart: Path) -> None:
    env = dict(os.environ)
    ok = subprocess.run([sys.executable, "-m", "api", "import", "kaart", str(kaart)], capture_output=True,
                        text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert "Bron 'kaart:kaart' geïmporteerd: 2 ACTIVE_IN" in ok.stdout  # Dutch unless WIJKGRAPH_LANG=en
    edit(kaart, "wijk_work", "professional_id,wijk_code,municipality_code,group,since,until\nP-1,WK990101,,E,,\n")
    bad = subprocess.run([sys.executable, "-m", "api", "import", "kaart", str(kaart)], capture_output=True,
                         text=True, env={**env, "LANG": "en_US.UTF-8"})  # the system locale does not count
    assert bad.returncode == 1
    assert bad.stderr.strip() == (
        "Fout: kaart is niet geïmporteerd: 1 probleem; er is niets weggeschreven.\n"
        "  wijk_work.csv, rij 2, kolom group: verwacht een van A, B, C, D, maar het is 'E'"
    )
    english = subprocess.run([sys.executable, "-m", "api", "import", "kaart", str(kaart)], capture_output=True,
                             text=True, env={**env, "WIJKGRAPH_LANG": "en"})
    assert english.returncode == 1
    assert english.stderr.strip() == (
        "Error: kaart was not imported: 1 problem; nothing was written.\n"
        "  wijk_work.csv, row 2, column group: expected one of A, B, C, D, got 'E'"
    )


def test_reserved_source_names_are_refused(store: Store, kaart: Path) -> None:
    with pytest.raises(ImportRefused) as error:
        import_kaart(store, kaart, ImportOptions(source="wijkgraph:users"))
    assert [str(problem) for problem in error.value.problems] == [
        "kaart, column source: source names starting with 'wijkgraph:' are reserved for wijkgraph's own data"
    ]


def test_cleanup_never_touches_users_or_the_audit_log(store: Store, kaart: Path) -> None:
    from graph.load import CLEANABLE_NODES

    assert {"User", "AuditEntry"}.isdisjoint(node.label for node in CLEANABLE_NODES)
    store.write("CREATE (:User {name: 'u', role: 'admin', token_hash: 'x', source: 'kaart:kaart', "
                "lastupdated: datetime('2000-01-01T00:00:00Z')})")
    import_kaart(store, kaart)
    assert store.read("MATCH (u:User) RETURN u.name AS name") == [{"name": "u"}]


def test_an_organisations_general_number_reaches_its_fly_in_contacts(store: Store, kaart: Path) -> None:
    edit(kaart, "organisations", "id,name,kind,scope,website,phone,email\nORG-WELZIJN,Welzijn Test,welzijn,,,,\n"
                                 "ORG-GGZ,GGZ Test,ggz,regionaal,,079 123 45 67,aanmelden@ggz.example\n"
                                 "ORG-HUISARTS,Huisartsenpraktijk Noord,huisarts,wijk,,,\n")
    import_kaart(store, kaart)
    assert store.read("MATCH (o:Organisation) RETURN o.id AS id, o.phone AS phone, o.email AS email ORDER BY id") == [
        {"id": "ORG-GGZ", "phone": "079 123 45 67", "email": "aanmelden@ggz.example"},
        {"id": "ORG-HUISARTS", "phone": None, "email": None},
        {"id": "ORG-WELZIJN", "phone": None, "email": None},
    ]
    fly_in = [row for row in run(store, "contacts", wijk=["WK990101"], on=dt.date(2026, 1, 1))
              if row["tier"] == "fly_in"]
    assert [(row["id"], row["function"], row["phone"], row["email"]) for row in fly_in] == [
        ("ORG-GGZ", "GGZ invliegen", "079 123 45 67", "aanmelden@ggz.example")]
