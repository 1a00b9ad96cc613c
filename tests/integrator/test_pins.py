"""lock and verify against temporary git repositories: in-tree folders (tree ids at
HEAD, dirty refusal, modified/missing reports) and external components cloned into
.cache/components (detached at the pin; local work reported, never discarded)."""
import tempfile
import unittest
from pathlib import Path

from integrator import manifest, pins
from integrator.errors import IntegratorError
from integrator.layout import Layout

from .fixtures import commit_all, git, git_init, write

MANIFEST = """
schema = 1
[project]
name = "t"
version = "0"
main_scenario = "x"
[components.lib-a]
kind = "library"
source = "repos/lib-a"
[components.kernel]
kind = "kernel"
source = "repos/kernel"
depends = ["lib-a"]
"""


class InTreePinsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = git_init(Path(self.tmp.name) / "tree")
        write(self.root, {"manifest.toml": MANIFEST, "repos/lib-a/meson.build": "project('a')\n",
                          "repos/lib-a/a.c": "int a;\n", "repos/kernel/meson.build": "k\n",
                          "repos/kernel/src/main.c": "int main;\n", ".gitignore": "build/\n"})
        commit_all(self.root)
        self.layout = Layout(self.root)
        self.lines = []

    def tearDown(self):
        self.tmp.cleanup()

    def manifest(self):
        return manifest.load(self.layout.manifest)

    def lock(self, allow_dirty=False):
        return pins.lock(self.layout, self.manifest(), allow_dirty, self.lines.append)

    def verify(self):
        return {s.name: s for s in pins.verify(self.layout, self.manifest())}

    def test_lock_records_tree_ids_at_head(self):
        entries = self.lock()
        self.assertEqual(entries["kernel"]["tree"],
                         git(self.root, "rev-parse", "HEAD:repos/kernel"))
        self.assertEqual(pins.read_lock(self.layout), entries)
        self.assertEqual({s.state for s in self.verify().values()}, {"pinned"})

    def test_lock_refuses_dirty_folder(self):
        (self.root / "repos/kernel/src/main.c").write_text("int changed;\n")
        (self.root / "repos/kernel/new.c").write_text("x\n")
        with self.assertRaises(IntegratorError) as ctx:
            self.lock()
        message = str(ctx.exception)
        self.assertIn("repos/kernel has uncommitted changes", message)
        self.assertIn("repos/kernel/src/main.c", message)
        self.assertIn("--allow-dirty", message)
        self.assertFalse(self.layout.lock.exists())
        entries = self.lock(allow_dirty=True)
        self.assertEqual(entries["kernel"]["tree"],
                         git(self.root, "rev-parse", "HEAD:repos/kernel"))

    def test_ignored_files_do_not_make_a_folder_dirty(self):
        write(self.root, {"repos/kernel/build/junk.o": "x"})
        self.lock()
        self.assertEqual(self.verify()["kernel"].state, "pinned")

    def test_lock_refuses_uncommitted_component(self):
        write(self.root, {"repos/new/meson.build": "x\n",
                          "manifest.toml": MANIFEST + '[components.new]\nkind = "service"\n'
                                                      'source = "repos/new"\n'})
        commit_all(self.root)
        git(self.root, "rm", "-q", "--cached", "-r", "repos/new")
        git(self.root, "commit", "-q", "-m", "untrack")
        with self.assertRaises(IntegratorError) as ctx:
            self.lock(allow_dirty=True)
        self.assertIn("not committed at HEAD", str(ctx.exception))

    def test_verify_names_modified_added_and_deleted_files(self):
        self.lock()
        index_before = git(self.root, "diff", "--cached", "--name-status")
        (self.root / "repos/kernel/src/main.c").write_text("int changed;\n")
        (self.root / "repos/kernel/untracked.c").write_text("new\n")
        (self.root / "repos/kernel/meson.build").unlink()
        status = self.verify()
        self.assertEqual(status["lib-a"].state, "pinned")
        self.assertEqual(status["kernel"].state, "modified")
        self.assertEqual(sorted(status["kernel"].details),
                         ["A repos/kernel/untracked.c", "D repos/kernel/meson.build",
                          "M repos/kernel/src/main.c"])
        self.assertEqual(git(self.root, "diff", "--cached", "--name-status"), index_before)
        self.assertIn("?? repos/kernel/untracked.c", git(self.root, "status", "--porcelain"))

    def test_committed_change_is_modified(self):
        self.lock()
        write(self.root, {"repos/lib-a/a.c": "int b;\n"})
        commit_all(self.root, "change")
        self.assertEqual(self.verify()["lib-a"].details, ["M repos/lib-a/a.c"])

    def test_missing(self):
        self.lock()
        for path in (self.root / "repos/kernel").rglob("*"):
            if path.is_file():
                path.unlink()
        status = self.verify()
        self.assertEqual(status["kernel"].state, "missing")
        write(self.root, {"manifest.toml": MANIFEST + '[components.extra]\nkind = "driver"\n'
                                                      'source = "repos/extra"\n'})
        self.assertIn("not in manifest.lock", self.verify()["extra"].summary)

    def test_not_a_git_repository(self):
        with tempfile.TemporaryDirectory() as tmp:
            write(Path(tmp), {"manifest.toml": MANIFEST, "repos/lib-a/a.c": "",
                              "repos/kernel/k.c": ""})
            with self.assertRaises(IntegratorError) as ctx:
                pins.lock(Layout(Path(tmp)), manifest.load(Path(tmp) / "manifest.toml"),
                          False, print)
            self.assertIn("not a git repository", str(ctx.exception))


class ExternalPinsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        base = Path(self.tmp.name)
        self.upstream = git_init(base / "upstream")
        write(self.upstream, {"meson.build": "project('drv')\n", "drv.c": "int v1;\n"})
        self.c1 = commit_all(self.upstream, "v1")
        write(self.upstream, {"drv.c": "int v2;\n"})
        self.c2 = commit_all(self.upstream, "v2")
        self.root = git_init(base / "tree")
        self.url = f"file://{self.upstream}"
        self.write_manifest(self.c1)
        commit_all(self.root)
        self.layout = Layout(self.root)
        self.cache = self.root / ".cache/components/drv"

    def tearDown(self):
        self.tmp.cleanup()

    def write_manifest(self, commit, url=None):
        write(self.root, {"manifest.toml": MANIFEST.split("[components.lib-a]")[0]
                          + f'[components.drv]\nkind = "driver"\n'
                            f'source = {{ git = "{url or self.url}", commit = "{commit}" }}\n'})

    def manifest(self):
        return manifest.load(self.layout.manifest)

    def verify(self):
        return pins.verify(self.layout, self.manifest())[0]

    def head(self):
        return git(self.cache, "rev-parse", "HEAD")

    def test_lock_and_verify_clone_detached_at_the_pin(self):
        entries = pins.lock(self.layout, self.manifest(), False, lambda line: None)
        self.assertEqual(entries["drv"], {"git": self.url, "commit": self.c1})
        status = self.verify()
        self.assertEqual(status.state, "pinned", status.summary)
        self.assertEqual(self.head(), self.c1)
        self.assertEqual(git(self.cache, "rev-parse", "--abbrev-ref", "HEAD"), "HEAD")
        self.assertEqual((self.cache / "drv.c").read_text(), "int v1;\n")

    def test_plain_path_url(self):
        self.write_manifest(self.c2, url=str(self.upstream))
        pins.lock(self.layout, self.manifest(), False, lambda line: None)
        self.assertEqual(self.verify().state, "pinned")
        self.assertEqual(self.head(), self.c2)

    def test_local_commit_is_reported_not_discarded(self):
        pins.lock(self.layout, self.manifest(), False, lambda line: None)
        self.verify()
        write(self.cache, {"local.c": "mine\n"})
        local = commit_all(self.cache, "my local work")
        status = self.verify()
        self.assertEqual(status.state, "modified")
        self.assertTrue(any("local commit" in d and "my local work" in d for d in status.details),
                        status.details)
        self.assertEqual(self.head(), local)
        with self.assertRaises(IntegratorError) as ctx:
            pins.external_source(self.layout, self.manifest().components["drv"], print)
        self.assertIn("local work", str(ctx.exception))
        self.assertEqual(self.head(), local)

    def test_uncommitted_change_is_reported_not_discarded(self):
        pins.lock(self.layout, self.manifest(), False, lambda line: None)
        self.verify()
        (self.cache / "drv.c").write_text("edited\n")
        status = self.verify()
        self.assertEqual(status.state, "modified")
        self.assertTrue(any("drv.c" in d for d in status.details), status.details)
        self.assertEqual((self.cache / "drv.c").read_text(), "edited\n")
        warnings = []
        path = pins.external_source(self.layout, self.manifest().components["drv"],
                                    warnings.append)
        self.assertEqual(path, self.cache)
        self.assertIn("uncommitted", warnings[0])

    def test_new_pin_moves_a_clean_cache(self):
        pins.lock(self.layout, self.manifest(), False, lambda line: None)
        self.verify()
        self.write_manifest(self.c2)
        self.assertEqual(self.verify().state, "modified")  # lock is stale
        pins.lock(self.layout, self.manifest(), False, lambda line: None)
        status = self.verify()
        self.assertEqual(status.state, "pinned")
        self.assertEqual(self.head(), self.c2)
        self.assertTrue(any("moved" in n for n in status.details), status.details)

    def test_unknown_commit_is_missing(self):
        self.write_manifest("0" * 40)
        pins.write_lock(self.layout, {"drv": {"git": self.url, "commit": "0" * 40}})
        status = self.verify()
        self.assertEqual(status.state, "missing")
        self.assertIn("not found", status.summary)
        self.assertFalse(self.cache.exists())


if __name__ == "__main__":
    unittest.main()
