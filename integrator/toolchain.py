"""Owns the host toolchain: check tools and files against the manifest (`doctor`),
install what is missing, refuse to run a command without its tools, and generate
the Meson cross file (build/cross/x86_64-erix.ini).
"""
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import IntegratorError
from .manifest import Manifest

VERSION_RE = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")

BUILD_TOOLS = ("clang", "ld.lld", "gcc", "llvm-ar", "meson", "ninja", "pkg-config")
IMAGE_TOOLS = ("grub-mkrescue", "xorriso", "mformat")
BOOT_TOOLS = ("qemu-system-x86_64",)
GRUB_BIOS_DIR = Path("/usr/lib/grub/i386-pc")
GRUB_EFI_DIR = Path("/usr/lib/grub/x86_64-efi")


@dataclass
class Check:
    """One doctor line: a tool or file, what was found, whether it is good enough."""

    name: str
    package: str
    state: str  # ok | missing | old | unknown | absent (optional file)
    found: str = ""
    wanted: str = ""
    optional: bool = False

    @property
    def problem(self) -> bool:
        return self.state in ("missing", "old") and not self.optional

    @property
    def installable(self) -> bool:
        return self.state in ("missing", "old", "absent")


def parse_version(text: str) -> tuple[int, ...] | None:
    """The first dotted version number in a tool's --version output."""
    match = VERSION_RE.search(text)
    return tuple(int(g) for g in match.groups() if g is not None) if match else None


def version_text(text: str) -> str:
    match = VERSION_RE.search(text)
    return match.group(0) if match else "?"


def version_at_least(found: tuple[int, ...], minimum: str) -> bool:
    want = tuple(int(p) for p in minimum.split("."))
    width = max(len(found), len(want))
    return found + (0,) * (width - len(found)) >= want + (0,) * (width - len(want))


def check_tool(tool) -> Check:
    path = shutil.which(tool.name)
    if path is None:
        return Check(tool.name, tool.package, "missing", wanted=tool.min)
    try:
        done = subprocess.run([path, *tool.version_args], capture_output=True, text=True,
                              errors="replace", timeout=30, stdin=subprocess.DEVNULL)
        output = done.stdout + done.stderr
    except (OSError, subprocess.TimeoutExpired):
        output = ""
    version = parse_version(output)
    if version is None:
        return Check(tool.name, tool.package, "unknown", "?", tool.min)
    state = "ok" if version_at_least(version, tool.min) else "old"
    return Check(tool.name, tool.package, state, version_text(output), tool.min)


def check_file(need) -> Check:
    if Path(need.path).exists():
        return Check(need.name, need.package, "ok", need.path, optional=need.optional)
    return Check(need.name, need.package, "absent" if need.optional else "missing",
                 wanted=need.path, optional=need.optional)


def check_all(manifest: Manifest) -> list[Check]:
    return ([check_tool(t) for t in manifest.tools.values()]
            + [check_file(f) for f in manifest.files.values()])


def format_check(c: Check) -> str:
    if c.found and c.wanted:
        what = f"{c.found} (>= {c.wanted})"
    else:
        what = c.found or (f">= {c.wanted}" if c.wanted and "/" not in c.wanted else c.wanted)
    tag = c.state + (" (optional)" if c.optional and c.state != "ok" else "")
    return f"{tag:<20} {c.name:<22} {what}  [package {c.package}]"


def is_debian() -> bool:
    try:
        text = Path("/etc/os-release").read_text()
    except OSError:
        return False
    ids = re.findall(r"^(?:ID|ID_LIKE)=\"?([^\"\n]*)", text, re.M)
    return any("debian" in i.split() for i in ids) and shutil.which("apt-get") is not None


def install_command(packages: list[str]) -> list[str] | None:
    """apt-get install -y PKGS, as root or through sudo; None when neither works."""
    base = ["apt-get", "install", "-y", *packages]
    if os.geteuid() == 0:
        return base
    return ["sudo", *base] if shutil.which("sudo") else None


def install(packages: list[str], say) -> bool:
    """Install packages on Debian; elsewhere print the command. True on success."""
    cmd = install_command(packages)
    shown = " ".join(["sudo", "apt-get", "install", "-y", *packages])
    if not is_debian():
        say(f"not a Debian system: install the equivalents of these Debian packages: "
            f"{' '.join(packages)}\n  on Debian: {shown}")
        return False
    if cmd is None:
        say(f"not root and no sudo: run as root: apt-get install -y {' '.join(packages)}")
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    say("running: " + " ".join(cmd))
    if subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL).returncode == 0:
        return True
    update = cmd[:-len(packages) - 2] + ["update"]
    say("install failed; refreshing package lists: " + " ".join(update))
    subprocess.run(update, env=env, stdin=subprocess.DEVNULL)
    return subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL).returncode == 0


def require(manifest: Manifest, names, files=()) -> None:
    """Refuse to go on when a host tool or required file is missing."""
    for name in names:
        tool = manifest.tools.get(name)
        if shutil.which(name) is None:
            package = tool.package if tool else name
            raise IntegratorError(f"host tool {name} is missing (Debian package {package}): "
                                  "run ./integrate.py doctor --install")
    for path, package in files:
        if not Path(path).exists():
            raise IntegratorError(f"{path} is missing (Debian package {package}): "
                                  "run ./integrate.py doctor --install")


def file_package(manifest: Manifest, path: Path, default: str) -> str:
    for need in manifest.files.values():
        if Path(need.path).parent == path or Path(need.path) == path:
            return need.package
    return default


# --- the cross file ------------------------------------------------------------------

def cross_file_text(sysroot: Path, tree: Path | None = None) -> str:
    """The Meson cross file for freestanding x86_64 (docs/federation.md). With `tree`,
    paths under it are recorded relative to it in debug information, so the same
    sources give the same ELF files wherever the tree sits."""
    root = str(sysroot)
    # -fdebug-compilation-dir: clang's assembler ignores the prefix map for .S files
    prefix_map = (f"'-ffile-prefix-map={tree}/=', '-fdebug-compilation-dir=.',"
                  if tree is not None else "")
    return f"""\
# Generated by ./integrate.py: freestanding x86_64 for EriX. Do not edit.
[binaries]
c = ['clang', '--target=x86_64-unknown-none-elf']
c_ld = 'lld'
ar = 'llvm-ar'
strip = 'llvm-strip'
pkgconfig = 'pkg-config'

[built-in options]
c_args = [{prefix_map}
          '-ffreestanding', '-nostdlibinc', '-fno-stack-protector', '-fno-pic', '-mno-red-zone',
          '-fno-builtin', '-mno-mmx', '-mno-sse', '-mno-sse2', '-mno-avx']
c_link_args = ['-nostdlib', '-static']

[properties]
needs_exe_wrapper = true
sys_root = '{root}'
pkg_config_libdir = '{root}/usr/lib/pkgconfig'

[host_machine]
system = 'none'
cpu_family = 'x86_64'
cpu = 'x86_64'
endian = 'little'
"""


def write_if_changed(path: Path, text: str) -> bool:
    """Write atomically, and only when the content differs (keeps mtimes for ninja)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return True
