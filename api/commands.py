"""Imports every module that adds commands to the CLI, so that `api.cli.main` sees them all."""

from api import cli_analyse, cli_data, cli_docs, cli_import, cli_web  # noqa: F401
