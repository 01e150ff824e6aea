"""How `build` tells its progress: plain lines for logs and pipes, a bar in a terminal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sektorplan.build.jobs import Job


class Reporter:
    """Plain progress lines (Danish), for logs and pipes."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total = total
        if total:
            self.write(f"Danner dokumenterne: {total} {'opgave' if total == 1 else 'opgaver'}.")

    def finished(self, job: Job, error: str | None) -> None:
        self.done += 1
        status = "fejl" if error else ", ".join(job.formats)
        self.write(f"[{self.done}/{self.total}] {job.name}: {status}")

    def stop(self) -> None:
        pass

    def note(self, text: str) -> None:
        """A message between the progress lines: a step after the jobs (the PDFs), or
        another build holding the output folder."""
        self.write(text)


class RichReporter(Reporter):
    """A progress bar in a terminal."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console

        super().__init__(lambda text: None)
        self.console = console or Console(stderr=True)
        self.progress: Any = None
        self.task: Any = None

    def start(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.total = total
        if not total:
            return
        self.progress = Progress(
            TextColumn("Danner"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=self.console,
            transient=True,
        )
        self.progress.start()
        self.task = self.progress.add_task("", total=total)

    def finished(self, job: Job, error: str | None) -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, description=job.name)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()

    def note(self, text: str) -> None:
        self.console.print(text, style="dim")
