"""Meson options: parsing meson_options.txt, validating scenario values, naming build dirs."""
import tempfile
import unittest
from pathlib import Path

from integrator import options
from integrator.errors import IntegratorError

TEXT = """
# integration hooks
option('release', type: 'boolean', value: false,
  description: 'Release profile (refuses hooks)')  # trailing comment with option('x')
option('debug_exit', type : 'boolean', value : false)
option('level', type: 'integer', min: 0, max: 3, value: 1)
option('name', type: 'string', value: 'it\\'s (not) a paren')
option('mode', type: 'combo', choices: ['exit', 'hang'], value: 'exit')
option('lines', type: 'array', value: ['A', 'B'])
option('feat', type: 'feature', value: 'auto')
option('''multi''', type: 'string', description: '''a
long text''')
"""


class OptionsTest(unittest.TestCase):
    def setUp(self):
        self.declared = options.parse_declared(TEXT)

    def test_parse_names_and_types(self):
        self.assertEqual(sorted(self.declared), sorted(
            ["release", "debug_exit", "level", "name", "mode", "lines", "feat", "multi"]))
        self.assertEqual(self.declared["debug_exit"].type, "boolean")
        self.assertEqual(self.declared["mode"].choices, ("exit", "hang"))
        self.assertEqual(self.declared["level"].type, "integer")
        self.assertNotIn("x", self.declared)

    def test_read_declared_from_folder(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(options.read_declared(Path(tmp)), {})
            (Path(tmp) / "meson_options.txt").write_text("option('a', type: 'boolean')\n")
            self.assertEqual(list(options.read_declared(Path(tmp))), ["a"])

    def test_valid_values(self):
        options.validate("kernel", self.declared,
                         {"debug_exit": True, "level": 2, "mode": "hang", "lines": ["x"],
                          "feat": "enabled", "name": "n"}, "s.toml")

    def assertRefused(self, opts: dict, *fragments):
        with self.assertRaises(IntegratorError) as ctx:
            options.validate("kernel", self.declared, opts, "scenarios/s.toml")
        for fragment in fragments:
            self.assertIn(fragment, str(ctx.exception))

    def test_unknown_option_is_an_error(self):
        self.assertRefused({"debug_exitt": True}, "scenarios/s.toml",
                           "no Meson option 'debug_exitt'", "debug_exit")

    def test_wrong_types(self):
        self.assertRefused({"debug_exit": "yes"}, "boolean")
        self.assertRefused({"level": True}, "integer")
        self.assertRefused({"mode": "crash"}, "one of exit, hang")
        self.assertRefused({"lines": "A"}, "list of strings")
        self.assertRefused({"feat": "on"}, "enabled, disabled, auto")

    def test_meson_args_and_hash(self):
        opts = {"mode": "hang", "debug_exit": True, "lines": ["A", "B"], "level": 3}
        self.assertEqual(options.meson_args(opts), ["-Ddebug_exit=true", "-Dlevel=3",
                                                    "-Dlines=A,B", "-Dmode=hang"])
        same = dict(reversed(list(opts.items())))
        self.assertEqual(options.options_hash(opts), options.options_hash(same))
        self.assertNotEqual(options.options_hash(opts), options.options_hash({}))
        self.assertRegex(options.options_hash({}), r"^[0-9a-f]{8}$")


if __name__ == "__main__":
    unittest.main()
