"""Owns the layout of a tree root: where every input and generated file lives.

The root is the repository holding manifest.toml; `--root DIR` or ERIX_ROOT point
the integrator at another tree (the integrator's own tests use throwaway roots).
"""
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parent.parent


def resolve_root(option: str | None) -> Path:
    """The tree root: --root, else ERIX_ROOT, else the folder of integrate.py."""
    chosen = option or os.environ.get("ERIX_ROOT")
    return Path(chosen).resolve() if chosen else DEFAULT_ROOT


@dataclass(frozen=True)
class Layout:
    """Every path the integrator reads or writes, derived from the root."""

    root: Path

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.toml"

    @property
    def lock(self) -> Path:
        return self.root / "manifest.lock"

    @property
    def scenarios(self) -> Path:
        return self.root / "scenarios"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def cross_file(self) -> Path:
        return self.build / "cross" / "x86_64-erix.ini"

    @property
    def stage_cross_file(self) -> Path:
        return self.build / "cross" / "x86_64-erix-stage.ini"

    @property
    def sysroot(self) -> Path:
        return self.root / "sysroot"

    @property
    def sysroot_stage(self) -> Path:
        return self.build / "sysroot.stage"

    @property
    def images(self) -> Path:
        return self.root / "images"

    @property
    def reports(self) -> Path:
        return self.images / "reports"

    @property
    def cache(self) -> Path:
        return self.root / ".cache" / "components"

    def logs(self, scenario: str) -> Path:
        return self.images / "logs" / scenario

    def iso(self, scenario: str) -> Path:
        return self.images / f"{scenario}.iso"

    def rel(self, path: Path) -> str:
        """A path as shown to humans: relative to the root when inside it."""
        try:
            return str(Path(path).relative_to(self.root))
        except ValueError:
            return str(path)
