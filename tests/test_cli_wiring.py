"""The CLI's wiring: one module builds the command tree, importing a command module registers nothing, `--help`
loads no heavy library, and `wijkgraph analyse` takes its options from the analysis registry.

These tests need no Neo4j. They assert what is loaded and declared, never how long anything takes (the start-up
times are measured by `python -m bench cli`).
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import api.cli
from api import i18n
from api.cli import analyse as cli_analyse
from api.cli.root import build_app, build_command
from api.cli.user_errors import USER_ERRORS, is_user_error, user_error_types
from queries.analyses import ANALYSES, AnalysisError

HEAVY = ("neo4j", "fastapi", "starlette", "uvicorn", "pyvis", "networkx", "openpyxl", "faker", "jsonschema",
         "rich.progress", "weasyprint")
CLI_MODULES = sorted(f"api.cli.{info.name}" for info in pkgutil.iter_modules(api.cli.__path__))
# What runs `wijkgraph ARGS` in a fresh interpreter and prints, as JSON, which modules the run had loaded.
RUNNER = """
import json, sys
sys.argv = ["wijkgraph", *json.loads(sys.argv[1])]
from api.cli import main
try:
    main()
except SystemExit as done:
    code = done.code
sys.stdout.flush()
print("\\nMODULES " + json.dumps(sorted(sys.modules)) + " CODE " + json.dumps(code))
"""


def tree(command: Any, name: str = "wijkgraph") -> dict[str, Any]:
    """Everything a command tree declares: help, options and subcommands, recursively (analyses included)."""
    ctx = typer.Context(command, info_name=name)
    node: dict[str, Any] = {"help": command.help, "options": sorted(opt for p in command.params for opt in p.opts)}
    if hasattr(command, "list_commands"):
        node["commands"] = {sub: tree(command.get_command(ctx, sub), sub) for sub in command.list_commands(ctx)}
    return node


def test_every_command_module_is_wired() -> None:
    assert CLI_MODULES == ["api.cli.advise", "api.cli.analyse", "api.cli.analyse_table", "api.cli.audit",
                           "api.cli.contacts_answer", "api.cli.database",
                           "api.cli.demo", "api.cli.docs", "api.cli.export", "api.cli.imports", "api.cli.messages",
                           "api.cli.output", "api.cli.progress", "api.cli.report", "api.cli.root", "api.cli.serve",
                           "api.cli.user_errors", "api.cli.users"]
    commands = tree(build_command())["commands"]
    assert list(commands) == ["neo4j", "schema", "demo", "import", "analyse", "advise", "report", "export", "serve",
                              "users", "audit", "generate", "docs"]
    assert list(commands["export"]["commands"]) == ["graphml", "gexf", "hsds", "xlsx"]
    assert list(commands["advise"]["commands"]) == ["placement", "handover"]
    assert list(commands["neo4j"]["commands"]) == ["install", "start", "stop", "status"]
    assert list(commands["import"]["commands"]) == ["kaart", "households", "hsds", "template", "bulk"]
    assert list(commands["users"]["commands"]) == ["add", "list", "disable", "token", "limit"]
    assert list(commands["analyse"]["commands"]) == list(ANALYSES)


def test_command_modules_hold_no_app() -> None:
    """Modules define functions and app factories; an app at module level could collect commands on import."""
    for name in CLI_MODULES:
        module = importlib.import_module(name)
        held = [key for key, value in vars(module).items()
                if isinstance(value, typer.Typer) or type(value).__module__.startswith(("typer.core", "typer._click"))]
        assert held == [], f"{name} holds {held}"


def test_importing_a_command_module_registers_nothing() -> None:
    """In a fresh interpreter: running any module of api/cli again changes neither an app built before nor a new one.

    Each module is re-run on its own and compared at once, so that a module changing another's state shows up too.
    """
    script = inspect.getsource(tree) + f"""
import importlib, typer
from typing import Any
from api.cli.root import build_app, build_command
app = build_app()
def state():
    return (len(app.registered_commands), len(app.registered_groups), tree(typer.main.get_command(app)),
            tree(build_command()))
before = state()
for name in {CLI_MODULES!r}:
    if name != "api.cli.root":
        importlib.reload(importlib.import_module(name))
        assert state() == before, "importing " + name + " changed the commands"
print("same")
"""
    done = subprocess.run([sys.executable, "-c", "from __future__ import annotations\n" + script],
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "same"), done.stderr
    assert build_app() is not build_app() and tree(build_command()) == tree(build_command())


def run_cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str, set[str]]:
    done = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(args)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "COLUMNS": "200", **(env or {})})
    output, _, tail = done.stdout.rpartition("\nMODULES ")
    assert tail, done.stderr
    modules, _, code = tail.partition(" CODE ")
    return json.loads(code) or 0, output, done.stderr, set(json.loads(modules))


@pytest.mark.parametrize("args", [("--help",), ("analyse", "--list"), ("analyse", "--help"),
                                  ("analyse", "missing_expertise", "--help"), ("import", "--help"),
                                  ("demo", "--help"), ("serve", "--help"), ("users", "add", "--help"),
                                  ("report", "--help")])
def test_help_and_the_list_load_no_heavy_library(args: tuple[str, ...]) -> None:
    code, output, errors, modules = run_cli(*args)
    assert code == 0, errors
    assert "Usage" in output or "missing_expertise:" in output
    loaded = sorted(name for name in modules if name.split(".")[0] in HEAVY or name in HEAVY)
    assert loaded == [], f"`wijkgraph {' '.join(args)}` loaded {loaded}"


def test_the_defaults_in_help_texts_are_the_importers() -> None:
    from api.cli import demo, imports
    from importers.demo import DEFAULT_SEED
    from importers.hsds import DEFAULT_GROUP
    from importers.scale import SCALES

    assert demo.DEFAULT_SEED == DEFAULT_SEED
    assert tuple(SCALES) == demo.SCALE_NAMES
    assert imports.HSDS_DEFAULT_GROUP == DEFAULT_GROUP


def test_user_errors_are_declared_once_and_resolve() -> None:
    kinds = user_error_types()
    assert len(kinds) == len(USER_ERRORS) and AnalysisError in kinds
    assert is_user_error(AnalysisError("bad")) and is_user_error(type("Sub", (AnalysisError,), {})("x"))
    assert not is_user_error(ValueError("a bug")) and not is_user_error(KeyError("a bug"))
    for kind in kinds:
        assert is_user_error(kind.__new__(kind)), kind


# --- `wijkgraph analyse`: the options come from the registry -------------------------------------------------

SAMPLE = {"wijken": ["WK1", "WK2"], "expertise_list": ["GGZ", "LVB"], "expertise": ["GGZ"], "date": ["2026-01-31"],
          "int": ["3"], "text": ["some words"], "tier": ["A"]}


def test_every_parameter_is_an_option_in_its_help() -> None:
    runner = CliRunner()
    every = {param.name for analysis in ANALYSES.values() for param in analysis.params}
    for analysis in ANALYSES.values():
        result = runner.invoke(build_app(), ["analyse", analysis.name, "--help"], env={"COLUMNS": "250"})
        assert result.exit_code == 0, result.output
        shown = set(result.stdout.split())
        own = {param.name for param in analysis.params}
        for param in analysis.params:
            assert cli_analyse.option_name(param.name) in shown, (analysis.name, param.name)
            assert i18n.gettext(param.help).split()[0] in result.stdout  # in Dutch, the CLI's default
        for name in every - own:
            assert cli_analyse.option_name(name) not in shown, (analysis.name, name)
        assert "--format" in shown
    assert cli_analyse.option_name("max_helpers") == "--max-helpers"
    assert cli_analyse.option_name("from") == "--from"


def test_every_parameter_is_accepted_and_reaches_the_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, dict[str, Any], str]] = []
    monkeypatch.setattr(cli_analyse, "run_analysis",
                        lambda analysis, values, output, reason=None: calls.append((analysis.name, values, output)))
    runner = CliRunner()
    for analysis in ANALYSES.values():
        args: list[str] = []
        for param in analysis.params:
            for value in SAMPLE.get(param.kind, ["x"]):
                args += [cli_analyse.option_name(param.name), value]
        result = runner.invoke(build_app(), ["analyse", analysis.name, *args, "--format", "json"])
        assert result.exit_code == 0, (analysis.name, result.output, result.exception)
        name, values, output = calls.pop()
        given = {key: value for key, value in values.items() if value is not None}
        assert (name, output) == (analysis.name, "json")
        # Repeating kinds come as lists, the others as the text given; the registry checks and converts both.
        assert {key: value if isinstance(value, list) else [value] for key, value in given.items()} == {
            param.name: SAMPLE.get(param.kind, ["x"]) for param in analysis.params}


def test_a_bad_option_is_refused_before_connecting() -> None:
    closed = {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": "x"}
    code, _, errors, modules = run_cli("analyse", "gaps", "--max-helpers", "3", env=closed)
    assert (code, errors.strip()) == (1, "Fout: Analyse 'gaps' heeft geen parameter max_helpers; de parameters zijn: "
                                         "wijk, on, verification.")
    assert "neo4j" not in modules  # refused before the driver was even loaded
    code, _, errors, _ = run_cli("analyse", "contacts", "--expertise", "GGZ", "--expertise", "LVB", env=closed)
    assert (code, errors.strip()) == (
        1, "Fout: Analyse 'contacts': expertise moet één expertisecode zijn, niet ['GGZ', 'LVB'].")
    code, _, errors, _ = run_cli("analyse", "too_many_helpers", "--max-helpers", "many", env=closed)
    assert (code, errors.strip()) == (
        1, "Fout: Analyse 'too_many_helpers': max_helpers moet een geheel getal zijn, niet 'many'.")
    code, _, errors, _ = run_cli("analyse", "gaps", "--format", "xml", env=closed)
    assert (code, errors.strip()) == (1, "Fout: --format moet een van table, csv, json zijn, niet 'xml'.")
    code, _, errors, _ = run_cli("analyse", "gaps", "--bogus", env=closed)
    assert code == 2 and "No such option: --bogus" in errors and "bug" not in errors
    code, _, errors, _ = run_cli("analyse", env=closed)
    assert code == 1 and errors.startswith("Fout: Noem een analyse; de analyses zijn: missing_expertise, gaps,")


# --- the CLI's language: Dutch unless WIJKGRAPH_LANG=en ----------------------------------------------------------


def test_a_user_error_is_in_dutch_by_default_and_in_english_with_wijkgraph_lang_en() -> None:
    closed = {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": "x",
              "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}  # the system locale does not count
    args = ("analyse", "ecogram", "--household", "H-1", "--reason", "x" * 201)
    code, _, errors, _ = run_cli(*args, env=closed)
    assert (code, errors.strip()) == (
        1, "Fout: --reason is hoogstens 200 tekens: een doel, geen verhaal over een cliënt.")
    code, _, errors, _ = run_cli(*args, env={**closed, "WIJKGRAPH_LANG": "en"})
    assert (code, errors.strip()) == (
        1, "Error: --reason is at most 200 characters: a purpose, not a story about a client.")
    code, _, errors, _ = run_cli(*args, env={**closed, "WIJKGRAPH_LANG": "fr"})  # not ours: Dutch
    assert errors.startswith("Fout: --reason is hoogstens 200 tekens")


def test_the_help_says_how_to_choose_the_language() -> None:
    code, output, _, _ = run_cli("--help")
    assert code == 0 and "wijkgraph: het netwerk rond sociale wijkteams, in Neo4j." in output
    assert "zet WIJKGRAPH_LANG=en voor Engels" in " ".join(output.split())
    code, output, _, _ = run_cli("--help", env={"WIJKGRAPH_LANG": "en"})
    assert code == 0 and "wijkgraph: the network around sociale wijkteams, in Neo4j." in output
    assert "set WIJKGRAPH_LANG=en for English" in " ".join(output.split())


def test_the_cli_language_is_the_variable_not_the_locale() -> None:
    assert [i18n.cli_language(env) for env in ({}, {"WIJKGRAPH_LANG": "en"}, {"WIJKGRAPH_LANG": "EN_gb.UTF-8"},
                                                {"WIJKGRAPH_LANG": "nl"}, {"WIJKGRAPH_LANG": "de"},
                                                {"LANG": "en_US.UTF-8", "LC_ALL": "C"})] == [
        "nl", "en", "en", "nl", "nl", "nl"]
