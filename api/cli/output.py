"""Where the CLI writes: results to stdout, messages about failures to stderr."""

from __future__ import annotations

from rich.console import Console

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)
