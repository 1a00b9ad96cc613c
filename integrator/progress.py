"""Owns the progress lines: one line per finished step, `[3/7] label  0.4s`.

Steps may finish on several threads (parallel boots); numbering follows the
order in which they finish, and a lock keeps lines whole.
"""
import sys
import threading
import time
from contextlib import contextmanager


class Progress:
    """Counts steps against a planned total and prints one line per step."""

    def __init__(self, total: int = 0, out=None):
        self.total = total
        self.done = 0
        self.out = out or sys.stdout
        self._lock = threading.Lock()

    def plan(self, extra: int) -> None:
        with self._lock:
            self.total += extra

    def report(self, label: str, seconds: float, note: str = "") -> None:
        with self._lock:
            self.done += 1
            self.total = max(self.total, self.done)
            suffix = f"  {note}" if note else ""
            self.out.write(f"[{self.done}/{self.total}] {label}  {seconds:.1f}s{suffix}\n")
            self.out.flush()

    def say(self, text: str) -> None:
        with self._lock:
            self.out.write(text + "\n")
            self.out.flush()

    @contextmanager
    def step(self, label: str):
        """Time a step; its line says FAILED when the body raises."""
        start = time.monotonic()
        status = {"note": ""}
        try:
            yield status
        except BaseException:
            self.report(label, time.monotonic() - start, "FAILED")
            raise
        self.report(label, time.monotonic() - start, status["note"])
