"""Owns Meson options: read a component's meson_options.txt, validate a scenario's
option values against it, turn them into `-Dk=v` arguments and a short hash.

The hash names the out-of-tree build dir: build/NAME/cross-<hash>/.
"""
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import IntegratorError

OPTION_FILES = ("meson.options", "meson_options.txt")


@dataclass(frozen=True)
class Declared:
    """One option as the component declares it."""

    name: str
    type: str  # boolean | integer | string | combo | array | feature
    choices: tuple[str, ...] | None = None


def read_declared(src_dir: Path) -> dict[str, Declared]:
    """Every option the component declares (none when it has no options file)."""
    for name in OPTION_FILES:
        path = Path(src_dir) / name
        if path.is_file():
            return parse_declared(path.read_text(encoding="utf-8"), path.name)
    return {}


def parse_declared(text: str, where: str = "meson_options.txt") -> dict[str, Declared]:
    """Parse option('name', type: 'x', choices: [...]) calls; comments are ignored."""
    found: dict[str, Declared] = {}
    for args in _option_calls(_strip_comments(text)):
        strings = _STRING_RE.findall(args)
        if not strings:
            raise IntegratorError(f"{where}: an option() call without a name")
        kind = re.search(r"\btype\s*:\s*'(\w+)'", args)
        choices = re.search(r"\bchoices\s*:\s*\[([^\]]*)\]", args)
        found[_unquote(strings[0])] = Declared(
            _unquote(strings[0]), kind.group(1) if kind else "string",
            tuple(_unquote(s) for s in _STRING_RE.findall(choices.group(1))) if choices else None)
    return found


_STRING_RE = re.compile(r"'''.*?'''|'(?:\\.|[^'\\])*'", re.S)


def _unquote(literal: str) -> str:
    if literal.startswith("'''"):
        return literal[3:-3]
    return re.sub(r"\\(.)", r"\1", literal[1:-1])


def _strip_comments(text: str) -> str:
    """Remove # comments outside string literals."""
    out, pos = [], 0
    for match in re.finditer(r"'''.*?'''|'(?:\\.|[^'\\\n])*'|#[^\n]*", text, re.S):
        out.append(text[pos:match.start()])
        out.append("" if match.group().startswith("#") else match.group())
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def _option_calls(text: str):
    """Yield the argument text of each top-level option( ... ) call."""
    for match in re.finditer(r"\boption\s*\(", text):
        depth, pos = 1, match.end()
        while depth and pos < len(text):
            lit = _STRING_RE.match(text, pos)
            if lit:
                pos = lit.end()
                continue
            depth += {"(": 1, ")": -1}.get(text[pos], 0)
            pos += 1
        yield text[match.end():pos - 1]


def validate(component: str, declared: dict[str, Declared], options: dict, where: str) -> None:
    """Refuse an option the component does not declare, or a value of the wrong type."""
    for name, value in options.items():
        if name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise IntegratorError(
                f"{where}: component {component} has no Meson option '{name}' "
                f"(declared in its meson_options.txt: {known})")
        _check_value(component, declared[name], value, where)


def _check_value(component: str, decl: Declared, value, where: str) -> None:
    def bad(expected: str):
        raise IntegratorError(
            f"{where}: option {component}:{decl.name} has type {decl.type}; "
            f"{value!r} is not {expected}")

    if decl.type == "boolean" and not isinstance(value, bool):
        bad("true or false")
    if decl.type == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        bad("an integer")
    if decl.type in ("string", "combo", "feature") and not isinstance(value, str):
        bad("a string")
    if decl.type == "feature" and value not in ("enabled", "disabled", "auto"):
        bad("one of enabled, disabled, auto")
    if decl.type == "combo" and decl.choices and value not in decl.choices:
        bad("one of " + ", ".join(decl.choices))
    if decl.type == "array":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad("a list of strings")
        if decl.choices and any(v not in decl.choices for v in value):
            bad("a subset of " + ", ".join(decl.choices))


def format_value(value) -> str:
    """A TOML value as Meson's -D syntax spells it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def meson_args(options: dict) -> list[str]:
    return [f"-D{k}={format_value(options[k])}" for k in sorted(options)]


def canonical(options: dict) -> list[list[str]]:
    return [[k, format_value(options[k])] for k in sorted(options)]


def options_hash(options: dict) -> str:
    """Short, stable hash of the sorted option set (names the build dir)."""
    text = json.dumps(canonical(options), separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:8]
