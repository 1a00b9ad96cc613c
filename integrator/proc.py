"""Owns running sub-processes: capture their output into log files, show commands.

Every build step writes what it ran and what it printed to a log file, so a
failure can name the file to read and the command that reproduces it.
"""
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    """What a finished command returned and printed (stdout and stderr merged)."""

    argv: list[str]
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def show(argv: list[str]) -> str:
    """A command line a human can paste into a shell."""
    return shlex.join(str(a) for a in argv)


def run(argv, *, cwd: Path | None = None, log: Path | None = None,
        env: dict | None = None, append: bool = True) -> Result:
    """Run argv to completion; record the command and its output in `log`."""
    argv = [str(a) for a in argv]
    try:
        done = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, errors="replace")
        result = Result(argv, done.returncode, done.stdout)
    except FileNotFoundError:
        result = Result(argv, 127, f"{argv[0]}: command not found\n")
    if log is not None:
        _append_log(log, cwd, result, append)
    return result


def _append_log(log: Path, cwd: Path | None, result: Result, append: bool) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "a" if append else "w", encoding="utf-8") as out:
        where = f"(cd {shlex.quote(str(cwd))} && " if cwd else ""
        out.write(f"$ {where}{show(result.argv)}{')' if cwd else ''}\n")
        out.write(result.output)
        out.write(f"[exit status {result.returncode}]\n")


def tail(path: Path, lines: int = 20) -> list[str]:
    """The last `lines` lines of a text file (empty when it does not exist)."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return text.splitlines()[-lines:]
