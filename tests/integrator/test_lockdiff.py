"""`diff LOCK_A LOCK_B`: lock parsing and its errors, added/removed/changed, the
commits between in-tree pins (found by tree id) and external ones (in the cache),
REV:PATH locks from git, and the command line."""
import tempfile
import unittest
from pathlib import Path

from integrator import lockdiff
from integrator.errors import IntegratorError
from integrator.layout import Layout

from .fixtures import commit_all, git, git_init, integrate, write

MANIFEST = """
schema = 1
[project]
name = "t"
version = "0"
main_scenario = "x"
[components.kernel]
kind = "kernel"
source = "repos/kernel"
"""


def lock_text(entries: dict) -> str:
    lines = ["schema = 1", ""]
    for name, entry in entries.items():
        lines.append(f'[components."{name}"]')
        lines += [f'{k} = "{v}"' for k, v in entry.items()]
        lines.append("")
    return "\n".join(lines)


class ParseTest(unittest.TestCase):
    def assertRefused(self, text, *fragments):
        with self.assertRaises(IntegratorError) as ctx:
            lockdiff.parse(text, "a.lock")
        for fragment in ("a.lock",) + fragments:
            self.assertIn(fragment, str(ctx.exception))

    def test_errors(self):
        self.assertRefused("schema = ", "invalid TOML")
        self.assertRefused("schema = 2\n", "not a manifest.lock")
        self.assertRefused('schema = 1\ncomponents = "x"\n', "must be a table")
        self.assertRefused('schema = 1\n[components.k]\nsource = "repos/k"\n',
                           "component k", "source + tree or git + commit")
        self.assertRefused('schema = 1\n[components.k]\nsource = "r"\ntree = 1\n',
                           "tree must be a string")

    def test_compare_without_history(self):
        old = {"a": {"source": "repos/a", "tree": "1" * 40},
               "b": {"source": "repos/b", "tree": "2" * 40},
               "x": {"git": "https://e.invalid/x.git", "commit": "3" * 40}}
        new = {"a": {"source": "repos/a", "tree": "1" * 40},
               "b": {"source": "repos/b", "tree": "4" * 40},
               "c": {"source": "repos/c", "tree": "5" * 40}}
        with tempfile.TemporaryDirectory() as tmp:
            changes, same = lockdiff.compare(Layout(Path(tmp)), old, new)
        self.assertEqual(same, ["a"])
        got = {c.name: (c.kind, c.summary) for c in changes}
        self.assertEqual(got, {"b": ("changed", "tree 222222222222 -> 444444444444"),
                               "x": ("removed", "https://e.invalid/x.git commit 333333333333"),
                               "c": ("added", "repos/c tree 555555555555")})
        lines = lockdiff.format_changes(changes, same)
        self.assertEqual(lines[-1], "diff: 1 added, 1 removed, 1 changed, 1 unchanged")
        self.assertIn("(no git history here)", "\n".join(lines))


class HistoryTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = git_init(Path(self.tmp.name) / "tree")
        write(self.root, {"manifest.toml": MANIFEST, "repos/kernel/a.c": "1\n",
                          "repos/other/o.c": "o\n", ".gitignore": ".cache/\n"})
        commit_all(self.root, "kernel: first")
        self.t1 = git(self.root, "rev-parse", "HEAD:repos/kernel")
        write(self.root, {"repos/other/o.c": "o2\n"})
        commit_all(self.root, "other: not the kernel")
        write(self.root, {"repos/kernel/a.c": "2\n"})
        commit_all(self.root, "kernel: second")
        write(self.root, {"repos/kernel/b.c": "3\n"})
        commit_all(self.root, "kernel: third")
        self.t3 = git(self.root, "rev-parse", "HEAD:repos/kernel")
        self.layout = Layout(self.root)

    def tearDown(self):
        self.tmp.cleanup()

    def test_in_tree_commits_between_pins(self):
        old = {"kernel": {"source": "repos/kernel", "tree": self.t1}}
        new = {"kernel": {"source": "repos/kernel", "tree": self.t3}}
        changes, _ = lockdiff.compare(self.layout, old, new)
        subjects = [line.split(" ", 1)[1] for line in changes[0].commits]
        self.assertEqual(subjects, ["kernel: third", "kernel: second"])

    def test_unknown_tree_falls_back_to_ids(self):
        old = {"kernel": {"source": "repos/kernel", "tree": "f" * 40}}
        new = {"kernel": {"source": "repos/kernel", "tree": self.t3}}
        changes, _ = lockdiff.compare(self.layout, old, new)
        self.assertEqual(changes[0].commits, [])
        self.assertIn("no commit with tree ffffffffffff", changes[0].note)
        self.assertIn(f"tree ffffffffffff -> {self.t3[:12]}", changes[0].summary)

    def test_external_commits_in_the_cache(self):
        upstream = git_init(Path(self.tmp.name) / "upstream")
        write(upstream, {"drv.c": "1\n"})
        c1 = commit_all(upstream, "drv: one")
        write(upstream, {"drv.c": "2\n"})
        commit_all(upstream, "drv: two")
        write(upstream, {"drv.c": "3\n"})
        c3 = commit_all(upstream, "drv: three")
        url = str(upstream)
        old = {"drv": {"git": url, "commit": c1}}
        new = {"drv": {"git": url, "commit": c3}}
        changes, _ = lockdiff.compare(self.layout, old, new)
        self.assertIn("no clone in .cache/components/drv", changes[0].note)
        git(self.root, "clone", "-q", url, str(self.root / ".cache/components/drv"))
        changes, _ = lockdiff.compare(self.layout, old, new)
        self.assertEqual([line.split(" ", 1)[1] for line in changes[0].commits],
                         ["drv: three", "drv: two"])
        self.assertEqual(changes[0].summary, f"commit {c1[:12]} -> {c3[:12]}")

    def test_command_line(self):
        write(self.root, {
            "a.lock": lock_text({"kernel": {"source": "repos/kernel", "tree": self.t1}}),
            "b.lock": lock_text({"kernel": {"source": "repos/kernel", "tree": self.t3},
                                 "lib": {"source": "repos/lib", "tree": "e" * 40}})})
        done = integrate(self.root, "diff", str(self.root / "a.lock"), str(self.root / "b.lock"))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertRegex(done.stdout, r"(?m)^changed  kernel\s+tree [0-9a-f]{12} -> ")
        self.assertRegex(done.stdout, r"(?m)^\s+[0-9a-f]{7,} kernel: third$")
        self.assertRegex(done.stdout, r"(?m)^added    lib\s+repos/lib tree eeeeeeeeeeee$")
        self.assertIn("diff: 1 added, 0 removed, 1 changed, 0 unchanged", done.stdout)
        # REV:PATH reads a lock from git history
        commit_all(self.root, "locks")
        done = integrate(self.root, "diff", str(self.root / "a.lock"), "HEAD:b.lock")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("1 added", done.stdout)

    def test_command_line_errors(self):
        write(self.root, {"bad.lock": "schema = 3\n", "ok.lock": lock_text({})})
        for args, fragment in (
                (["diff", str(self.root / "nope.lock"), str(self.root / "ok.lock")],
                 "no such lock file"),
                (["diff", str(self.root / "bad.lock"), str(self.root / "ok.lock")],
                 "not a manifest.lock"),
                (["diff", str(self.root / "ok.lock"), "HEAD:nope.lock"], "git cannot show it")):
            with self.subTest(args=args):
                done = integrate(self.root, *args)
                self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
                lines = done.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, done.stderr)
                self.assertTrue(lines[0].startswith("error: "), lines[0])
                self.assertIn(fragment, lines[0])


if __name__ == "__main__":
    unittest.main()
