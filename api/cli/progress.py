"""Progress bars for long work (imports, the demo, the scale generator), drawn by rich."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape

from api.cli.messages import render
from api.cli.output import console

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class BarProgress:
    """Adapts rich's progress bar to the importers' Progress protocol."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def start(self, description: str, total: int) -> None:
        # An importer's description is English text that may carry its template (importers.problems.Msg).
        self.task = self.progress.add_task(escape(str(render(description))), total=total)

    def advance(self, amount: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, amount)


def progress_bar() -> Progress:
    # rich.progress loads more of rich than the console does; only commands that show a bar need it.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=False)
