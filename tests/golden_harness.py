"""The golden harness, shared by every rule.

Layout::

    golden/<RULE>/go.mod              a "case root" (any dir with a go.mod)
    golden/<RULE>/<case>.go           a one-file case (its own package)
    golden/<RULE>/<case>.go.golden    the file after --fix (absent: unchanged)
    golden/<RULE>/<case>/*.go         a multi-file case (one package)
    golden/<RULE>/<case>/x.go.golden

``// want LK101`` (several codes allowed) marks each line that must get a
finding.  ``// golden-args: --unsafe-fixes`` in a case file passes flags;
``// golden-args: --preview`` runs the case with the preview shapes on (a
case without it checks the default: a preview shape must stay quiet there).
``// golden-input-fails-vet`` marks a case whose input ``go vet`` rejects on
purpose (what the rule finds is what vet finds, e.g. lostcancel): its input is
left out of the build-and-vet check, and so is its output when it has no
``.golden`` (the output is then the input); a rule's own test vets them.
Each case is copied into a temporary module (with the case root's go.mod and
go.sum) and run through the real engine (``process_package``).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from proofs import go_env

from gofixleaks import parsing
from gofixleaks.cli import build_parser, settings_from_args
from gofixleaks.engine import process_package

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden"
_WANT = re.compile(rb"//\s*want\s+((?:LK\d+[ \t]*)+)")
_ARGS = re.compile(rb"//\s*golden-args:(.*)")
_INPUT_FAILS_VET = re.compile(rb"^//\s*golden-input-fails-vet\s*$", re.M)


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    root: Path  # the case root (has go.mod)
    files: tuple[Path, ...]  # the .go inputs

    @property
    def id(self) -> str:
        rel = self.root.relative_to(GOLDEN / self.rule)
        return f"{self.rule}/{'' if str(rel) == '.' else str(rel) + '/'}{self.name}"

    def golden(self, f: Path) -> Path:
        return f.with_name(f.name + ".golden")

    @property
    def input_fails_vet(self) -> bool:
        return any(_INPUT_FAILS_VET.search(f.read_bytes()) for f in self.files)

    def has_golden(self) -> bool:
        return any(self.golden(f).exists() for f in self.files)

    def args(self) -> list[str]:
        """CLI flags for this case: ``// golden-args:`` lines; by default only
        the case's own rule runs (``--select <RULE>``), so that each rule's
        cases test that rule."""
        out: list[str] = []
        for f in self.files:
            for m in _ARGS.finditer(f.read_bytes()):
                out += shlex.split(m.group(1).decode())
        if "--select" not in out:
            out += ["--select", self.rule]
        return out


def case_roots(rule_dir: Path) -> list[Path]:
    return sorted(p.parent for p in rule_dir.rglob("go.mod"))


def discover_cases() -> list[Case]:
    cases: list[Case] = []
    for rule_dir in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
        for root in case_roots(rule_dir):
            for entry in sorted(root.iterdir()):
                if entry.is_file() and entry.suffix == ".go":
                    cases.append(Case(rule_dir.name, entry.stem, root, (entry,)))
                elif entry.is_dir() and not (entry / "go.mod").exists():
                    files = tuple(sorted(entry.glob("*.go")))
                    if files:
                        cases.append(Case(rule_dir.name, entry.name, root, files))
    return cases


def wants(case: Case, files: dict[str, bytes] | None = None) -> set[tuple[str, int, str]]:
    out = set()
    for f in case.files:
        data = files[f.name] if files else f.read_bytes()
        for i, line in enumerate(data.split(b"\n"), 1):
            m = _WANT.search(line)
            if m:
                for code in m.group(1).split():
                    out.add((f.name, i, code.decode()))
    return out


def settings_for(case: Case):
    args = build_parser().parse_args(["--fix", *case.args()])
    return settings_from_args(args)


def make_module(case: Case, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("go.mod", "go.sum"):
        if (case.root / name).exists():
            shutil.copyfile(case.root / name, dest / name)
    return dest


def run_engine(case: Case, dest_pkg: Path, sources: dict[str, bytes]):
    """Write ``sources`` into ``dest_pkg``, run the engine with --fix (in memory).

    Returns (findings as (file, line, code), {file: fixed bytes} for changed files).
    """
    dest_pkg.mkdir(parents=True, exist_ok=True)
    for name, data in sources.items():
        (dest_pkg / name).write_bytes(data)
    paths = [str(dest_pkg / n) for n in sorted(sources)]
    result = process_package(str(dest_pkg), paths, settings_for(case))
    assert not result.errors, "engine errors:\n" + "\n".join(f"{e.path}: {e.reason}" for e in result.errors)
    assert not result.skipped, f"files skipped: {result.skipped}"
    findings = {(Path(f.path).name, f.line, f.code) for fr in result.files for f in fr.findings}
    fixed = {Path(fr.path).name: fr.fixed for fr in result.files if fr.fixed is not None}
    return findings, fixed


def reported_on_input(case: Case, dest_pkg: Path) -> set[tuple[str, int, str]]:
    """Findings on the unmodified input (check mode), to compare with the wants."""
    dest_pkg.mkdir(parents=True, exist_ok=True)
    for f in case.files:
        shutil.copyfile(f, dest_pkg / f.name)
    args = build_parser().parse_args(case.args())
    result = process_package(str(dest_pkg), [str(dest_pkg / f.name) for f in case.files], settings_from_args(args))
    assert not result.errors, "engine errors:\n" + "\n".join(f"{e.path}: {e.reason}" for e in result.errors)
    return {(Path(f.path).name, f.line, f.code) for fr in result.files for f in fr.findings}


def parses_cleanly(data: bytes) -> bool:
    return not parsing.parse(data).root_node.has_error


def same_broken_functions(before: bytes, after: bytes) -> bool:
    """Do both texts hold exactly the same functions with syntax errors (and no
    other error)?  Grammar-lag cases (Go syntax newer than tree-sitter-go)."""
    old = parsing.broken_functions(parsing.parse(before))
    new = parsing.broken_functions(parsing.parse(after))
    return old is not None and new is not None and sorted(d.text for d in old) == sorted(d.text for d in new)


def gofmt_unclean(data: bytes) -> str | None:
    proc = subprocess.run(["gofmt", "-l"], input=data.replace(b"\r\n", b"\n"), capture_output=True)
    if proc.returncode != 0:
        return proc.stderr.decode()
    return proc.stdout.decode() or None


def build_and_vet(module: Path) -> str:
    """``go build ./... && go vet ./...`` in ``module``; returns the combined failure output ('' if fine)."""
    out = []
    for cmd in (["go", "build", "./..."], ["go", "vet", "./..."]):
        proc = subprocess.run(cmd, cwd=module, capture_output=True, text=True, env=go_env(), timeout=900)
        if proc.returncode != 0:
            out.append(f"$ {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")
    return "\n".join(out)
