"""Progress on stderr for long batches: a rich bar shown only on a terminal, and the closing summary line."""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class Tally:
    """Counts for the bar and the summary: ``"3 articles, 7 quotes, 1 error in 0.4 s"``."""

    def __init__(self) -> None:
        self.articles = 0
        self.quotes = 0
        self.errors = 0
        self.started = time.perf_counter()

    def summary(self) -> str:
        elapsed = time.perf_counter() - self.started
        return (
            f"{_plural(self.articles, 'article')}, {_plural(self.quotes, 'quote')}, "
            f"{_plural(self.errors, 'error')} in {elapsed:.1f} s"
        )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class ProgressBar:
    """A live bar on ``stream`` when it is a terminal; appears from the second item, so one file shows none.

    The total is unknown (inputs are streamed), so the bar pulses and the counts carry the information.
    """

    def __init__(self, stream: TextIO, *, enabled: bool = True) -> None:
        self.enabled = enabled and stream.isatty()
        self._stream = stream
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._seen = 0

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, tally: Tally) -> None:
        if not self.enabled:
            return
        self._seen += 1
        if self._progress is None:
            if self._seen < 2:
                return
            # imported here: rich.progress costs ~20 ms, paid only when a bar is actually shown
            from rich.console import Console
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                BarColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=Console(file=self._stream),
                transient=True,
                # stdout may carry the output records: only stderr messages go above the bar
                redirect_stdout=False,
                redirect_stderr=True,
            )
            self._task = self._progress.add_task("", total=None)
            self._progress.start()
        assert self._task is not None  # set together with _progress
        desc = f"{tally.articles} articles, {tally.quotes} quotes, {tally.errors} errors"
        self._progress.update(self._task, description=desc)
