"""Owns the command line: argparse, one function per command, exit codes.

Exit codes: 0 success; 1 a check or test did not pass (verify, doctor, test);
2 bad input or a failed step, reported as one `error: ...` line.
"""
import argparse
import os
import signal
import sys
from pathlib import Path

from . import (appliance as app_mod, lockdiff, manifest as manifest_mod, package, pins,
               pipeline, qemu, releasetest, report, runner, scenario as scn_mod, sysroot,
               toolchain)
from .build import Builder
from .errors import IntegratorError
from .judge import describe_status
from .layout import DEFAULT_ROOT, Layout, resolve_root
from .progress import Progress
from .scenario import Overrides


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    layout = Layout(resolve_root(args.root))
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return args.func(layout, args)
    except IntegratorError as exc:
        sys.stdout.flush()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        qemu.stop_all()
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # the reader went away (e.g. | head)
        return 1


def _interrupt(signum, frame):
    raise KeyboardInterrupt


# --- parser -------------------------------------------------------------------------

COMMANDS = (
    ("doctor", "check host tools and files against the manifest",
     "Check each host tool's version against the manifest minimum, and each required file."),
    ("list", "list components, scenarios and appliances",
     "List components (name, kind, source), scenarios (name, description) and appliances "
     "(name, description, version, firmware), one line each."),
    ("lock", "pin every component's revision in manifest.lock",
     "Record each component's revision in manifest.lock: the git tree id of an in-tree "
     "folder at HEAD, or an external commit."),
    ("verify", "check components against manifest.lock",
     "Report each component as pinned, modified (naming changed files) or missing; "
     "exit 0 only when all are pinned."),
    ("sysroot", "build the library components into sysroot/",
     "Build the library components (dependency order) with the cross file and install "
     "them into sysroot/, atomically."),
    ("build", "build what scenarios need and their ISO images",
     "Build the sysroot, each component a scenario needs (with its Meson options) and "
     "images/NAME.iso."),
    ("test", "run tests: integrator, unit, scenarios, appliances",
     "Without a selection run everything: the integrator's own tests, every component's "
     "unit tests, every scenario and every appliance's release image on each of its "
     "firmware targets (from the tree as it is: marked dirty where it differs from "
     "manifest.lock). Reports go to images/reports/."),
    ("run", "build and boot one scenario with serial on the terminal",
     "Build a scenario, then boot it in QEMU with COM1 on this terminal (Ctrl-C quits)."),
    ("package", "build an appliance's reproducible release image",
     "Build appliances/NAME.toml with the release profile from pinned components and write "
     "images/release/NAME-VERSION/: a hybrid BIOS+UEFI ISO (stripped ELFs), the lock it was "
     "built from, build.json, SHA256SUMS and a tar.gz of the unstripped ELF files. The same "
     "pins give the same bytes (docs/federation.md, \"Release images\")."),
    ("diff", "list component changes between two manifest.lock files",
     "Compare two locks (files, or REV:PATH from git such as HEAD~1:manifest.lock): "
     "components added, removed and changed, with the commits between the pins where the "
     "history is at hand."),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="integrate.py",
        description="Build, pin, image, boot and judge the EriX federation "
                    "(docs/federation.md).",
        epilog="Start with: ./integrate.py doctor, then ./integrate.py test.")
    parser.add_argument("--root", metavar="DIR",
                        help="tree root holding manifest.toml (default: $ERIX_ROOT, "
                             "else the folder of integrate.py)")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name, summary, description in COMMANDS:
        p = sub.add_parser(name, help=summary, description=description)
        p.set_defaults(func=globals()[f"cmd_{name}"])
        _ARGUMENTS.get(name, lambda _: None)(p)
    return parser


def _doctor_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--install", action="store_true",
                   help="install what is missing (apt-get install -y on Debian; as root or "
                        "through sudo), else print the command to run")


def _lock_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--allow-dirty", action="store_true",
                   help="pin HEAD even when a component folder has uncommitted changes")


def _build_args(p: argparse.ArgumentParser) -> None:
    _selection(p, unit=False)
    _overrides(p, firmware_only=True)


def _test_args(p: argparse.ArgumentParser) -> None:
    _selection(p, unit=True)
    p.add_argument("--only-failed", action="store_true",
                   help="rerun what failed in the last report")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="scenarios booted in parallel (default: number of CPUs)")
    _overrides(p)


def _package_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--appliance", required=True, metavar="NAME",
                   help="appliances/NAME.toml (see ./integrate.py list)")
    _allow_dirty(p)


def _allow_dirty(p: argparse.ArgumentParser) -> None:
    p.add_argument("--allow-dirty", action="store_true",
                   help="package even when a component is not pinned in manifest.lock or is "
                        "modified; the output is marked (NAME-VERSION-dirty, \"dirty\": true)")


def _diff_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("lock_a", metavar="LOCK_A", help="the older lock: a file or REV:PATH")
    p.add_argument("lock_b", metavar="LOCK_B", help="the newer lock: a file or REV:PATH")


def _run_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scenario", required=True, metavar="NAME", help="scenario to boot")
    p.add_argument("--gdb", action="store_true",
                   help="start QEMU halted with a gdb stub on :1234 (-s -S) and print the "
                        "gdb command that attaches with the kernel's symbols")
    _overrides(p)


_ARGUMENTS = {"doctor": _doctor_args, "lock": _lock_args, "build": _build_args,
              "test": _test_args, "run": _run_args, "package": _package_args,
              "diff": _diff_args}


def _selection(p: argparse.ArgumentParser, unit: bool) -> None:
    p.add_argument("--scenario", action="append", default=[], metavar="NAME",
                   help="a scenario (repeatable)")
    p.add_argument("--all", action="store_true", help="every scenario in scenarios/")
    if unit:
        p.add_argument("--unit", action="store_true",
                       help="run `meson test` (native build) in every component")
        p.add_argument("--appliance", action="append", default=[], metavar="NAME",
                       help="package appliances/NAME.toml and boot its release image on each "
                            "of its firmware targets (repeatable)")
        _allow_dirty(p)


def _overrides(p: argparse.ArgumentParser, firmware_only: bool = False) -> None:
    g = p.add_argument_group("overrides for this run")
    g.add_argument("--firmware", choices=scn_mod.FIRMWARES, help="bios or uefi")
    if firmware_only:
        return
    g.add_argument("--machine", choices=scn_mod.MACHINES, help="QEMU machine")
    g.add_argument("--memory", metavar="SIZE", help="guest memory, e.g. 256M")
    g.add_argument("--smp", type=int, metavar="N", help="number of CPUs")
    g.add_argument("--icount", action="store_true", help="add -icount shift=0")


def overrides_of(args) -> Overrides:
    memory = getattr(args, "memory", None)
    smp = getattr(args, "smp", None)
    return Overrides(machine=getattr(args, "machine", None),
                     memory=scn_mod.check_memory(memory, "--memory") if memory else None,
                     smp=scn_mod.check_smp(smp, "--smp") if smp is not None else None,
                     firmware=args.firmware, icount=getattr(args, "icount", False))


def repro_prefix(layout: Layout, command: str) -> list[str]:
    prefix = ["./integrate.py"]
    if layout.root != DEFAULT_ROOT:
        prefix += ["--root", str(layout.root)]
    return prefix + [command]


def load_manifest(layout: Layout):
    return manifest_mod.load(layout.manifest)


# --- commands -----------------------------------------------------------------------

def cmd_doctor(layout: Layout, args) -> int:
    manifest = load_manifest(layout)
    checks = toolchain.check_all(manifest)
    for check in checks:
        print(toolchain.format_check(check))
    if args.install:
        packages = sorted({c.package for c in checks if c.installable})
        if packages and toolchain.install(packages, print):
            checks = toolchain.check_all(manifest)
            print("after install:")
            for check in checks:
                print(toolchain.format_check(check))
    problems = [c for c in checks if c.problem]
    if problems:
        packages = " ".join(sorted({c.package for c in problems}))
        print(f"doctor: {len(problems)} required tool(s) or file(s) missing or too old: run "
              f"./integrate.py doctor --install (apt-get install -y {packages})")
        return 1
    absent = [c for c in checks if c.installable]
    note = f"; optional missing: {', '.join(c.name for c in absent)}" if absent else ""
    print(f"doctor: all required tools and files present{note}")
    return 0


def cmd_list(layout: Layout, args) -> int:
    manifest = load_manifest(layout)
    print("components:")
    for name in manifest.order:
        comp = manifest.components[name]
        source = comp.source if comp.in_tree else f"{comp.source.git}@{comp.source.commit[:12]}"
        deps = f"  (depends: {', '.join(comp.depends)})" if comp.depends else ""
        print(f"  {name:<22} {comp.kind:<8} {source}{deps}")
    print("scenarios:")
    for name in scn_mod.names(layout.scenarios):
        try:
            text = scn_mod.load(layout.scenarios, name, manifest).description
        except IntegratorError as exc:
            text = f"INVALID: {exc}"
        main = " (main)" if name == manifest.project.main_scenario else ""
        print(f"  {name:<30} {text}{main}")
    names = app_mod.names(app_mod.folder(layout.root))
    if names:
        print("appliances:")
    for name in names:
        try:
            app = package.load(layout, manifest, name)
            text = f"{app.description} [{app.version}; {'+'.join(app.firmware)}]"
        except IntegratorError as exc:
            text = f"INVALID: {exc}"
        print(f"  {name:<30} {text}")
    return 0


def cmd_lock(layout: Layout, args) -> int:
    manifest = load_manifest(layout)
    pins.lock(layout, manifest, args.allow_dirty, print)
    print(f"wrote {layout.rel(layout.lock)}")
    return 0


def cmd_verify(layout: Layout, args) -> int:
    manifest = load_manifest(layout)
    statuses = pins.verify(layout, manifest)
    for st in statuses:
        print(f"{st.state:<9} {st.name:<22} {st.summary}")
        for line in st.details:
            print(f"            {line}")
    bad = [s for s in statuses if s.state != "pinned"]
    print(f"verify: {len(statuses) - len(bad)} pinned, {len(bad)} not pinned")
    return 1 if bad else 0


def cmd_sysroot(layout: Layout, args) -> int:
    manifest = load_manifest(layout)
    toolchain.require(manifest, toolchain.BUILD_TOOLS)
    progress = Progress()
    progress.plan(len(manifest.libraries()))
    replaced = sysroot.build(Builder(layout, manifest, warn=progress.say), progress)
    print(f"sysroot: {layout.rel(layout.sysroot)} " + ("updated" if replaced else "up to date"))
    return 0


def _scenario_names(layout: Layout, args) -> list[str]:
    if args.all:
        return scn_mod.names(layout.scenarios)
    return list(dict.fromkeys(args.scenario))


def cmd_build(layout: Layout, args) -> int:
    manifest = load_manifest(layout)
    names = _scenario_names(layout, args)
    if not names:
        raise IntegratorError("build needs --scenario NAME or --all (see ./integrate.py list)")
    scenarios = pipeline.load_all(layout, manifest, names)
    progress = Progress()
    pipeline.check(layout, manifest, scenarios, progress)
    prepared = pipeline.prepare(layout, manifest, scenarios, overrides_of(args), progress)
    for prep in prepared:
        if prep.skipped:
            print(f"skipped {prep.scenario.name}: {prep.skipped}")
        else:
            print(f"built {layout.rel(prep.iso)}")
    return 0


def _test_selection(layout: Layout, manifest, args
                    ) -> tuple[bool, list[str], list[str], list[str]]:
    """(run integrator tests?, unit components, scenarios, appliances) for this run."""
    if args.only_failed:
        failed = report.last_failed(layout.reports)
        if failed is None:
            raise IntegratorError("--only-failed needs a previous report: run ./integrate.py test")
        apps = list(dict.fromkeys(n.partition(":")[0] for n in failed.get("appliance", [])))
        return bool(failed["integrator"]), failed["unit"], failed["scenario"], apps
    names = _scenario_names(layout, args)
    apps = list(dict.fromkeys(args.appliance))
    if args.unit or names or apps:
        return False, list(manifest.order) if args.unit else [], names, apps
    return (True, list(manifest.order), scn_mod.names(layout.scenarios),
            app_mod.names(app_mod.folder(layout.root)))


def cmd_test(layout: Layout, args) -> int:
    manifest = load_manifest(layout)
    own, units, names, apps = _test_selection(layout, manifest, args)
    if args.only_failed and not (own or units or names or apps):
        print("nothing failed in the last report")
        return 0
    if args.jobs < 1:
        raise IntegratorError("--jobs must be at least 1")
    progress = Progress()
    scenarios = pipeline.load_all(layout, manifest, names)
    if scenarios:
        pipeline.check(layout, manifest, scenarios, progress, boots=True)
    # The whole suite boots every appliance from the tree as it is (marked dirty where it
    # differs from manifest.lock); `package` alone insists on pins.
    dirty_ok = args.allow_dirty or own or args.only_failed
    plans = [_plan(layout, manifest, name, dirty_ok, progress) for name in apps]
    for plan in plans:
        toolchain.require(manifest, toolchain.BOOT_TOOLS)
        progress.plan(len(manifest.libraries()) + len(plan.options) + 2
                      + len(releasetest.firmwares(plan, overrides_of(args))))
    if units:
        toolchain.require(manifest, ("meson", "ninja"))
    progress.plan(int(own) + len(units))
    results = [runner.self_tests(layout, progress)] if own else []
    results += runner.unit_tests(layout, manifest, units, progress)
    if scenarios:
        results += runner.scenario_tests(layout, manifest, scenarios, overrides_of(args),
                                         args.jobs, progress, repro_prefix(layout, "test"))
    if plans:
        dirty = args.allow_dirty or any(plan.dirty for plan in plans)
        repro = repro_prefix(layout, "test") + (["--allow-dirty"] if dirty else [])
        results += releasetest.appliance_tests(layout, manifest, plans, overrides_of(args),
                                               args.jobs, progress, repro)
    return _finish_tests(layout, results, overrides_of(args))


def _finish_tests(layout: Layout, results: list, overrides: Overrides) -> int:
    """Write the reports, show each failure, print the summary; the exit code."""
    meta = {"command": " ".join(["./integrate.py", *sys.argv[1:]]),
            "root": str(layout.root), "overrides": overrides.flags()}
    path = report.write(layout.reports, results, meta)
    runner.print_failures(results)
    print(f"\nreport: {layout.rel(path)}, {layout.rel(layout.reports / 'junit.xml')}")
    print(report.summary_line(results))
    if any(r.status == "error" for r in results):
        return 2
    return 1 if any(r.status in report.FAILED for r in results) else 0


def cmd_run(layout: Layout, args) -> int:
    manifest = load_manifest(layout)
    scenario = scn_mod.load(layout.scenarios, args.scenario, manifest)
    progress = Progress()
    toolchain.require(manifest, toolchain.BOOT_TOOLS)
    pipeline.check(layout, manifest, [scenario], progress)
    prep = pipeline.prepare(layout, manifest, [scenario], overrides_of(args), progress)[0]
    if prep.skipped:
        raise IntegratorError(f"cannot boot {scenario.name}: {prep.skipped}")
    logs = qemu.LogPaths(layout.logs(scenario.name))
    ovmf = qemu.find_ovmf() if prep.qemu.firmware == "uefi" else None
    qemu.prepare_logs(logs, prep.qemu, ovmf)
    rel = qemu.LogPaths(Path(layout.rel(logs.dir)))
    argv = qemu.command(prep.qemu, Path(layout.rel(prep.iso)), rel, interactive=True, ovmf=ovmf,
                        gdb=args.gdb)
    qemu.write_cmd(logs, argv, layout.root)
    print(f"qemu (in {layout.root}): {' '.join(argv)}")
    if args.gdb:
        print("QEMU waits for gdb on :1234; attach with:\n  gdb -ex 'target remote :1234' "
              f"-ex 'symbol-file {prep.kernel}'")
    print("serial follows (Ctrl-C quits)", flush=True)
    status = qemu.interactive(argv, layout.root)
    want = (scenario.expect.exit_code << 1) | 1
    print(f"\nrun: {describe_status(status)}; the scenario expects QEMU status {want}")
    return 0 if status == want else 1


def _plan(layout: Layout, manifest, name: str, allow_dirty: bool, progress: Progress):
    """Load and check one appliance (options, tools, pins) before anything builds."""
    app = package.load(layout, manifest, name)
    package.require_tools(manifest, app.firmware)
    builder = Builder(layout, manifest, warn=progress.say)
    plan = package.plan(layout, manifest, app, allow_dirty, builder)
    for note in plan.notes:
        progress.say(f"note: {note}")
    if plan.dirty:
        progress.say(f"warning: packaging {name} from unpinned components (marked dirty): "
                     + "; ".join(f"{s.name} {s.state}" for s in plan.unpinned()))
    return plan


def cmd_package(layout: Layout, args) -> int:
    manifest = load_manifest(layout)
    progress = Progress()
    plan = _plan(layout, manifest, args.appliance, args.allow_dirty, progress)
    progress.plan(len(manifest.libraries()) + len(plan.options) + 2)
    result = package.package(layout, manifest, plan, progress)
    print(f"packaged {layout.rel(result.dir)}/ (SOURCE_DATE_EPOCH {plan.epoch}"
          f"{', dirty' if plan.dirty else ''})")
    for path in sorted(result.dir.iterdir()):
        print(f"  {path.name}")
    print(f"iso sha256 {result.iso_sha256}")
    return 0


def cmd_diff(layout: Layout, args) -> int:
    old = lockdiff.read(layout, args.lock_a)
    new = lockdiff.read(layout, args.lock_b)
    changes, same = lockdiff.compare(layout, old, new)
    for line in lockdiff.format_changes(changes, same):
        print(line)
    return 0
