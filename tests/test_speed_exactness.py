"""The speed shortcuts lose nothing: each is checked against the slow way it
replaces, over every Go file of the golden cases (and small named shapes)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from gofixleaks import gosyntax as gs
from gofixleaks import parsing
from gofixleaks.context import _PACKAGE, FileContext
from gofixleaks.settings import Settings
from gofixleaks.transforms import lk107_defer_in_loop as lk107
from gofixleaks.transforms import lk302_method_value_retention as lk302

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
GO_FILES = sorted(p for p in GOLDEN.rglob("*.go"))


@pytest.fixture(scope="module")
def sources():
    return {p: p.read_bytes() for p in GO_FILES}


def test_there_are_golden_files(sources):
    assert len(sources) > 100


def test_package_name_from_bytes_equals_the_tree(sources):
    for path, src in sources.items():
        ctx = FileContext(str(path), src, Settings())
        names = parsing.captures(_PACKAGE, parsing.parse(src).root_node, "name")
        assert ctx.package_name == (names[0].text.decode() if names else None), path


@pytest.mark.parametrize(
    "src,name",
    [
        (b"// c\n/* x */ package  p\n", "p"),
        (b"\xef\xbb\xbfpackage p_1 // c\n", "p_1"),
        (b"package\np\n", "p"),
        (b"package /* odd */ q\n", "q"),  # not the byte shape: read from the tree
        (b"package \xc3\xa9t\xc3\xa9\n", "\u00e9t\u00e9"),
    ],
    ids=["comments", "bom", "newline", "comment-inside", "unicode"],
)
def test_package_name_shapes(src, name):
    assert FileContext("x.go", src, Settings()).package_name == name


def test_top_level_queries_start_at_depth_zero_and_find_the_same(sources):
    top = [q for q in parsing._ALL if q.max_start_depth == 0]
    assert top, "no query was recognised as top-level"
    for path, src in sources.items():
        root = parsing.parse(src).root_node
        for q in top:
            import tree_sitter

            full = [{k: [n.id for n in v] for k, v in caps.items()} for _, caps in tree_sitter.QueryCursor(q.compiled).matches(root)]
            fast = [{k: [n.id for n in v] for k, v in caps.items()} for caps in parsing.matches(q, root)]
            assert fast == full, (path, q.text)


def test_top_level_detection():
    assert parsing._top_level_only("(source_file (a) @x)\n(source_file (b))")
    assert not parsing._top_level_only("(source_file (a))\n(b)")
    assert not parsing._top_level_only('(call_expression function: (identifier) @f (#eq? @f "(source_file"))')


def test_identifiers_by_bytes_equal_the_query(sources):
    idents = parsing.query("(identifier) @id")
    for path, src in sources.items():
        root = parsing.parse(src).root_node
        if root.has_error:
            continue
        names = {n.text.decode() for n in parsing.captures(idents, root, "id")}
        for name in sorted(names)[:40]:
            want = sorted((n.start_byte, n.end_byte) for n in parsing.captures(idents, root, "id") if n.text == name.encode())
            got = [(n.start_byte, n.end_byte) for n in gs.identifiers(root, name)]
            assert got == want, (path, name)


def test_lk107_prefilter_passes_every_file_with_a_defer_in_a_loop(sources):
    passed = 0
    for path, src in sources.items():
        root = parsing.parse(src).root_node
        in_loop = any(gs.loop_between(d, None) is not None for d in parsing.captures(lk107._DEFERS, root, "defer"))
        if in_loop:
            assert lk107.prefilter(src), path
            passed += 1
    assert passed > 10


@pytest.mark.parametrize(
    "src,want",
    [
        (b"func f() {\n\tfor {\n\t\tdefer x()\n\t}\n}\n", True),
        (b"func f() {\n\tfor x {\n\t\tif y {\n\t\t\tdefer z()\n\t\t}\n\t}\n}\n", True),
        (b"func f() {\n\tfor {\n\t}\n\tdefer x()\n}\n", False),
        (b"func f() {\n\tfor {\n\t}\n}\n\nfunc g() {\n\tif y {\n\t\tdefer x()\n\t}\n}\n", False),
        (b'func f() {\n\ts := "{"\n\tfor {\n\t}\n\tdefer x()\n}\n', False),
        (b"func f() {\n\t// for {\n\tdefer x()\n}\n", False),
        (b"func f() {\n\tfor _, v := range []int{1} {\n\t\tdefer g(v)\n\t}\n}\n", True),
    ],
    ids=["in-loop", "nested-if", "after-loop", "other-function", "brace-in-string", "for-in-comment", "literal-in-header"],
)
def test_lk107_prefilter_shapes(src, want):
    assert lk107.prefilter(b"package p\n\n" + src) is want


def test_lk302_narrow_keeps_files_assigning_a_declared_method():
    a = b"package p\n\nvar hook func()\n\nfunc (s *S) Start() {\n\thook = s.loop\n}\n"
    b_with = b"package p\n\nfunc (s *S) loop() {}\n"
    b_without = b"package p\n\nfunc (s *S) other() {}\n"
    assert lk302.prefilter(a)
    assert lk302.narrow({"a.go": a, "b.go": b_with}, ["a.go"]) == ["a.go"]
    assert lk302.narrow({"a.go": a, "b.go": b_without}, ["a.go"]) == []


def test_lk302_narrow_never_drops_a_golden_finding():
    # every golden LK302 file with a `// want LK302` stays after narrowing by its directory
    for d in sorted({p.parent for p in GOLDEN.joinpath("LK302").rglob("*.go")}):
        srcs = {str(p): p.read_bytes() for p in d.glob("*.go")}
        wanted = [p for p, s in srcs.items() if re.search(rb"// want.*LK302", s)]
        kept = lk302.narrow(srcs, [p for p in wanted if lk302.prefilter(srcs[p])])
        assert sorted(kept) == sorted(wanted), d


def test_no_golden_file_is_a_directory_or_missing():
    assert all(os.path.isfile(p) for p in GO_FILES)


# ---- line-anchored prefilters, shared pair calls (speed2) -------------------

from gofixleaks.linesearch import search_lines  # noqa: E402
from gofixleaks.transforms import lk201_goroutine_without_exit as lk201  # noqa: E402
from gofixleaks.transforms import lk301_unbounded_map_cache as lk301  # noqa: E402

_LINE_SHAPES = [
    b"package p\n\nvar m = map[string]int{}\n",
    b"package p\n\nvar cache map[string]int = make(map[string]int)\n",
    b"package p\n\nvar m sync.Map\n",
    b"package p\n\nfunc f() {\n\tm = map[int]int{}\n}\n",
    b"package p\n\nfunc f() {\n\t\tm = map[int]int{}\n}\n",  # two tabs: no match
    b"package p\n\n// var m = map[string]int{}\n",
    b"var m = map[string]int{}",  # no final newline, first line
    b"package p\nfunc f() {\n\tgo func() {}()\n}\n",
    b"package p\nfunc f() {\n go\tg.h(x)\n}",
    b"package p\n// let's go (later)\nfunc f() { x := 1; go f() }\n",
    b"package p\nfunc f() {\n\tgo \n\tf()\n}\n",  # go then newline: no match
    b"go f()\n",
    b"package p\n\tgo map[\n",
]


def test_line_search_equals_the_regex_search(sources):
    cases = [(lk301._PREFILTER, (b"map[", b"sync.Map"), lk301.prefilter), (lk201._GO_RE, (b"go ", b"go\t"), lk201.prefilter)]
    texts = list(sources.values()) + _LINE_SHAPES
    for pattern, literals, prefilter in cases:
        hits = 0
        for src in texts:
            want = pattern.search(src) is not None
            assert search_lines(pattern, src, literals) is want, (pattern.pattern, src[:80])
            assert prefilter(src) is want
            hits += want
        assert 0 < hits < len(texts)


def test_pair_calls_shared_equal_a_fresh_query(sources):
    n = 0
    for path, src in sources.items():
        root = parsing.parse(src).root_node
        fresh = [tuple(x.id if hasattr(x, "id") else x for x in p) for p in gs._pair_calls(root)]
        first = gs.pair_calls(root)
        again = gs.pair_calls(parsing.parse(src).root_node)  # an equal root: the kept answer
        assert again is first
        assert [tuple(x.id if hasattr(x, "id") else x for x in p) for p in first] == fresh, path
        n += len(fresh)
    other = parsing.parse(b"package p\n\nfunc f() {\n\ta, b := x.Y()\n}\n").root_node
    assert [p.method for p in gs.pair_calls(other)] == ["Y"]
    assert n > 50


_BROKEN = [
    b"package p\n\nfunc f() {\n\tx := \n}\n\nfunc g() (r int) { return }\n",
    b"package p\n\nvar x = struct{\nfunc (s *S) m() *sql.Rows { return nil }\n",
    b"package p\n\nfunc f() {\n\tif {\n\tfunc g() int { return 1 }\n}\n",
]


def test_declaration_queries_start_at_depth_one_and_find_the_same(sources):
    import tree_sitter

    from gofixleaks import registry  # noqa: F401  (every rule's queries made)

    decl = [q for q in parsing._ALL if q.top_declarations]
    assert decl, "no query was recognised as rooted at a declaration"
    assert parsing._top_level_only("(function_declaration) @f\n(method_declaration) @m", parsing._TOP_DECLARATIONS)
    assert not parsing._top_level_only("(function_declaration) @f\n(func_literal) @l", parsing._TOP_DECLARATIONS)
    assert not parsing._top_level_only("[(function_declaration) (method_declaration)] @f", parsing._TOP_DECLARATIONS)
    texts = list(sources.values()) + _BROKEN
    found = 0
    for src in texts:
        root = parsing.parse(src).root_node
        for q in decl:
            full = [{k: [n.id for n in v] for k, v in caps.items()} for _, caps in tree_sitter.QueryCursor(q.compiled).matches(root)]
            fast = [{k: [n.id for n in v] for k, v in caps.items()} for caps in parsing.matches(q, root)]
            assert fast == full, (src[:60], q.text)
            found += len(full)
    assert found > 100


def test_selector_calls_by_bytes_equal_the_query(sources):
    shapes = [
        b"package p\n\nfunc f() {\n\tt := time.NewTicker(time.After(d))\n\ttime.AfterFunc(d, f)\n\tx.y.After(1)\n\tnt.NewTicker.After(2)\n}\n",
        b"package p\n\nfunc f() {\n\tfor range time.Tick(d) {\n\t\t<-time . After ( time.Tick(d) )\n\t}\n}\n",
        b"package p\n\nfunc f() {\n\tt := time.NewTicker(\n}\n",  # an error: the query itself
    ]
    sets = [("NewTicker", "NewTimer", "Tick", "After"), ("Close", "Open", "Get")]
    n = 0
    for src in list(sources.values()) + shapes:
        root = parsing.parse(src).root_node
        for names in sets:
            want = [
                {k: [x.id for x in v] for k, v in caps.items()}
                for caps in parsing.matches(gs._SELECTOR_CALLS, root)
                if gs.text(caps["fn"][0]) in names
            ]
            got = [{k: [x.id for x in v] for k, v in caps.items()} for caps in gs.selector_calls(root, names)]
            assert got == want, (src[:80], names)
            n += len(want)
    assert n > 100
