"""LK202 abandoned-sender: the messages of report-only findings and the size
of the buffer, which the golden files show only as lines and bytes."""

from __future__ import annotations

import pytest

from gofixleaks.engine import process_package
from gofixleaks.settings import Settings

HEAD = 'package p\n\nimport (\n\t"context"\n\t"sync"\n)\n\nvar _ sync.Mutex\n\nfunc work() int { return 1 }\n\n'
SELECT = """
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
"""


def _run(tmp_path, body: str):
    (tmp_path / "p.go").write_bytes((HEAD + body).encode())
    result = process_package(str(tmp_path), [str(tmp_path / "p.go")], Settings(select=("LK202",), fix=True))
    assert not result.errors
    return [f for fr in result.files for f in fr.findings], {fr.path: fr.fixed for fr in result.files if fr.fixed}


CASES = [
    ("one_send", "\tgo func() { ch <- work() }()\n", "make it buffered (capacity 1)", True),
    ("close_after_send", "\tgo func() {\n\t\tch <- work()\n\t\tclose(ch)\n\t}()\n", "capacity 1", True),
    ("defer_close", "\tgo func() {\n\t\tdefer close(ch)\n\t\tch <- work()\n\t}()\n", "capacity 1", True),
    ("two_sends_in_a_row", "\tgo func() {\n\t\tch <- work()\n\t\tch <- work()\n\t}()\n", "can send more than once; no automatic fix", False),
    ("work_after", "\tgo func() {\n\t\tch <- work()\n\t\twork()\n\t}()\n", "does more after its send", False),
    ("return_value_after", "\tgo func() int {\n\t\tch <- work()\n\t\treturn work()\n\t}()\n", "does more after its send", False),
    ("defer_unlock", "\tvar mu sync.Mutex\n\tgo func() {\n\t\tmu.Lock()\n\t\tdefer mu.Unlock()\n\t\tch <- work()\n\t}()\n", "defers `mu.Unlock()`", False),
    ("send_in_loop", "\tgo func() {\n\t\tfor i := 0; i < 3; i++ {\n\t\t\tch <- i\n\t\t}\n\t}()\n", "sends in a loop", False),
]


@pytest.mark.parametrize("name,goroutine,expect,fixed", CASES, ids=[c[0] for c in CASES])
def test_goroutine_shapes(tmp_path, name, goroutine, expect, fixed):
    body = "func F(ctx context.Context) int {\n\tch := make(chan int)\n" + goroutine + SELECT
    findings, out = _run(tmp_path, body)
    assert len(findings) == 1, findings
    assert expect in findings[0].message
    assert bool(out) == fixed
    if fixed:
        assert b"ch := make(chan int, 1)\n" in next(iter(out.values()))


def test_capacity_counts_goroutines(tmp_path):
    body = (
        "func F(ctx context.Context) int {\n\tch := make(chan int)\n"
        "\tgo func() { ch <- work() }()\n\tgo func() { ch <- work() }()\n\tgo func() { ch <- work() }()\n" + SELECT
    )
    findings, out = _run(tmp_path, body)
    assert [f.message.endswith("make it buffered (capacity 3)") for f in findings] == [True]
    assert b"ch := make(chan int, 3)\n" in next(iter(out.values()))


def test_multiline_make_is_reported_without_fix(tmp_path):
    body = "func F(ctx context.Context) int {\n\tch := make(chan int,\n\t)\n\tgo func() { ch <- work() }()\n" + SELECT
    findings, out = _run(tmp_path, body)
    assert len(findings) == 1 and "no automatic fix" in findings[0].message
    assert not out
