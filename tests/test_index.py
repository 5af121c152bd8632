"""The module index (gofixleaks/index/): scope-correct bindings, expression
types, function summaries, and the rules that use them across the packages
of a real module (built with the real Go toolchain where a fix is applied).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import clihelp
from gofixleaks import index, parsing
from gofixleaks.context import FileContext
from gofixleaks.index import scope

_IDS = parsing.query("(identifier) @i")


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def _fctx(path: Path) -> FileContext:
    return FileContext(str(path), path.read_bytes(), None)


def _idents(fctx: FileContext, name: str):
    return sorted((n for n in parsing.captures(_IDS, fctx.root, "i") if n.text == name.encode()), key=lambda n: n.start_byte)


SCOPES = """package p

func f(x int) int {
	a, err := g(x)
	b, err := g(a)
	if x := a + b; x > 0 {
		return x
	}
	{
		x := 3
		_ = x
	}
	y := x
	go func() { _ = y }()
	for i, v := range []int{1} {
		_, _ = i, v
	}
	x = x + 1
	_ = err
	return x
}

func g(v int) (int, error) { return v, nil }
"""


def test_bindings_are_scope_correct(tmp_path):
    root = _write(tmp_path, {"go.mod": "module example.com/s\n\ngo 1.22\n", "s.go": SCOPES})
    f = _fctx(root / "s.go")
    xs = _idents(f, "x")
    param = xs[0]
    by_line = {}
    for n in xs:
        d = scope.binding(n)
        by_line.setdefault(n.start_point[0] + 1, []).append(d.start_point[0] + 1 if d is not None else None)
    assert by_line[4] == [3]  # g(x): the parameter
    assert by_line[6] == [6, 6]  # the if initializer's own x
    assert by_line[7] == [6]
    assert by_line[10] == [10] and by_line[11] == [10]  # the block's own x
    assert by_line[13] == [3]  # back to the parameter
    assert by_line[18] == [3, 3]
    # := redeclaring err in the same scope binds the first err
    errs = _idents(f, "err")
    assert {scope.binding(e).start_point[0] for e in errs} == {3}
    # a closure's use resolves to the enclosing function's variable
    ys = _idents(f, "y")
    assert scope.binding(ys[1]) == ys[0]
    # uses() lists exactly the parameter's uses (not the other x's)
    assert sorted(n.start_point[0] + 1 for n in scope.uses(param)) == [3, 4, 13, 18, 18, 20]


HELPERS = """package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"example.com/h/client"
)

func fetch(url string) (*http.Response, error) { return http.Get(url) }

func wrapped(url string) (*http.Response, error) {
	resp, err := fetch(url)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func closedFirst(url string) (*http.Response, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	_, _ = io.ReadAll(resp.Body)
	return resp, nil
}

func show(r *http.Response) { fmt.Println(r.Status) }
func drop(r *http.Response) { r.Body.Close() }
func keep(r *http.Response) { saved = r }
func ping(r *http.Response, n int) {
	if n > 0 {
		pong(r, n-1)
	}
}
func pong(r *http.Response, n int) { ping(r, n) }
func pingClose(r *http.Response, n int) {
	if n > 0 {
		pongClose(r, n-1)
	}
}
func pongClose(r *http.Response, n int) { pingClose(r, n); drop(r) }

var saved *http.Response

func main() {
	ts := httptest.NewServer(nil)
	c := ts.Client()
	k := client.New()
	t := client.Tester{}
	_, _, _ = c, k, t.HTTP
}
"""

CLIENT = """package client

import "net/http"

type Tester struct{ HTTP *http.Client }

func New() *http.Client { return &http.Client{} }
"""


def test_types_and_summaries(tmp_path):
    root = _write(
        tmp_path,
        {"go.mod": "module example.com/h\n\ngo 1.22\n", "main.go": HELPERS, "client/client.go": CLIENT},
    )
    f = _fctx(root / "main.go")
    fi = index.for_file(f)
    types = {n.text.decode(): fi.expr_type(n) for n in parsing.captures(_IDS, f.root, "i") if n.text in (b"ts", b"c", b"k")}
    assert types == {"ts": "net/http/httptest.Server", "c": "net/http.Client", "k": "net/http.Client"}
    sel = next(n for n in parsing.captures(parsing.query("(selector_expression) @s"), f.root, "s") if n.text == b"t.HTTP")
    assert fi.expr_type(sel) == "net/http.Client"  # a field of a type of another package
    pk, s = fi.package, fi.summaries
    fresh = {name: s.fresh_results(pk.func(name), pk) for name in ("fetch", "wrapped", "closedFirst")}
    assert fresh == {"fetch": {0: "net/http.Response"}, "wrapped": {0: "net/http.Response"}, "closedFirst": {}}
    effects = {name: s.param_effect(pk.func(name), pk, 0) for name in ("show", "drop", "keep", "ping", "pong", "pingClose", "pongClose")}
    # mutual recursion: ping/pong only pass r to each other (least fixed point: read);
    # pingClose/pongClose close it on some path
    assert effects == {
        "show": index.READ, "drop": index.CLOSE, "keep": index.ESCAPE,
        "ping": index.READ, "pong": index.READ, "pingClose": index.CLOSE, "pongClose": index.CLOSE,
    }


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    proc = clihelp.run(args, cwd)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def _module(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "mod"
    (root / ".git").mkdir(parents=True)
    return _write(root, {"go.mod": "module example.com/m\n\ngo 1.22\n", **files})


def _build(root: Path) -> str:
    out = []
    for cmd in (["go", "build", "./..."], ["go", "vet", "./..."]):
        p = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=600)
        out.append(p.stdout + p.stderr if p.returncode else "")
    return "".join(out)


FEED_V1 = """package v1

// NewFeed starts a producer that nothing stops.
func NewFeed(n int) <-chan int {
	ch := make(chan int)
	go func() {
		for {
			ch <- n
		}
	}()
	return ch
}
"""
FEED_CALLER = """package m

import v1 "example.com/m/v1"

// First reads one value from a new feed.
func First() int { return <-v1.NewFeed(1) }
"""


def test_exported_function_with_a_caller_in_another_package_is_not_fixed(go, tmp_path):
    root = _module(tmp_path, {"v1/feed.go": FEED_V1, "m.go": FEED_CALLER})
    proc = run(["--select", "LK201", "--fix", "--unsafe-fixes", "--verify", "."], root)
    assert "v1/feed.go:6:2: LK201" in proc.stdout
    assert "NewFeed is called from another package of the module (m.go:6)" in proc.stdout
    assert (root / "v1/feed.go").read_text() == FEED_V1 and (root / "m.go").read_text() == FEED_CALLER
    assert _build(root) == ""


def test_exported_function_without_module_callers_is_threaded_and_verified(go, tmp_path):
    root = _module(tmp_path, {"v1/feed.go": FEED_V1, "m.go": "package m\n"})
    proc = run(["--select", "LK201", "--fix", "--unsafe-fixes", "--verify", "."], root)
    assert "func NewFeed(ctx context.Context, n int) <-chan int" in (root / "v1/feed.go").read_text()
    assert "verify: 1 fix verified, 0 reverted, 0 unverified" in proc.stderr
    assert _build(root) == ""


ACCOUNTING = """package accounting

import "time"

var flushed int

// Start begins the periodic flush; called once per process.
func Start() {
	go func() {
		for {
			time.Sleep(time.Second)
			flushed++
		}
	}()
}
"""
MAIN_ONCE = """package main

import "example.com/m/internal/accounting"

func main() {
	accounting.Start()
	select {}
}
"""
MAIN_LOOP = """package main

import "example.com/m/internal/accounting"

func main() {
	for i := 0; i < 3; i++ {
		accounting.Start()
	}
	select {}
}
"""


def test_goroutine_started_once_per_process_through_another_package_is_not_reported(tmp_path):
    root = _module(tmp_path, {"internal/accounting/accounting.go": ACCOUNTING, "cmd/app/main.go": MAIN_ONCE})
    proc = run(["--select", "LK201", "."], root)
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout + proc.stderr


def test_started_in_a_loop_from_another_package_is_reported(tmp_path):
    root = _module(tmp_path, {"internal/accounting/accounting.go": ACCOUNTING, "cmd/app/main.go": MAIN_LOOP})
    proc = run(["--select", "LK201", "."], root)
    assert "internal/accounting/accounting.go:9:2: LK201" in proc.stdout


CLIENT_PKG = """package httpc

import (
	"net/http"
	"time"
)

// New returns the module's client.
func New() *http.Client { return &http.Client{Timeout: time.Minute} }
"""
CLIENT_USER = """package app

import (
	"net/http"

	"example.com/m/httpc"
)

func Status(url string) (int, error) {
	c := httpc.New()
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

var _ = http.MethodGet
"""


def test_client_from_a_constructor_of_another_package_is_a_client(go, tmp_path):
    root = _module(tmp_path, {"httpc/httpc.go": CLIENT_PKG, "app/app.go": CLIENT_USER})
    proc = run(["--select", "LK101", "--fix", "--verify", "."], root)
    assert "app/app.go:11:15: LK101" in proc.stdout
    assert "\tdefer resp.Body.Close()\n\treturn resp.StatusCode" in (root / "app/app.go").read_text()
    assert "verify: 1 fix verified" in proc.stderr


def test_a_new_run_in_the_same_process_sees_files_changed_on_disk(tmp_path):
    """The index caches what it read from disk per process; engine.run starts
    afresh (a helper in another package that starts closing the body)."""
    from gofixleaks import engine
    from gofixleaks.settings import Settings

    helper = 'package h\n\nimport "net/http"\n\nfunc Get(u string) (*http.Response, error) { return http.Get(u) }\n'
    user = (
        'package app\n\nimport (\n\t"net/http"\n\n\t"example.com/m/h"\n)\n\nfunc S(u string) bool {\n'
        "\tresp, err := h.Get(u)\n\tif err != nil {\n\t\treturn false\n\t}\n\treturn resp.StatusCode == http.StatusOK\n}\n"
    )
    root = _module(tmp_path, {"h/h.go": helper, "app/app.go": user})
    settings = Settings(select=("LK101",))
    first = engine.run([str(root / "app")], settings, jobs=1)
    assert [(f.code, f.line) for f in first.findings] == [("LK101", 10)]
    (root / "h/h.go").write_text(helper.replace("return http.Get(u) }", "r, err := http.Get(u)\n\tif err == nil {\n\t\tr.Body.Close()\n\t}\n\treturn r, err\n}"))
    second = engine.run([str(root / "app")], settings, jobs=1)
    assert second.findings == []
