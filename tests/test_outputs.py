"""--format sarif / github / json through the real command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from clihelp import FIXED, LEAKY, module, run
from gofixleaks.registry import RULES
from gofixleaks.report import _replacements, escape_data, escape_property

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())

# a second file: a finding whose line holds non-ASCII text before it
UNICODE = """package leaky

import "net/http"

func Héad(u string) (int, error) {
\t/* é */ resp, err := http.Get(u)
\tif err != nil {
\t\treturn 0, err
\t}
\treturn resp.StatusCode, nil
}
""".encode()


def sarif_of(root: Path, *args: str) -> dict:
    proc = run(["--format", "sarif", *args], root)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    log = json.loads(proc.stdout)
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)
    return log


def apply_replacements(data: bytes, reps: list[dict]) -> bytes:
    for r in sorted(reps, key=lambda r: r["deletedRegion"]["byteOffset"], reverse=True):
        off, n = r["deletedRegion"]["byteOffset"], r["deletedRegion"]["byteLength"]
        data = data[:off] + r["insertedContent"]["text"].encode() + data[off + n :]
    return data


def test_schema_is_the_sarif_2_1_0_schema():
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    # the validator does reject a broken log (the test is not vacuous)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate({"version": "2.1.0", "runs": [{"results": []}]})


def test_sarif_rules_results_and_fixes(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY, "u/u.go": UNICODE})
    log = sarif_of(root)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in RULES]
    for meta, rule in zip(rules, RULES):
        assert meta["name"] == rule.name
        assert meta["shortDescription"]["text"] == rule.summary
        assert meta["fullDescription"]["text"]
        assert "## Fix safety" in meta["help"]["markdown"]
    results = run_["results"]
    assert [r["ruleId"] for r in results] == ["LK101", "LK101"]
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        (fix,) = res["fixes"]
        (change,) = fix["artifactChanges"]
        assert change["artifactLocation"]["uri"] == uri
        original = (root / uri).read_bytes()
        fixed_by_sarif = apply_replacements(original, change["replacements"])
        # the same bytes --fix writes
        copy = tmp_path / "copy"
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(root, copy)
        assert run(["--fix", uri], copy).returncode == 0
        assert fixed_by_sarif == (copy / uri).read_bytes()
    a = next(r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.go")
    assert apply_replacements(LEAKY, a["fixes"][0]["artifactChanges"][0]["replacements"]) == FIXED
    u = next(r for r in results if r is not a)
    # columns in code points: "\t/* é */ resp" -> resp's call starts after 2 bytes of é
    region = u["locations"][0]["physicalLocation"]["region"]
    line = UNICODE.split(b"\n")[region["startLine"] - 1].decode()
    assert line[region["startColumn"] - 1 :].startswith("http.Get(u)")


def test_sarif_after_fix_has_no_fixes_and_notifications(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY, "bad.go": b"package leaky\n\nimport \"net/http\"\n\nfunc (\n"})
    log = sarif_of(root, "--fix")
    (res,) = log["runs"][0]["results"]
    assert res["properties"]["fixApplied"] is True and "fixes" not in res
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("syntax error" in n["message"]["text"] for n in notes)


def test_replacements_are_minimal_byte_hunks():
    old = b"package p\n\nimport \"a\"\n\nfunc f() {\n\tx()\n}\n"
    new = b"package p\n\nimport (\n\t\"a\"\n\t\"context\"\n)\n\nfunc f() {\n\tx()\n\ty()\n}\n"
    reps = _replacements(old, new)
    assert len(reps) == 2
    assert reps[0]["deletedRegion"] == {"byteOffset": 11, "byteLength": 11}
    assert reps[1]["deletedRegion"] == {"byteOffset": old.index(b"}"), "byteLength": 0}
    assert apply_replacements(old, reps) == new


def test_sarif_empty_run_is_valid(tmp_path):
    root = module(tmp_path, {"a.go": FIXED})
    log = sarif_of(root)
    assert log["runs"][0]["results"] == []


def test_github_annotations(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY, "dir,with:odd%name/b.go": LEAKY})
    proc = run(["--format", "github"], root)
    assert proc.returncode == 1
    lines = proc.stdout.decode().splitlines()
    assert lines == [
        "::warning file=a.go,line=9,col=15,endLine=9,endColumn=28,title=LK101::"
        "LK101 unclosed-response-body: the body of the response from http.Get is never closed; "
        "the connection and its goroutines leak [fix: Add defer resp.Body.Close()]",
        "::warning file=dir%2Cwith%3Aodd%25name/b.go,line=9,col=15,endLine=9,endColumn=28,title=LK101::"
        "LK101 unclosed-response-body: the body of the response from http.Get is never closed; "
        "the connection and its goroutines leak [fix: Add defer resp.Body.Close()]",
    ]


def test_github_fixed_is_a_notice_and_errors_are_errors(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    proc = run(["--format", "github", "--fix"], root)
    assert proc.returncode == 0
    assert proc.stdout.decode().startswith("::notice file=a.go,line=9,col=15,")
    assert proc.stdout.decode().rstrip().endswith("(fixed)")


def test_github_escaping():
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_json_unchanged(tmp_path):
    root = module(tmp_path, {"a.go": LEAKY})
    proc = run(["--format", "json"], root)
    assert json.loads(proc.stdout) == [
        {
            "code": "LK101",
            "name": "unclosed-response-body",
            "path": "a.go",
            "line": 9,
            "column": 15,
            "end_line": 9,
            "end_column": 28,
            "message": "the body of the response from http.Get is never closed; the connection and its goroutines leak",
            "fix": {"title": "Add defer resp.Body.Close()", "safety": "safe", "applied": False},
        }
    ]


def test_pre_commit_hooks_file():
    import yaml
    hooks = yaml.safe_load((Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text())
    by_id = {h["id"]: h for h in hooks}
    assert by_id["gofixleaks"]["entry"] == "gofixleaks --fix --force-exclude"
    assert by_id["gofixleaks-check"]["entry"] == "gofixleaks --force-exclude"
    for h in hooks:
        assert h["language"] == "python" and h["types"] == ["go"] and h["require_serial"] is True
        # the entry's flags are real flags of the command line
        from gofixleaks.cli import build_parser

        build_parser().parse_args(h["entry"].split()[1:] + ["x.go"])


def test_sarif_uris_are_encoded_and_outside_files_absolute(tmp_path):
    root = module(tmp_path, {"odd dir%/a.go": LEAKY})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.go").write_bytes(LEAKY)
    log = sarif_of(root, ".", str(outside / "o.go"))
    locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert {"uri": "odd%20dir%25/a.go", "uriBaseId": "%SRCROOT%"} in locs
    assert {"uri": (outside / "o.go").as_uri()} in locs
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root.as_uri() + "/"


def test_github_and_sarif_report_a_failing_file(tmp_path, monkeypatch, capsys):
    # a rule that crashes: the engine records an error for the file, the run goes on
    import types

    from gofixleaks import cli, engine
    from gofixleaks.registry import Rule

    def check(ctx):
        raise RuntimeError("boom, on purpose")

    mod = types.SimpleNamespace(CODE="LK997", NAME="test-crash", check=check)
    crash = Rule("LK997", "test-crash", "test rule", "", (b"package",), False, mod)
    real = engine.rules_for
    monkeypatch.setattr(engine, "rules_for", lambda s: real(s) + [crash])
    root = module(tmp_path, {"a.go": LEAKY})
    monkeypatch.chdir(root)
    assert cli.main(["--format", "github", "--no-progress", "-j1"]) == 2
    out = capsys.readouterr().out
    assert "::warning file=a.go,line=9," in out
    assert "::error file=a.go,title=gofixleaks::internal error in LK997: RuntimeError('boom, on purpose')" in out
    assert cli.main(["--format", "sarif", "--no-progress", "-j1"]) == 2
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][0]["level"] == "error"
