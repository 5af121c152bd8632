"""The configuration file, through the real command line."""

from __future__ import annotations

import json

import pytest

from clihelp import FIXED, LEAKY, module, run


def findings(proc) -> list[dict]:
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return json.loads(proc.stdout)


def test_no_config_reports(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    assert [f["code"] for f in findings(run(["--format", "json"], root))] == ["LK101"]


@pytest.mark.parametrize(
    "name,text",
    [
        ("pyproject.toml", '[tool.gofixleaks]\nignore = ["LK101"]\n'),
        ("gofixleaks.toml", 'ignore = ["LK101"]\n'),
        (".gofixleaks.toml", 'ignore = ["LK1"]\n'),
    ],
    ids=["pyproject", "gofixleaks.toml", "dot-gofixleaks.toml"],
)
def test_config_file_found_walking_up(tmp_path, name, text):
    root = module(tmp_path, {"pkg/a.go": LEAKY})
    (root / name).write_text(text)
    # from the root, from the package dir, and for a file path
    assert findings(run(["--format", "json"], root)) == []
    assert findings(run(["--format", "json", "."], root / "pkg")) == []
    assert findings(run(["--format", "json", "pkg/a.go"], root)) == []


def test_pyproject_without_table_is_passed_over(tmp_path):
    root = module(tmp_path, {"pkg/a.go": LEAKY})
    (root / "gofixleaks.toml").write_text('ignore = ["LK101"]\n')
    (root / "pkg" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert findings(run(["--format", "json", "pkg"], root)) == []


def test_lookup_stops_at_repository_root(tmp_path):
    (tmp_path / "gofixleaks.toml").write_text('ignore = ["LK101"]\n')  # outside the repo
    root = module(tmp_path, {"a.go": LEAKY})
    assert len(findings(run(["--format", "json"], root))) == 1


def test_cli_select_overrides_file(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    (root / "gofixleaks.toml").write_text('ignore = ["LK101"]\n')
    assert findings(run(["--format", "json"], root)) == []
    # --ignore on the command line replaces the file's list
    (root / "gofixleaks.toml").write_text('select = ["LK1"]\nignore = ["LK101"]\n')
    assert findings(run(["--format", "json"], root)) == []
    out = run(["--show-settings", "--ignore", "LK101"], root).stdout.decode()
    assert 'ignore = ["LK101"]\n' in out and 'select = ["LK1"]' in out
    out = run(["--show-settings", "--select", "LK101", "--unsafe-fixes"], root).stdout.decode()
    assert 'select = ["LK101"]' in out and "unsafe-fixes = true" in out


def test_per_file_ignores_and_exclude(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY, "b_test.go": LEAKY.replace(b"Fetch", b"F2"), "gen/c.go": LEAKY})
    (root / "gofixleaks.toml").write_text(
        'exclude = ["gen/*"]\n[per-file-ignores]\n"*_test.go" = ["LK101"]\n'
    )
    got = findings(run(["--format", "json"], root))
    assert [f["path"] for f in got] == ["a.go"]
    # globs are relative to the file's directory, also when run from below it
    got = findings(run(["--format", "json", "."], root / "gen"))
    assert got == []


def test_unsafe_fixes_and_rule_options_in_file(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    (root / "gofixleaks.toml").write_text('unsafe-fixes = true\ncache-size = 500\ncache-ttl = "10m"\nmax-file-size = 100000\n')
    out = run(["--show-settings"], root).stdout.decode()
    assert "unsafe-fixes = true" in out
    assert "cache-size = 500" in out
    assert 'cache-ttl = "10m"' in out
    assert "max-file-size = 100000" in out
    assert f"configuration file: {root / 'gofixleaks.toml'}" in out


def test_max_file_size_from_file_skips(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    (root / "gofixleaks.toml").write_text("max-file-size = 10\n")
    proc = run(["--fix"], root)
    assert proc.returncode == 0, proc.stderr
    assert b"skipped: too large" in proc.stderr
    assert (root / "a.go").read_bytes() == LEAKY


def test_fix_uses_file_settings(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    (root / "pyproject.toml").write_text('[tool.gofixleaks]\nselect = ["LK101"]\n')
    proc = run(["--fix"], root)
    assert proc.returncode == 0, proc.stderr
    assert (root / "a.go").read_bytes() == FIXED


@pytest.mark.parametrize(
    "name,text,needle",
    [
        ("gofixleaks.toml", 'selct = ["LK1"]\n', "unknown key 'selct'"),
        ("pyproject.toml", '[tool.gofixleaks]\nunsafe_fixes = true\n', "unknown key 'unsafe_fixes' in [tool.gofixleaks]; did you mean 'unsafe-fixes'?"),
        ("gofixleaks.toml", 'select = ["LK999"]\n', "select: unknown rule code, prefix or name 'LK999'"),
        ("gofixleaks.toml", 'cache-size = "big"\n', "cache-size must be a positive integer"),
        ("gofixleaks.toml", 'cache-ttl = "soon"\n', "cache-ttl must be a Go duration"),
        ("gofixleaks.toml", 'unsafe-fixes = "yes"\n', "unsafe-fixes must be true or false"),
        ("gofixleaks.toml", "select = [\n", "invalid TOML"),
        ("gofixleaks.toml", '[per-file-ignores]\n"*.go" = ["XX1"]\n', "unknown rule code, prefix or name 'XX1'"),
    ],
    ids=["unknown-key", "underscore-key", "bad-code", "bad-int", "bad-duration", "bad-bool", "bad-toml", "bad-pfi-code"],
)
def test_bad_config_is_exit_2_naming_key_and_file(tmp_path, name, text, needle):
    root = module(tmp_path, {"a.go": LEAKY})
    (root / name).write_text(text)
    proc = run([], root)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert str(root / name) in err
    assert needle in err
    assert proc.stdout == b""


def test_explicit_config_and_isolated(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    (root / "gofixleaks.toml").write_text("bogus = 1\n")
    other = tmp_path / "other.toml"
    other.write_text('ignore = ["LK101"]\n')
    assert findings(run(["--format", "json", "--config", str(other)], root)) == []
    assert len(findings(run(["--format", "json", "--isolated"], root))) == 1
    proc = run(["--config", str(tmp_path / "missing.toml")], root)
    assert proc.returncode == 2 and b"no such configuration file" in proc.stderr


def test_force_exclude_applies_to_named_files(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY, "gen/c.go": LEAKY})
    (root / "gofixleaks.toml").write_text('exclude = ["gen/*"]\n')
    # a file named on the command line is checked unless --force-exclude (as pre-commit names files)
    assert len(findings(run(["--format", "json", "gen/c.go", "a.go"], root))) == 2
    got = findings(run(["--format", "json", "--force-exclude", "gen/c.go", "a.go"], root))
    assert [f["path"] for f in got] == ["a.go"]
    (root / "gofixleaks.toml").write_text('exclude = ["gen/*"]\nforce-exclude = true\n')
    assert len(findings(run(["--format", "json", "gen/c.go", "a.go"], root))) == 1


def test_rule_options_reach_settings_options(tmp_path):
    from argparse import Namespace

    from gofixleaks import config
    from gofixleaks.settings import Settings

    (tmp_path / "gofixleaks.toml").write_text('cache-size = 500\ncache-ttl = 90\n')
    args = Namespace(paths=[str(tmp_path)], select=None, ignore=None, config=None, isolated=False)
    s, _cfg = config.resolve(args, Settings())
    assert s.option("cache_size") == 500 and s.option("cache_ttl") == "90s"
    # a rule-option flag (it puts its value in Settings.options) wins over the file
    s, _cfg = config.resolve(args, Settings(options=(("cache_size", 7),)))
    assert s.option("cache_size") == 7 and s.option("cache_ttl") == "90s"


def test_show_settings_is_a_valid_config_file(tmp_path):
    import tomllib

    root = module(tmp_path, {"a.go": LEAKY})
    (root / "gofixleaks.toml").write_text(
        'select = ["LK1"]\nunsafe-fixes = true\ncache-size = 5\n[per-file-ignores]\n"*_test.go" = ["LK101"]\n'
    )
    out = run(["--show-settings"], root).stdout.decode()
    parsed = tomllib.loads(out)
    assert parsed["select"] == ["LK1"] and parsed["cache-size"] == 5
    assert parsed["per-file-ignores"] == {"*_test.go": ["LK101"]}
    # and read back as a configuration file, it gives the same settings
    (root / "gofixleaks.toml").write_text(out)
    assert run(["--show-settings"], root).stdout.decode() == out
