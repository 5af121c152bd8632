"""Documentation and packaging: the generated rule docs are current, the
GitHub Actions workflow uses options that exist, the license is stated once."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib

import yaml

from clihelp import ROOT
from gofixleaks import docs
from gofixleaks.cli import build_parser, split_command
from gofixleaks.registry import RULES


def test_rule_docs_are_current():
    stale = docs.stale(str(ROOT))
    assert stale == [], "stale generated documentation: run `python -m gofixleaks.docs` (" + ", ".join(stale) + ")"
    proc = subprocess.run([sys.executable, "-m", "gofixleaks.docs", "--check", "--root", str(ROOT)], capture_output=True)
    assert proc.returncode == 0, proc.stderr


def test_docs_check_names_a_stale_page(tmp_path):
    (tmp_path / "README.md").write_text(f"# x\n\n{docs.BEGIN}\n{docs.END}\n")
    assert subprocess.run([sys.executable, "-m", "gofixleaks.docs", "--root", str(tmp_path)], cwd=ROOT).returncode == 0
    assert docs.stale(str(tmp_path)) == []
    page = tmp_path / "docs" / "rules" / "LK101.md"
    page.write_text(page.read_text() + "edited by hand\n")
    (tmp_path / "docs" / "rules" / "LK999.md").write_text("a rule that no longer exists\n")
    proc = subprocess.run([sys.executable, "-m", "gofixleaks.docs", "--check", "--root", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "LK101.md" in proc.stderr and "LK999.md" in proc.stderr


def test_readme_rule_table_links_every_rule_page():
    readme = (ROOT / "README.md").read_text()
    for r in RULES:
        assert f"| [{r.code}](docs/rules/{r.code}.md) | {r.name} |" in readme
        assert (ROOT / "docs" / "rules" / f"{r.code}.md").read_text().count(f"# {r.code} {r.name}") == 1
    assert "### LK101 unclosed-response-body" not in readme  # the per-rule text lives in docs/rules/


def test_github_actions_workflow():
    wf = yaml.safe_load((ROOT / "docs" / "github-actions.yml").read_text())
    assert wf["permissions"]["security-events"] == "write"
    steps = wf["jobs"]["gofixleaks"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert uses[0].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    runs = [s["run"] for s in steps if "run" in s and s["run"].startswith("gofixleaks")]
    assert len(runs) == 2
    for run in runs:
        argv = shlex.split(re.sub(r"\$\{\{[^}]*\}\}", "abc123", run))[1:]
        name, rest, _note = split_command(argv)
        assert name == "check"
        args = build_parser().parse_args(rest)  # every option exists
        assert args.exit_zero
    sarif = build_parser().parse_args(shlex.split(runs[1])[1:])
    assert sarif.format == "sarif" and sarif.output_file == upload["with"]["sarif_file"]
    assert build_parser().parse_args(shlex.split(re.sub(r"\$\{\{[^}]*\}\}", "x", runs[0]))[1:]).new_from_rev == "x"


def test_license_and_metadata():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert meta["project"]["license"] == "MIT"
    assert meta["project"]["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")


def test_readme_quick_start_uses_a_virtual_environment():
    readme = (ROOT / "README.md").read_text()
    quick = readme[readme.index("## Quick start") : readme.index("## Rules")]
    assert "python3 -m venv .venv && . .venv/bin/activate && pip install -q -e ." in quick
    assert "gofixleaks examples/leaky; gofixleaks --diff examples/leaky" in quick
    assert "pip install -q -e '.[test]' && python -m pytest -q" in quick
    assert "module\nproxy" in quick or "module proxy" in quick.replace("\n", " ")
