"""Imports every module that adds commands to the CLI, so that `api.cli.main` sees them all."""
import api.cli_analyse  # noqa: F401
from api import cli_import  # noqa: F401
from api import cli_docs  # noqa: F401
from api import cli_data  # noqa: F401
from api import cli_web  # noqa: F401
