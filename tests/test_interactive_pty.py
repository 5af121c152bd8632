"""``gofixleaks --interactive`` end to end: the installed console script in a
real pseudo-terminal (pexpect), answering questionary's prompt with keys.

The script is $GOFIXLEAKS_BIN, else the ``gofixleaks`` next to the running
Python (``pip install -e '.[test]'`` puts it there); it must run this
checkout's code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect  # a test dependency: pip install -e '.[test]'
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "leaky"
PROMPT = r"\(Enter applies"
TIMEOUT = 30


def _script() -> str:
    override = os.environ.get("GOFIXLEAKS_BIN")
    exe = Path(override) if override else Path(sys.executable).parent / "gofixleaks"
    if not exe.is_file():
        pytest.fail(
            f"the gofixleaks console script is missing at {exe}: run pip install -e '.[test]' "
            "(or set GOFIXLEAKS_BIN to the script)",
            pytrace=False,
        )
    # the script must run this checkout, not another install
    with open(exe, "rb") as fh:
        first = fh.readline()
    python = first[2:].decode().strip() if first.startswith(b"#!") else sys.executable
    where = subprocess.run([python, "-c", "import gofixleaks, os; print(os.path.dirname(os.path.realpath(gofixleaks.__file__)))"],
                           capture_output=True, text=True, cwd="/", timeout=60).stdout.strip()
    if Path(where) != (ROOT / "gofixleaks").resolve():
        pytest.fail(f"{exe} runs gofixleaks from {where or '?'}, not from {ROOT}: "
                    "pip install -e this checkout, or set GOFIXLEAKS_BIN", pytrace=False)
    return str(exe)


@pytest.fixture(scope="module")
def script() -> str:
    return _script()


def sample(tmp_path: Path, name: str) -> Path:
    d = tmp_path / name
    d.mkdir()
    for f in ("go.mod", "httpclient.go"):
        shutil.copy(SAMPLE / f, d / f)
    return d


def fixed_with_fix(tmp_path: Path) -> bytes:
    d = sample(tmp_path, "by-fix")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "gofixleaks", "--fix", "-q", str(d)], env=env, capture_output=True, timeout=120)
    return (d / "httpclient.go").read_bytes()


def spawn(script: str, cwd: Path, *args: str):
    env = dict(os.environ, TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="120", LINES="50")
    env.pop("NO_COLOR", None)
    return pexpect.spawn(script, ["-i", *args, "."], cwd=str(cwd), env=env, dimensions=(50, 120),
                         encoding="utf-8", timeout=TIMEOUT)


def answer(child, keys: str) -> None:
    child.expect(PROMPT)
    child.send(keys)


def finish(child) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before


def test_enter_at_every_prompt_gives_the_same_files_as_fix(script, tmp_path):
    want = fixed_with_fix(tmp_path)
    d = sample(tmp_path, "session")
    child = spawn(script, d)
    for n in (1, 2, 3):
        child.expect(rf"\[{n}/3\] httpclient.go:\d+:\d+  LK101 unclosed-response-body")
        child.expect(r"\+\s*defer resp.Body.Close\(\)")  # the fix's diff is shown
        answer(child, "\r")
    code, tail = finish(child)
    assert code == 1  # the report-only finding is left
    assert "LK101 unclosed-response-body: 3 applied, 0 skipped, 1 left" in tail
    assert (d / "httpclient.go").read_bytes() == want


def test_skip_leaves_that_fix_out(script, tmp_path):
    want = fixed_with_fix(tmp_path).replace(b"\tdefer resp.Body.Close()\n", b"", 1)
    d = sample(tmp_path, "session")
    child = spawn(script, d)
    answer(child, "s\r")
    answer(child, "\r")
    answer(child, "\r")
    code, tail = finish(child)
    assert "2 applied, 1 skipped, 1 left" in tail
    assert (d / "httpclient.go").read_bytes() == want


def test_apply_all_of_this_rule(script, tmp_path):
    want = fixed_with_fix(tmp_path)
    d = sample(tmp_path, "session")
    child = spawn(script, d)
    answer(child, "r\r")
    code, tail = finish(child)  # no second prompt
    assert tail.count("accepted (all of LK101)") == 2
    assert "Apply this fix?" not in tail.split("accepted (all of LK101)", 1)[1]
    assert (d / "httpclient.go").read_bytes() == want


def test_ctrl_c_at_the_first_prompt_leaves_every_file_byte_identical(script, tmp_path):
    d = sample(tmp_path, "session")
    before = {p.name: p.read_bytes() for p in d.iterdir()}
    child = spawn(script, d)
    answer(child, "\x03")
    code, tail = finish(child)
    assert code == 130
    assert "interrupted" in tail and "nothing was written" in tail
    assert {p.name: p.read_bytes() for p in d.iterdir()} == before  # no temp file left either


def test_without_a_terminal_it_exits_2_with_a_message(script, tmp_path):
    d = sample(tmp_path, "session")
    src = (d / "httpclient.go").read_bytes()
    # stdin is not a terminal
    proc = subprocess.run([script, "--interactive", str(d)], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 2
    assert "--interactive needs a terminal" in proc.stderr
    # stdin is a terminal, stdout is not
    child = pexpect.spawn("/bin/sh", ["-c", f"exec '{script}' -i . > out.txt"], cwd=str(d), encoding="utf-8", timeout=TIMEOUT)
    code, text = finish(child)
    assert code == 2 and "--interactive needs a terminal" in text
    assert (d / "httpclient.go").read_bytes() == src


def test_ctrl_c_later_keeps_the_finished_files_written(script, tmp_path):
    want = fixed_with_fix(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    a, b = sample(work, "a"), sample(work, "b")
    (b / "go.mod").unlink()
    src_b = (b / "httpclient.go").read_bytes()
    child = spawn(script, work)
    for _ in range(3):
        answer(child, "\r")  # every fix of a/
    child.expect(r"\[4/6\] b/httpclient.go")
    answer(child, "\x03")
    code, tail = finish(child)
    assert code == 130
    assert "the files already finished stay written (1): a/httpclient.go" in tail
    assert (a / "httpclient.go").read_bytes() == want
    assert (b / "httpclient.go").read_bytes() == src_b
    assert sorted(p.name for p in b.iterdir()) == ["httpclient.go"]
