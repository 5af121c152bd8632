"""The results cache (gofixleaks/cache): hits, every key part, bad entries,
runs sharing the directory, --no-cache, the .gitignore inside.

A hit is proven by a counter on the engine's rule runner (``engine._run_rules``),
not by timing: the CLI runs in-process with ``-j1``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from gofixleaks import cache as cachemod
from gofixleaks import cli, engine
from gofixleaks.gomod import find_gomod

A_GO = b"""package x

import "time"

type S struct{ data []byte }

var hook func()

func (s *S) Start() {
\thook = s.loop
}

func Collect(in <-chan int) []int {
\tvar out []int
\tfor {
\t\tselect {
\t\tcase v := <-in:
\t\t\tout = append(out, v)
\t\tcase <-time.After(time.Second):
\t\t\treturn out
\t\t}
\t}
}
"""
B_GO = b"package x\n\nfunc (s *S) loop() {}\n"
GO_MOD = b"module example.com/x\n\ngo 1.22\n"


@pytest.fixture
def mod(tmp_path):
    root = tmp_path / "m"
    root.mkdir()
    (root / "go.mod").write_bytes(GO_MOD)
    (root / "a.go").write_bytes(A_GO)
    (root / "b.go").write_bytes(B_GO)
    return root


@pytest.fixture
def counted(monkeypatch):
    """How many times the rules ran (one count per package and fix round)."""
    calls = []
    real = engine._run_rules

    def counting(pkg, triggered, result):
        calls.append(pkg.directory)
        return real(pkg, triggered, result)

    monkeypatch.setattr(engine, "_run_rules", counting)
    return calls


def run(capsys, *args) -> tuple[int, str, str]:
    find_gomod.cache_clear()  # each CLI run is a new process; here they share one
    code = cli.main(["-j1", "--no-progress", *args])
    out, err = capsys.readouterr()
    return code, out, err


def codes(out: str) -> list[str]:
    return [f["code"] for f in json.loads(out)]


def entries(directory) -> list[str]:
    v = os.path.join(directory, f"v{cachemod.SCHEMA}")
    return sorted(os.path.join(v, n) for n in os.listdir(v) if n.endswith(".json") and not n.startswith(".tmp-"))


def test_second_run_is_a_hit_and_prints_the_same_report(mod, capsys, counted):
    cache = mod / ".gofixleaks_cache"
    code1, out1, err1 = run(capsys, "--format", "json", str(mod))
    assert codes(out1) == ["LK302", "LK102"] and len(counted) == 1
    assert os.path.isdir(cache)  # default: at the project root (the go.mod directory)
    code2, out2, err2 = run(capsys, "--format", "json", str(mod))
    assert len(counted) == 1, "the rules ran again on an unchanged package"
    assert (code2, out2) == (code1, out1)
    assert "1 of 1 packages from the cache" in err2 and "(0 parsed" in err2


def test_edited_file_is_rechecked(mod, capsys, counted):
    run(capsys, "--format", "json", str(mod))
    (mod / "a.go").write_bytes(A_GO.replace(b"\thook = s.loop\n", b"\thook = nil\n"))
    _, out, _ = run(capsys, "--format", "json", str(mod))
    assert len(counted) == 2 and codes(out) == ["LK102"]


def test_edit_keeping_size_and_mtime_is_still_seen(mod, capsys, counted):
    # the stat shortcut: size, mtime, ctime and inode; ctime moves on any write
    a = mod / "a.go"
    old = os.stat(a)
    os.utime(a, ns=(old.st_atime_ns - 10**10, old.st_mtime_ns - 10**10))  # old enough to skip re-hashing
    run(capsys, "--format", "json", str(mod))
    st = os.stat(a)
    same_size = A_GO.replace(b"hook = s.loop", b"hook = s.lo0p")
    a.write_bytes(same_size)
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(a).st_size == st.st_size and os.stat(a).st_mtime_ns == st.st_mtime_ns
    _, out, _ = run(capsys, "--format", "json", str(mod))
    assert len(counted) == 2 and codes(out) == ["LK102"]


def test_changed_sibling_rechecks_package_level_findings(mod, capsys, counted):
    # LK302 reads the method declared in b.go: renaming it there removes a.go's finding
    run(capsys, "--format", "json", str(mod / "a.go"))
    (mod / "b.go").write_bytes(B_GO.replace(b"loop", b"other"))
    _, out, _ = run(capsys, "--format", "json", str(mod / "a.go"))
    assert len(counted) == 2 and codes(out) == ["LK102"]


def test_new_file_in_the_package_rechecks_it(mod, capsys, counted):
    (mod / "b.go").unlink()
    _, out, _ = run(capsys, "--format", "json", str(mod / "a.go"))
    assert codes(out) == ["LK102"]
    (mod / "b.go").write_bytes(B_GO)
    _, out, _ = run(capsys, "--format", "json", str(mod / "a.go"))
    assert len(counted) == 2 and codes(out) == ["LK302", "LK102"]


def test_go_line_of_go_mod_is_part_of_the_key(mod, capsys, counted):
    run(capsys, "--format", "json", str(mod))
    (mod / "go.mod").write_bytes(GO_MOD.replace(b"go 1.22", b"go 1.23"))  # timers are collected from 1.23
    _, out, _ = run(capsys, "--format", "json", str(mod))
    assert len(counted) == 2 and codes(out) == ["LK302"]


def test_settings_are_part_of_the_key(mod, capsys, counted):
    run(capsys, "--format", "json", str(mod))
    _, out, _ = run(capsys, "--format", "json", "--select", "LK102", str(mod))
    assert len(counted) == 2 and codes(out) == ["LK102"]
    _, out, _ = run(capsys, "--format", "json", "--select", "LK102", str(mod))
    assert len(counted) == 2 and codes(out) == ["LK102"]


def test_tool_version_is_part_of_the_key(mod, capsys, counted, monkeypatch):
    run(capsys, "--format", "json", str(mod))
    monkeypatch.setattr(cachemod, "__version__", "0.0.0-another")
    cachemod.tool_fingerprint.cache_clear()
    try:
        _, out, _ = run(capsys, "--format", "json", str(mod))
    finally:
        monkeypatch.undo()
        cachemod.tool_fingerprint.cache_clear()
    assert len(counted) == 2 and codes(out) == ["LK302", "LK102"]


def test_corrupt_entry_is_ignored_and_rebuilt(mod, capsys, counted):
    _, out1, _ = run(capsys, "--format", "json", str(mod))
    (entry,) = entries(mod / ".gofixleaks_cache")
    for garbage in (b'{"magic": "gofixleaks-cache", "sch', b"\x00\xff", b"[]"):
        with open(entry, "wb") as fh:
            fh.write(garbage)
        before = len(counted)
        _, out, _ = run(capsys, "--format", "json", str(mod))
        assert out == out1 and len(counted) == before + 1
    json.loads(open(entry, "rb").read())  # rewritten whole
    run(capsys, "--format", "json", str(mod))
    assert len(counted) == 4  # and trusted again


def test_entry_with_a_malformed_result_is_not_trusted(mod, capsys, counted):
    _, out1, _ = run(capsys, "--format", "json", str(mod))
    (entry,) = entries(mod / ".gofixleaks_cache")
    data = json.load(open(entry))
    data["result"]["files"][0]["findings"][0]["line"] = "10"  # right key, wrong shape
    json.dump(data, open(entry, "w"))
    _, out, _ = run(capsys, "--format", "json", str(mod))
    assert out == out1 and len(counted) == 2


def test_foreign_entry_is_ignored(mod, tmp_path, capsys, counted):
    other = tmp_path / "other"
    shutil.copytree(mod, other)
    (other / "a.go").write_bytes(A_GO.replace(b"\thook = s.loop\n", b"\thook = nil\n"))
    shared = tmp_path / "shared"
    run(capsys, "--format", "json", "--cache-dir", str(shared), str(other))
    _, out1, _ = run(capsys, "--format", "json", "--cache-dir", str(shared), str(mod))
    first, second = entries(shared)
    a, b = open(first, "rb").read(), open(second, "rb").read()
    with open(first, "wb") as fh:  # each entry now holds the other package's result
        fh.write(b)
    with open(second, "wb") as fh:
        fh.write(a)
    _, out, _ = run(capsys, "--format", "json", "--cache-dir", str(shared), str(mod))
    assert out == out1 and codes(out) == ["LK302", "LK102"] and len(counted) == 3


def test_two_concurrent_runs_share_the_directory(tmp_path):
    # eight packages, two processes with two workers each, at the same time
    tree = tmp_path / "t"
    for i in range(8):
        d = tree / f"p{i}"
        d.mkdir(parents=True)
        (d / "a.go").write_bytes(A_GO.replace(b"package x", f"package p{i}".encode()))
        (d / "b.go").write_bytes(B_GO.replace(b"package x", f"package p{i}".encode()))
    (tree / "go.mod").write_bytes(GO_MOD)
    shared = tmp_path / "shared"
    cmd = [sys.executable, "-m", "gofixleaks", "--format", "json", "--no-progress", "-j2"]
    ref = subprocess.run([*cmd, "--no-cache", "."], cwd=tree, capture_output=True)
    assert ref.returncode == 1 and len(json.loads(ref.stdout)) == 16
    procs = [subprocess.Popen([*cmd, "--cache-dir", str(shared), "."], cwd=tree, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [1, 1]
    assert [o for o, _ in outs] == [ref.stdout, ref.stdout]
    assert len(entries(shared)) == 8
    assert not [n for n in os.listdir(shared / f"v{cachemod.SCHEMA}") if n.startswith(".tmp-")]
    warm = subprocess.run([*cmd, "--cache-dir", str(shared), "."], cwd=tree, capture_output=True)
    assert warm.stdout == ref.stdout and b"8 of 8 packages from the cache" in warm.stderr


def test_no_cache_reads_and_writes_nothing(mod, capsys, counted):
    run(capsys, "--format", "json", "--no-cache", str(mod))
    run(capsys, "--format", "json", "--no-cache", str(mod))
    assert len(counted) == 2 and not (mod / ".gofixleaks_cache").exists()
    run(capsys, "--format", "json", str(mod))  # a cached entry exists now...
    run(capsys, "--format", "json", "--no-cache", str(mod))  # ...and is not read
    assert len(counted) == 4


def test_cache_dir_option_and_environment(mod, tmp_path, capsys, counted, monkeypatch):
    monkeypatch.setenv(cachemod.ENV, str(tmp_path / "from-env"))
    run(capsys, str(mod))
    assert entries(tmp_path / "from-env") and not (mod / ".gofixleaks_cache").exists()
    run(capsys, "--cache-dir", str(tmp_path / "from-flag"), str(mod))  # the flag wins
    assert entries(tmp_path / "from-flag") and len(counted) == 2


def test_cache_directory_ignores_itself_in_git(mod, capsys, go):
    subprocess.run(["git", "init", "-q", str(mod)], check=True)
    run(capsys, str(mod))
    cache = mod / ".gofixleaks_cache"
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=mod, capture_output=True, text=True, check=True).stdout
    assert ".gofixleaks_cache" not in status and "a.go" in status


def test_project_root_is_the_nearest_marker_upward(mod, tmp_path, capsys, monkeypatch):
    sub = mod / "internal" / "y"
    sub.mkdir(parents=True)
    (sub / "y.go").write_bytes(b"package y\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert cachemod.project_root([str(sub)]) == str(mod)
    assert cachemod.project_root([str(sub / "y.go")]) == str(mod)
    run(capsys, str(sub))
    assert entries(mod / ".gofixleaks_cache") and not os.listdir(elsewhere)


def test_fix_uses_the_cache_and_writes_the_same_bytes(mod, tmp_path, capsys, counted, go):
    plain = tmp_path / "plain"
    shutil.copytree(mod, plain)
    run(capsys, "--fix", "--no-cache", str(plain))
    run(capsys, "--format", "json", str(mod))  # a check run leaves an entry with fixable findings
    code, _, _ = run(capsys, "--fix", str(mod))  # ...which --fix does not trust: recomputed
    assert len(counted) >= 3
    assert (mod / "a.go").read_bytes() == (plain / "a.go").read_bytes() != A_GO
    run(capsys, "--fix", str(mod))  # nothing left to fix: stored
    n = len(counted)
    code2, out2, err2 = run(capsys, "--fix", str(mod))  # a hit
    assert len(counted) == n and "1 of 1 packages from the cache" in err2
    code3, out3, _ = run(capsys, "--fix", "--no-cache", str(mod))
    assert (code2, out2) == (code3, out3)


def test_diff_with_fixes_is_recomputed_and_identical(mod, capsys, counted):
    _, d1, _ = run(capsys, "--diff", str(mod))
    n = len(counted)
    _, d2, _ = run(capsys, "--diff", str(mod))
    assert d1 == d2 and d1.startswith("---") and len(counted) > n
    assert (mod / "a.go").read_bytes() == A_GO


def test_read_only_cache_directory_does_not_fail_the_run(mod, tmp_path, capsys):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    code, out, err = run(capsys, "--format", "json", "--cache-dir", str(blocker / "c"), str(mod))
    assert code == 1 and codes(out) == ["LK302", "LK102"] and "Traceback" not in err
