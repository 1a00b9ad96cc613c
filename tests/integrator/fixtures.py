"""Throwaway trees for the integrator's tests: a manifest, a library component
(erix-fix: header, static library, pkg-config file), a tiny multiboot2 kernel
whose serial lines, exit code and mode are Meson options, and scenarios.

Everything is written into a temporary folder; nothing touches repos/ or scenarios/.
"""
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INTEGRATE = REPO / "integrate.py"

MANIFEST = """\
schema = 1

[project]
name = "fixture"
version = "0.0.1"
main_scenario = "ok"

[toolchain.clang]
min = "14.0"
package = "clang"

[toolchain-files.grub-pc]
path = "/usr/lib/grub/i386-pc/modinfo.sh"
package = "grub-pc-bin"

[components.lib-fix]
kind = "library"
source = "repos/lib-fix"

[components.kernel]
kind = "kernel"
source = "repos/kernel"
depends = ["lib-fix"]
artifacts = { kernel = "kernel.elf", blob = "blob.bin" }
"""

LIB_MESON = """\
project('lib-fix', 'c', version: '0.1.0')
lib = static_library('erix-fix', 'fix.c', install: true)
install_headers('fix.h', 'fix_abi.h')
import('pkgconfig').generate(lib, name: 'erix-fix', description: 'fixture library')
fix_dep = declare_dependency(include_directories: '.', link_with: lib)
if not meson.is_cross_build()
  test('fix', executable('fix-test', 'fix_test.c', dependencies: fix_dep))
endif
"""

LIB_FILES = {
    "fix_abi.h": "/* constants only: no library source includes this */\n#define FIX_ABI 1\n",
    "fix.h": ("#define FIX_EXIT_PORT 0xf4\n#ifndef __ASSEMBLER__\n"
               "int fix_answer(void);\n#endif\n"),
    "fix.c": '#include "fix.h"\nint fix_answer(void) { return 42; }\n',
    "fix_test.c": '#include "fix.h"\nint main(void) { return fix_answer() == 42 ? 0 : 1; }\n',
}

KERNEL_OPTIONS = """\
option('lines', type: 'array', value: ['TEST:BOOT', 'TEST:DONE'], description: 'serial lines')
option('exit_code', type: 'integer', value: 16, description: 'isa-debug-exit value')
option('mode', type: 'combo', choices: ['exit', 'hang', 'triple'], value: 'exit')
option('fail_build', type: 'boolean', value: false)  # a deliberate compile error
option('refuse_setup', type: 'boolean', value: false)  # meson setup fails
"""

KERNEL_MESON = """\
project('fixture-kernel', 'c', version: '0.1.0')
if get_option('refuse_setup')
  error('refused at configure time (refuse_setup=true)')
endif
if meson.is_cross_build()
  fix = dependency('erix-fix')
  msg = ''
  foreach line : get_option('lines')
    msg += '\\\\r\\\\n' + line
  endforeach
  conf = configuration_data()
  conf.set('EXIT_CODE', get_option('exit_code'))
  conf.set('MESSAGE', '"' + msg + '\\\\r\\\\n"')
  conf.set10('MODE_HANG', get_option('mode') == 'hang')
  conf.set10('MODE_TRIPLE', get_option('mode') == 'triple')
  conf.set10('FAIL_BUILD', get_option('fail_build'))
  configure_file(output: 'config.h', configuration: conf)
  executable('kernel.elf', 'kernel.S', dependencies: fix,
    link_args: ['-T', meson.current_source_dir() / 'link.ld'], link_depends: 'link.ld')
  configure_file(input: 'blob.txt', output: 'blob.bin', copy: true)
else
  test('native', executable('native-test', 'native_test.c'))
endif
"""

KERNEL_S = """\
#include "config.h"
#include <fix.h>
#include <fix_abi.h>
#if FAIL_BUILD
#error deliberate failure (fail_build=true)
#endif
    .section .multiboot2, "a"
    .balign 8
mb2_start:
    .long 0xe85250d6
    .long 0
    .long mb2_end - mb2_start
    .long -(0xe85250d6 + (mb2_end - mb2_start))
    .short 0, 0
    .long 8
mb2_end:
    .text
    .code32
    .globl _start
_start:
    mov $msg, %esi
1:  movb (%esi), %al
    test %al, %al
    jz 2f
    mov $0x3f8, %dx
    outb %al, %dx
    inc %esi
    jmp 1b
2:
#if MODE_TRIPLE
    lidt zero_idt
    int $3
#endif
#if !MODE_HANG
    mov $EXIT_CODE, %eax
    mov $FIX_EXIT_PORT, %dx
    outl %eax, %dx
#endif
3:  cli
    hlt
    jmp 3b
    .data
zero_idt:
    .short 0
    .long 0
msg:
    .asciz MESSAGE
"""

LINK_LD = """\
ENTRY(_start)
SECTIONS {
  . = 1M;
  .text : { *(.multiboot2) *(.text*) }
  .data : { *(.data*) *(.rodata*) }
  .bss : { *(.bss*) }
  /DISCARD/ : { *(.comment) *(.note*) }
}
"""


def scenario(description="boots", options=None, markers=("TEST:BOOT", "TEST:DONE"),
             exit_code=0x10, timeout=20, forbidden=(), qemu="", modules=True) -> str:
    """A scenario file for the fixture kernel."""
    opts = options if options is not None else {}
    opt_text = ", ".join(f"{k} = {_toml(v)}" for k, v in opts.items())
    mods = ('modules = [{ name = "blob", artifact = "kernel:blob" }]' if modules else "")
    return textwrap.dedent(f"""\
        description = "{description}"

        [components.kernel]
        options = {{ {opt_text} }}

        [boot]
        kernel = "kernel:kernel"
        cmdline = "fixture=1"
        {mods}

        [qemu]
        {qemu}

        [expect]
        markers = {_toml(list(markers))}
        forbidden = {_toml(list(forbidden))}
        exit_code = {exit_code}
        timeout = {timeout}
        """)


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    return str(value)


def write(root: Path, files: dict) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def make_tree(root: Path, scenarios: dict | None = None) -> Path:
    """A fixture root: manifest, lib-fix, kernel and the given scenarios."""
    files = {"manifest.toml": MANIFEST, "repos/lib-fix/meson.build": LIB_MESON,
             "repos/kernel/meson.build": KERNEL_MESON,
             "repos/kernel/meson_options.txt": KERNEL_OPTIONS,
             "repos/kernel/kernel.S": KERNEL_S, "repos/kernel/link.ld": LINK_LD,
             "repos/kernel/blob.txt": "module payload\n",
             "repos/kernel/native_test.c": "int main(void) { return 0; }\n"}
    files.update({f"repos/lib-fix/{k}": v for k, v in LIB_FILES.items()})
    files.update({f"scenarios/{k}.toml": v for k, v in (scenarios or {}).items()})
    write(root, files)
    return root


def tools_present() -> bool:
    """The end-to-end tests need the whole host toolchain."""
    needed = ("clang", "ld.lld", "llvm-ar", "meson", "ninja", "pkg-config", "grub-mkrescue",
              "xorriso", "qemu-system-x86_64")
    return (all(shutil.which(t) for t in needed)
            and Path("/usr/lib/grub/i386-pc/modinfo.sh").is_file())


def integrate(root: Path, *args, timeout=300) -> subprocess.CompletedProcess:
    """Run ./integrate.py --root ROOT ARGS; output captured as text."""
    env = dict(os.environ)
    env.pop("ERIX_ROOT", None)
    return subprocess.run([sys.executable, str(INTEGRATE), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=timeout, env=env,
                          stdin=subprocess.DEVNULL)


GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args) -> str:
    env = dict(os.environ, **GIT_ENV, HOME=str(cwd))
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout.strip()


def git_init(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    return path


def commit_all(path: Path, message: str = "commit") -> str:
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", message)
    return git(path, "rev-parse", "HEAD")
