"""Owns `diff LOCK_A LOCK_B`: what changed between two manifest.lock files.

A lock is a file, or REV:PATH read from this tree's git history (for example
HEAD~3:manifest.lock). Components are listed as added, removed or changed, with
the commits between the two pins where the history is at hand:

- in-tree: the newest commits whose folder tree ids equal the locked ones are
  looked up; when both are found, `git log --oneline A..B -- FOLDER`, else just
  the old and new tree ids;
- external: `git log --oneline A..B` in .cache/components/NAME when both commits
  are there.
"""
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import pins
from .errors import IntegratorError
from .layout import Layout

IN_TREE_KEYS = ("source", "tree")
EXTERNAL_KEYS = ("git", "commit")
MAX_LOG = 50


@dataclass
class Change:
    name: str
    kind: str  # added | removed | changed
    summary: str
    commits: list[str] = field(default_factory=list)
    note: str = ""


# --- reading locks ---------------------------------------------------------------------

def read(layout: Layout, spec: str) -> dict:
    """Component name -> entry from a lock file or REV:PATH in git."""
    path = Path(spec)
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise IntegratorError(f"cannot read {spec}: {exc.strerror}") from None
    elif ":" in spec and not path.exists():
        text = _git_show(layout, spec)
    else:
        raise IntegratorError(f"{spec}: no such lock file (give a path, or REV:PATH such as "
                              "HEAD~1:manifest.lock)")
    return parse(text, spec)


def _git_show(layout: Layout, spec: str) -> str:
    rev, _, rel = spec.partition(":")
    done = subprocess.run(["git", "show", f"{rev}:{rel}"], cwd=layout.root, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or ["git show failed"])[-1]
        raise IntegratorError(f"{spec}: not a lock file, and git cannot show it ({why})")
    return done.stdout


def parse(text: str, where: str) -> dict:
    """Validate a lock's shape: schema 1, each entry in-tree or external."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise IntegratorError(f"{where}: invalid TOML ({exc})") from None
    if data.get("schema") != pins.LOCK_SCHEMA:
        raise IntegratorError(f"{where}: not a manifest.lock (schema = "
                              f"{data.get('schema')!r}, expected {pins.LOCK_SCHEMA})")
    components = data.get("components", {})
    if not isinstance(components, dict):
        raise IntegratorError(f"{where}: [components] must be a table")
    for name, entry in components.items():
        keys = tuple(sorted(entry)) if isinstance(entry, dict) else ()
        if keys not in (tuple(sorted(IN_TREE_KEYS)), tuple(sorted(EXTERNAL_KEYS))):
            raise IntegratorError(f"{where}: component {name}: expected source + tree or "
                                  f"git + commit, got {', '.join(keys) or 'no table'}")
        for key, value in entry.items():
            if not isinstance(value, str):
                raise IntegratorError(f"{where}: component {name}: {key} must be a string")
    return components


# --- comparing ---------------------------------------------------------------------------

def describe(entry: dict) -> str:
    if "tree" in entry:
        return f"{entry['source']} tree {entry['tree'][:12]}"
    return f"{entry['git']} commit {entry['commit'][:12]}"


def compare(layout: Layout, old: dict, new: dict) -> tuple[list[Change], list[str]]:
    """(changes in A-then-B order, names unchanged)."""
    changes, same = [], []
    for name in list(old) + [n for n in new if n not in old]:
        a, b = old.get(name), new.get(name)
        if a == b:
            same.append(name)
        elif b is None:
            changes.append(Change(name, "removed", describe(a)))
        elif a is None:
            changes.append(Change(name, "added", describe(b)))
        else:
            changes.append(_changed(layout, name, a, b))
    return changes, same


def _changed(layout: Layout, name: str, a: dict, b: dict) -> Change:
    if "tree" in a and "tree" in b:
        moved = f" ({a['source']} -> {b['source']})" if a["source"] != b["source"] else ""
        change = Change(name, "changed", f"tree {a['tree'][:12]} -> {b['tree'][:12]}{moved}")
        if a["tree"] != b["tree"]:
            change.commits, change.note = in_tree_log(layout, a, b)
        return change
    if "commit" in a and "commit" in b:
        moved = f" ({a['git']} -> {b['git']})" if a["git"] != b["git"] else ""
        change = Change(name, "changed",
                        f"commit {a['commit'][:12]} -> {b['commit'][:12]}{moved}")
        if a["commit"] != b["commit"]:
            change.commits, change.note = external_log(layout, name, a["commit"], b["commit"])
        return change
    return Change(name, "changed", f"{describe(a)} -> {describe(b)}")


def _git_top(layout: Layout) -> Path | None:
    try:
        return pins.toplevel(layout)
    except IntegratorError:
        return None


def in_tree_log(layout: Layout, a: dict, b: dict) -> tuple[list[str], str]:
    """The folder's commits between the pins, when both trees are found in history."""
    top = _git_top(layout)
    if top is None:
        return [], "no git history here"
    found = {}
    for entry in (a, b):
        found[entry["tree"]] = commit_with_tree(top, entry["source"], entry["tree"])
    ca, cb = found[a["tree"]], found[b["tree"]]
    if not ca or not cb:
        missing = [t[:12] for t, c in found.items() if not c]
        return [], f"no commit with tree {', '.join(missing)} in this history"
    out = pins.git(["log", "--oneline", f"{ca}..{cb}", "--", b["source"], a["source"]], top,
                   check=False)
    return _limit(out.splitlines()), f"commits {ca[:12]}..{cb[:12]}"


def commit_with_tree(top: Path, folder: str, tree: str) -> str | None:
    """The newest commit (any branch) whose `folder` has this tree id."""
    commits = pins.git(["log", "--all", "--format=%H", "--", folder], top, check=False).split()
    if not commits:
        return None
    query = "".join(f"{c}:{folder}\n" for c in commits)
    done = subprocess.run(["git", "cat-file", "--batch-check=%(objectname)"], cwd=top,
                          input=query, capture_output=True, text=True)
    for commit, line in zip(commits, done.stdout.splitlines()):
        if line.strip() == tree:
            return commit
    return None


def external_log(layout: Layout, name: str, a: str, b: str) -> tuple[list[str], str]:
    repo = layout.cache / name
    if not (repo / ".git").exists():
        return [], f"no clone in {layout.rel(repo)} (./integrate.py verify fetches it)"
    missing = [c[:12] for c in (a, b) if not pins.has_commit(repo, c)]
    if missing:
        return [], f"{', '.join(missing)} not in {layout.rel(repo)}"
    out = pins.git(["log", "--oneline", f"{a}..{b}"], repo, check=False)
    note = "" if out else f"{b[:12]} does not descend from {a[:12]}"
    return _limit(out.splitlines()), note


def _limit(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_LOG:
        return lines
    return lines[:MAX_LOG] + [f"... {len(lines) - MAX_LOG} more"]


def format_changes(changes: list[Change], same: list[str]) -> list[str]:
    out = []
    for c in changes:
        out.append(f"{c.kind:<8} {c.name:<22} {c.summary}")
        if c.note and not c.commits:
            out.append(f"           ({c.note})")
        out += [f"           {line}" for line in c.commits]
    if same:
        out.append(f"unchanged: {', '.join(same)}")
    counts = {k: sum(1 for c in changes if c.kind == k) for k in ("added", "removed", "changed")}
    out.append(f"diff: {counts['added']} added, {counts['removed']} removed, "
               f"{counts['changed']} changed, {len(same)} unchanged")
    return out
