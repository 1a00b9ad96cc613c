"""Owns manifest.toml: parse it strictly into typed records and order the components.

Unknown keys anywhere are errors, a dependency must name a component, and a
dependency cycle is an error (docs/federation.md, "manifest.toml").
"""
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IntegratorError

KINDS = ("library", "kernel", "service", "driver")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
COMMIT_RE = re.compile(r"^[0-9a-f]{40}$")
VERSION_RE = re.compile(r"^\d+(\.\d+)*$")


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    main_scenario: str


@dataclass(frozen=True)
class Tool:
    """A host program with a minimum version and the Debian package providing it."""

    name: str
    min: str
    package: str
    version_args: tuple[str, ...] = ("--version",)


@dataclass(frozen=True)
class FileNeed:
    """A file a package provides (no binary to run), e.g. GRUB's platform folder."""

    name: str
    path: str
    package: str
    optional: bool = False


@dataclass(frozen=True)
class External:
    """A component that lives in another git repository, at a pinned commit."""

    git: str
    commit: str


@dataclass(frozen=True)
class Component:
    name: str
    kind: str
    source: str | External  # in-tree path (relative to the root) or External
    depends: tuple[str, ...] = ()
    artifacts: dict = field(default_factory=dict)

    @property
    def in_tree(self) -> bool:
        return isinstance(self.source, str)


@dataclass(frozen=True)
class Manifest:
    project: Project
    tools: dict  # name -> Tool, manifest order
    files: dict  # name -> FileNeed
    components: dict  # name -> Component, manifest order
    order: tuple[str, ...]  # components, dependencies first

    def component(self, name: str) -> Component:
        if name not in self.components:
            raise IntegratorError(f"unknown component '{name}' "
                                  f"(known: {', '.join(self.components)})")
        return self.components[name]

    def libraries(self) -> list[Component]:
        return [self.components[n] for n in self.order if self.components[n].kind == "library"]

    def closure(self, names) -> list[str]:
        """The named components and everything they depend on, dependencies first."""
        wanted: set[str] = set()
        stack = list(names)
        while stack:
            name = stack.pop()
            if name not in wanted:
                wanted.add(name)
                stack.extend(self.component(name).depends)
        return [n for n in self.order if n in wanted]


def load(path: Path) -> Manifest:
    """Read and validate a manifest file; every problem is one IntegratorError."""
    if not path.is_file():
        raise IntegratorError(f"{path} not found: run from the EriX tree or pass --root DIR")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise IntegratorError(f"{path.name}: invalid TOML: {exc}") from None
    return parse(data, path.name)


def parse(data: dict, where: str = "manifest.toml") -> Manifest:
    """Validate an already-decoded manifest table."""
    check_keys(data, where, required=("schema", "project", "components"),
               optional=("toolchain", "toolchain-files"))
    if data["schema"] != 1:
        raise IntegratorError(f"{where}: schema = {data['schema']!r} is not supported (expected 1)")
    project = _project(_table(data, "project", where), f"{where}: [project]")
    tools = {n: _tool(n, t, f"{where}: [toolchain.{n}]")
             for n, t in _table(data, "toolchain", where, {}).items()}
    files = {n: _file(n, t, f"{where}: [toolchain-files.{n}]")
             for n, t in _table(data, "toolchain-files", where, {}).items()}
    components = {n: _component(n, t, f"{where}: [components.{n}]")
                  for n, t in _table(data, "components", where).items()}
    order = _order(components, where)
    return Manifest(project, tools, files, components, order)


def check_keys(table, where: str, required=(), optional=()) -> None:
    """Refuse a table with unknown or missing keys, naming the allowed ones."""
    if not isinstance(table, dict):
        raise IntegratorError(f"{where}: expected a table, got {type(table).__name__}")
    allowed = tuple(required) + tuple(optional)
    for key in table:
        if key not in allowed:
            raise IntegratorError(
                f"{where}: unknown key '{key}' (allowed: {', '.join(allowed)})")
    for key in required:
        if key not in table:
            raise IntegratorError(f"{where}: missing required key '{key}'")


def _table(data: dict, key: str, where: str, default=None) -> dict:
    value = data.get(key, default)
    if not isinstance(value, dict):
        raise IntegratorError(f"{where}: '{key}' must be a table")
    return value


def expect_type(value, kind, where: str):
    """Return value when it has the given type (bool is never an int here)."""
    if isinstance(value, bool) and kind is not bool:
        ok = False
    else:
        ok = isinstance(value, kind)
    if not ok:
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise IntegratorError(f"{where}: expected {names}, got {value!r}")
    return value


def _str_list(value, where: str) -> tuple[str, ...]:
    expect_type(value, list, where)
    for item in value:
        expect_type(item, str, where)
    return tuple(value)


def _project(table: dict, where: str) -> Project:
    check_keys(table, where, required=("name", "version", "main_scenario"))
    return Project(*(expect_type(table[k], str, f"{where} {k}")
                     for k in ("name", "version", "main_scenario")))


def _tool(name: str, table: dict, where: str) -> Tool:
    check_keys(table, where, required=("min", "package"), optional=("version_args",))
    minimum = expect_type(table["min"], str, f"{where} min")
    if not VERSION_RE.match(minimum):
        raise IntegratorError(f"{where}: min = {minimum!r} is not a version like \"1.10\"")
    args = _str_list(table.get("version_args", ["--version"]), f"{where} version_args")
    return Tool(name, minimum, expect_type(table["package"], str, f"{where} package"), args)


def _file(name: str, table: dict, where: str) -> FileNeed:
    check_keys(table, where, required=("path", "package"), optional=("optional",))
    return FileNeed(name, expect_type(table["path"], str, f"{where} path"),
                    expect_type(table["package"], str, f"{where} package"),
                    expect_type(table.get("optional", False), bool, f"{where} optional"))


def _component(name: str, table: dict, where: str) -> Component:
    if not NAME_RE.match(name):
        raise IntegratorError(f"{where}: '{name}' is not a valid name (lower case, digits, . _ -)")
    check_keys(table, where, required=("kind", "source"), optional=("depends", "artifacts"))
    kind = expect_type(table["kind"], str, f"{where} kind")
    if kind not in KINDS:
        raise IntegratorError(f"{where}: kind = {kind!r} (expected one of {', '.join(KINDS)})")
    depends = _str_list(table.get("depends", []), f"{where} depends")
    return Component(name, kind, _source(table["source"], where), depends,
                     _artifacts(table.get("artifacts", {}), where))


def _source(value, where: str):
    if isinstance(value, str):
        if not value or Path(value).is_absolute() or ".." in Path(value).parts:
            raise IntegratorError(f"{where}: source {value!r} must be a path inside the tree")
        return value.rstrip("/")
    check_keys(value, f"{where} source", required=("git", "commit"))
    commit = expect_type(value["commit"], str, f"{where} source.commit")
    if not COMMIT_RE.match(commit):
        raise IntegratorError(
            f"{where}: source.commit must be 40 lower-case hex digits, got {commit!r}")
    return External(expect_type(value["git"], str, f"{where} source.git"), commit)


def _artifacts(value, where: str) -> dict:
    expect_type(value, dict, f"{where} artifacts")
    for name, path in value.items():
        expect_type(path, str, f"{where} artifacts.{name}")
        if not NAME_RE.match(name):
            raise IntegratorError(f"{where}: artifact name {name!r} is not valid")
        if not path or Path(path).is_absolute() or ".." in Path(path).parts:
            raise IntegratorError(
                f"{where}: artifact {name} path {path!r} must be inside the build dir")
    return dict(value)


def _order(components: dict, where: str) -> tuple[str, ...]:
    """Dependencies first, ties in manifest order; unknown names and cycles are errors."""
    for comp in components.values():
        for dep in comp.depends:
            if dep not in components:
                raise IntegratorError(
                    f"{where}: component {comp.name} depends on '{dep}', which is not a "
                    f"component (add [components.{dep}] or fix depends)")
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "active":
            cycle = path[path.index(name):] + [name]
            raise IntegratorError(f"{where}: dependency cycle: {' -> '.join(cycle)}")
        state[name] = "active"
        for dep in components[name].depends:
            visit(dep, path + [name])
        state[name] = "done"
        order.append(name)

    for name in components:
        visit(name, [])
    return tuple(order)
