"""Owns pins: manifest.lock (write with `lock`, check with `verify`) and the cache of
external components in .cache/components/NAME.

In-tree components are pinned by the git tree id of their folder at HEAD; external
ones by their commit. The cache is checked out detached at the pin and never
silently moved: local commits and uncommitted changes are reported, not discarded.
"""
import os
import shutil
import subprocess
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IntegratorError
from .layout import Layout
from .manifest import Component, External, Manifest

LOCK_SCHEMA = 1


def git(args, cwd: Path, env: dict | None = None, check: bool = True) -> str:
    """Run git; return stdout stripped. A failure raises with git's message."""
    full_env = dict(os.environ, GIT_TERMINAL_PROMPT="0", **(env or {}))
    done = subprocess.run(["git", *args], cwd=cwd, env=full_env, text=True,
                          stdin=subprocess.DEVNULL, capture_output=True)
    if check and done.returncode != 0:
        message = (done.stderr.strip() or done.stdout.strip()).splitlines()
        raise IntegratorError(f"git {' '.join(args)} (in {cwd}) failed: "
                              f"{message[-1] if message else 'exit ' + str(done.returncode)}")
    return done.stdout.strip() if done.returncode == 0 else ""


def git_ok(args, cwd: Path) -> bool:
    return subprocess.run(["git", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                          capture_output=True).returncode == 0


# --- the lock file ---------------------------------------------------------------

def read_lock(layout: Layout) -> dict:
    """Component name -> lock entry; empty when manifest.lock does not exist."""
    if not layout.lock.is_file():
        return {}
    try:
        data = tomllib.loads(layout.lock.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise IntegratorError(
            f"manifest.lock: invalid TOML ({exc}): run ./integrate.py lock") from None
    if data.get("schema") != LOCK_SCHEMA or not isinstance(data.get("components", {}), dict):
        raise IntegratorError("manifest.lock: unknown format: run ./integrate.py lock")
    return data.get("components", {})


def write_lock(layout: Layout, entries: dict) -> None:
    """Write manifest.lock atomically (entries: name -> {key: string})."""
    lines = ["# Pinned component revisions, written by ./integrate.py lock; do not edit.",
             f"schema = {LOCK_SCHEMA}", ""]
    for name, entry in entries.items():
        lines.append(f'[components."{name}"]')
        lines += [f'{key} = "{_toml_escape(value)}"' for key, value in entry.items()]
        lines.append("")
    tmp = layout.lock.with_name(".manifest.lock.tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.replace(tmp, layout.lock)


def _toml_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


# --- in-tree components ----------------------------------------------------------

def toplevel(layout: Layout) -> Path:
    if not git_ok(["rev-parse", "--git-dir"], layout.root):
        raise IntegratorError(f"{layout.root} is not a git repository: pins need git")
    return Path(git(["rev-parse", "--show-toplevel"], layout.root))


def repo_path(layout: Layout, comp: Component) -> tuple[Path, str]:
    """The repository top and the component folder relative to it (posix)."""
    top = toplevel(layout)
    rel = (layout.root / comp.source).resolve().relative_to(top.resolve())
    return top, rel.as_posix()


def head_tree(top: Path, rel: str) -> str | None:
    """The tree id of the folder at HEAD, or None when HEAD does not have it."""
    out = git(["rev-parse", "--verify", "--quiet", f"HEAD:{rel}"], top, check=False)
    return out or None


def dirty_files(top: Path, rel: str) -> list[str]:
    """`git status` lines for uncommitted and untracked files under the folder."""
    out = git(["status", "--porcelain=v1", "--untracked-files=all", "--", rel], top)
    return [line.strip() for line in out.splitlines() if line.strip()]


def working_tree(top: Path, rel: str) -> str | None:
    """The tree id of the folder as it is on disk (tracked, changed and untracked files).

    Uses a temporary index so the real one is never touched.
    """
    real_index = Path(git(["rev-parse", "--git-path", "index"], top))
    real_index = real_index if real_index.is_absolute() else top / real_index
    with tempfile.TemporaryDirectory(prefix="erix-index-") as tmp:
        index = Path(tmp) / "index"
        if real_index.is_file():
            shutil.copyfile(real_index, index)
        env = {"GIT_INDEX_FILE": str(index)}
        git(["add", "-A", "--", rel], top, env=env)
        out = git(["write-tree", f"--prefix={rel}/"], top, env=env, check=False)
    return out or None


def diff_trees(top: Path, old: str, new: str, rel: str) -> list[str]:
    """`X path` lines naming what differs between two trees of the folder."""
    out = git(["diff-tree", "-r", "--name-status", old, new], top, check=False)
    return [f"{line.split(chr(9))[0]} {rel}/{line.split(chr(9), 1)[1]}"
            for line in out.splitlines() if "\t" in line]


# --- external components ---------------------------------------------------------

@dataclass
class CacheState:
    """What is in .cache/components/NAME compared with the pin."""

    path: Path
    head: str | None = None
    local_commits: list[str] = field(default_factory=list)
    uncommitted: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def clean_at(self, commit: str) -> bool:
        return self.head == commit and not self.uncommitted and not self.local_commits


def has_commit(repo: Path, commit: str) -> bool:
    return git_ok(["cat-file", "-e", f"{commit}^{{commit}}"], repo)


def _fetch(repo: Path, url: str, commit: str) -> None:
    """Make sure `commit` is in the clone: fetch every branch, then the id itself."""
    problems = []
    for args in (["fetch", "--quiet", "--tags", url, "+refs/heads/*:refs/remotes/origin/*"],
                 ["fetch", "--quiet", url, commit]):
        if has_commit(repo, commit):
            return
        try:
            git(args, repo)
        except IntegratorError as exc:
            problems.append(str(exc).rsplit(": ", 1)[-1])
    if not has_commit(repo, commit):
        why = f" ({problems[-1]})" if problems else ""
        raise IntegratorError(f"commit {commit} not found in {url}{why}: fix the pin or the "
                              "URL in manifest.toml")


def _clone(layout: Layout, name: str, ext: External, commit: str) -> Path:
    """Clone into a temporary folder, check out the pin, then rename into place."""
    dest = layout.cache / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=dest.parent))
    try:
        git(["clone", "--quiet", "--no-checkout", ext.git, str(tmp)], dest.parent)
        _fetch(tmp, ext.git, commit)
        git(["checkout", "--quiet", "--detach", commit], tmp)
        os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest


def inspect_cache(path: Path, commit: str) -> CacheState:
    """Read the clone's HEAD, its commits not in the pin nor upstream, its changes."""
    state = CacheState(path)
    state.head = git(["rev-parse", "--verify", "--quiet", "HEAD"], path, check=False) or None
    state.uncommitted = [line.strip() for line in git(
        ["status", "--porcelain=v1", "--untracked-files=all"], path).splitlines() if line]
    if state.head and state.head != commit:
        exclude = [commit] if has_commit(path, commit) else []
        out = git(["log", "--format=%h %s", "HEAD", "--not", *exclude, "--remotes"], path,
                  check=False)
        state.local_commits = [line for line in out.splitlines() if line]
    return state


def ensure_external(layout: Layout, comp: Component, commit: str | None = None) -> CacheState:
    """Clone or fetch the component at its pin; move HEAD only when nothing is lost."""
    ext = comp.source
    commit = commit or ext.commit
    path = layout.cache / comp.name
    if not (path / ".git").exists():
        _clone(layout, comp.name, ext, commit)
        return CacheState(path, head=commit, notes=[f"cloned {ext.git} at {commit[:12]}"])
    state = CacheState(path)
    if git(["remote", "get-url", "origin"], path, check=False) != ext.git:
        git(["remote", "set-url", "origin", ext.git], path, check=False)
        state.notes.append(f"origin set to {ext.git}")
    _fetch(path, ext.git, commit)
    found = inspect_cache(path, commit)
    found.notes = state.notes
    if found.head != commit and not found.local_commits and not found.uncommitted:
        git(["checkout", "--quiet", "--detach", commit], path)
        found.notes.append(f"moved from {str(found.head)[:12]} to the pin {commit[:12]}")
        found.head = commit
    return found


def external_source(layout: Layout, comp: Component, warn) -> Path:
    """The cache folder to build from; refuses a clone that sits off its pin."""
    commit = comp.source.commit  # manifest.toml decides; `verify` checks the lock agrees
    state = ensure_external(layout, comp, commit)
    where = layout.rel(state.path)
    if state.head != commit:
        what = state.local_commits[:3] or state.uncommitted[:3]
        raise IntegratorError(
            f"{where} is at {str(state.head)[:12]}, not the pin {commit[:12]}, and holds local "
            f"work ({'; '.join(what)}): keep it (push it and update the pin) or move it aside, "
            f"then run ./integrate.py verify")
    if state.uncommitted:
        warn(f"warning: building {comp.name} with uncommitted changes in {where}: "
             + "; ".join(state.uncommitted[:5]))
    return state.path


# --- lock and verify ---------------------------------------------------------------

def lock(layout: Layout, manifest: Manifest, allow_dirty: bool, say) -> dict:
    """Compute every pin, refusing dirty in-tree folders; then write manifest.lock."""
    entries = {}
    for name in manifest.order:
        comp = manifest.components[name]
        entries[name] = (_lock_in_tree(layout, comp, allow_dirty, say) if comp.in_tree
                         else _lock_external(layout, comp, say))
    write_lock(layout, entries)
    return entries


def _lock_in_tree(layout: Layout, comp: Component, allow_dirty: bool, say) -> dict:
    if not (layout.root / comp.source).is_dir():
        raise IntegratorError(f"component {comp.name}: {comp.source} does not exist: "
                              "create it or remove it from manifest.toml")
    top, rel = repo_path(layout, comp)
    dirty = dirty_files(top, rel)
    if dirty and not allow_dirty:
        raise IntegratorError(
            f"{rel} has uncommitted changes ({'; '.join(dirty[:5])}"
            f"{'; ...' if len(dirty) > 5 else ''}): commit them, or pin HEAD anyway "
            "with ./integrate.py lock --allow-dirty")
    tree = head_tree(top, rel)
    if tree is None:
        raise IntegratorError(f"{rel} is not committed at HEAD: commit it, then run "
                              "./integrate.py lock")
    say(f"locked  {comp.name:<20} tree {tree}" + ("  (dirty: HEAD pinned)" if dirty else ""))
    return {"source": comp.source, "tree": tree}


def _lock_external(layout: Layout, comp: Component, say) -> dict:
    path = layout.cache / comp.name
    if (path / ".git").exists():
        _fetch(path, comp.source.git, comp.source.commit)
    else:
        _clone(layout, comp.name, comp.source, comp.source.commit)
    say(f"locked  {comp.name:<20} commit {comp.source.commit}")
    return {"git": comp.source.git, "commit": comp.source.commit}


@dataclass
class PinStatus:
    name: str
    state: str  # pinned | modified | missing
    summary: str
    details: list[str] = field(default_factory=list)


def verify(layout: Layout, manifest: Manifest, names=None) -> list[PinStatus]:
    """Compare every component (or only `names`) with manifest.lock."""
    locked = read_lock(layout)
    result = []
    for name in manifest.order:
        if names is not None and name not in names:
            continue
        comp = manifest.components[name]
        entry = locked.get(name)
        if entry is None:
            result.append(PinStatus(name, "missing",
                                    "not in manifest.lock: run ./integrate.py lock"))
        elif comp.in_tree:
            result.append(_verify_in_tree(layout, comp, entry))
        else:
            result.append(_verify_external(layout, comp, entry))
    for name in locked if names is None else ():
        if name not in manifest.components:
            result.append(PinStatus(name, "modified", "in manifest.lock but not in manifest.toml: "
                                    "run ./integrate.py lock"))
    return result


def _verify_in_tree(layout: Layout, comp: Component, entry: dict) -> PinStatus:
    if entry.get("source") != comp.source or "tree" not in entry:
        return PinStatus(comp.name, "modified", f"manifest source {comp.source} differs from the "
                         "lock: run ./integrate.py lock")
    if not (layout.root / comp.source).is_dir():
        return PinStatus(comp.name, "missing", f"{comp.source} does not exist")
    top, rel = repo_path(layout, comp)
    current = working_tree(top, rel)
    if current is None:
        return PinStatus(comp.name, "missing", f"{comp.source} holds no files git would track")
    if current == entry["tree"]:
        return PinStatus(comp.name, "pinned", f"tree {current[:12]}")
    changes = diff_trees(top, entry["tree"], current, rel)
    if not changes:
        changes = [f"locked tree {entry['tree'][:12]} is not in this repository"]
    return PinStatus(comp.name, "modified", f"tree {entry['tree'][:12]} -> {current[:12]}", changes)


def _verify_external(layout: Layout, comp: Component, entry: dict) -> PinStatus:
    commit = entry.get("commit")
    if commit != comp.source.commit or entry.get("git") != comp.source.git:
        return PinStatus(comp.name, "modified", f"manifest.toml pins {comp.source.commit[:12]} "
                         f"({comp.source.git}), manifest.lock has {str(commit)[:12]}: "
                         "run ./integrate.py lock")
    try:
        state = ensure_external(layout, comp, commit)
    except IntegratorError as exc:
        return PinStatus(comp.name, "missing", str(exc))
    where = layout.rel(state.path)
    if state.clean_at(commit):
        return PinStatus(comp.name, "pinned", f"commit {commit[:12]}", state.notes)
    details = [f"local commit {c}" for c in state.local_commits]
    details += [f"uncommitted {line}" for line in state.uncommitted]
    return PinStatus(comp.name, "modified",
                     f"{where} at {str(state.head)[:12]}, pin {commit[:12]}; kept as it is",
                     state.notes + details)
