"""The `wijkgraph` command line.

`api.cli.root` builds the command tree: it creates the main Typer app and adds every command and sub-app
explicitly. The other modules only define commands (plain functions and app factories); importing them registers
nothing. Libraries that take long to load (the Neo4j driver, the web stack, openpyxl, faker, networkx, ...) are
imported inside the commands that need them, so that `wijkgraph --help` and `wijkgraph analyse --list` start fast.
"""

from api.cli.root import main

__all__ = ["main"]
