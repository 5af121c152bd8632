"""The golden harness for the Python rules (PY...).

Layout::

    golden/<RULE>/<case>.py          the input
    golden/<RULE>/<case>.py.golden   the file after --fix (absent: unchanged)

``# want: PY101`` (several codes allowed) marks each line that must get a
finding.  ``# golden-args: --unsafe-fixes`` passes flags (by default only the
case's own rule runs).  ``# golden-requires-python: >=3.11`` puts a
pyproject.toml with that ``requires-python`` beside the copy (the version
gate).  Each case is copied into a temporary directory and run through the
real engine (``process_package``).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from gofixleaks.cli import build_parser, settings_from_args
from gofixleaks.engine import process_package

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden"
_WANT = re.compile(rb"#\s*want:\s*((?:PY\d+[ \t,]*)+)")
_ARGS = re.compile(rb"#\s*golden-args:(.*)")
_REQUIRES = re.compile(rb"#\s*golden-requires-python:\s*(\S+)")


@dataclass(frozen=True)
class PyCase:
    rule: str
    path: Path

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.path.stem}"

    @property
    def golden(self) -> Path:
        return self.path.with_name(self.path.name + ".golden")

    def args(self) -> list[str]:
        out: list[str] = []
        for m in _ARGS.finditer(self.path.read_bytes()):
            out += shlex.split(m.group(1).decode())
        if "--select" not in out:
            out += ["--select", self.rule]
        return out

    def requires_python(self) -> str | None:
        m = _REQUIRES.search(self.path.read_bytes())
        return m.group(1).decode() if m else None


def discover_py_cases() -> list[PyCase]:
    return [
        PyCase(rule_dir.name, f)
        for rule_dir in sorted(p for p in GOLDEN.iterdir() if p.is_dir() and p.name.startswith("PY"))
        for f in sorted(rule_dir.glob("*.py"))
    ]


def wants(data: bytes) -> set[tuple[int, str]]:
    out = set()
    for i, line in enumerate(data.split(b"\n"), 1):
        m = _WANT.search(line)
        if m:
            for code in re.split(rb"[\s,]+", m.group(1).strip()):
                out.add((i, code.decode()))
    return out


def run_case(case: PyCase, dest: Path, data: bytes, fix: bool = True):
    """Write ``data`` as the case's file in ``dest``, run the engine.

    Returns (findings as (line, code), fixed bytes or None, the result).
    """
    dest.mkdir(parents=True, exist_ok=True)
    req = case.requires_python()
    if req:
        (dest / "pyproject.toml").write_text(f'[project]\nname = "case"\nrequires-python = "{req}"\n')
    target = dest / case.path.name
    target.write_bytes(data)
    argv = (["--fix"] if fix else []) + case.args()
    result = process_package(str(dest), [str(target)], settings_from_args(build_parser().parse_args(argv)))
    assert not result.errors, "engine errors:\n" + "\n".join(f"{e.path}: {e.reason}" for e in result.errors)
    assert not result.skipped, f"files skipped: {result.skipped}"
    findings = {(f.line, f.code) for fr in result.files for f in fr.findings}
    fixed = next((fr.fixed for fr in result.files if fr.fixed is not None), None)
    return findings, fixed, result
