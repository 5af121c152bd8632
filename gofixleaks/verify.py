"""``--fix --verify``: prove with the Go toolchain that the fixes left every
touched package building and vetting, and take back the fixes that did not.

1. Baseline: before anything is written, ``go build`` and ``go vet`` each
   touched package from its module root, so that failures already there are
   told apart (such a package is written, its fixes counted *unverified*).
2. Write the fixes (each package all or none).
3. Check each touched package again: gofmt (files that were gofmt-clean stay
   so), ``go build``, ``go vet``.
4. A package that fails now where it passed: when it has a few fixes that can
   be replayed one by one (at most ``MAX_BISECT``), keep each fix that leaves
   the package passing and revert the others; otherwise revert the package's
   fixes.  Each reverted fix is reported with the compiler or vet message.

Every package of the module (and of the ``go.work`` workspace) that imports
a touched package whose exported declarations the fixes change (a function
header, a type, a variable of a non-test file), directly or not, in its code
or its tests, is built and vetted too (``go list -deps`` read backwards): a
fix that breaks an importer is reverted with the importer's message.  Fixes
that change only bodies, unexported names or test files cannot break an
importer; their importers are not rebuilt.

A fix is *unverified*, with the reason printed per package, when the go
command cannot check it: no toolchain, no ``go.mod``, a package that failed
before the fix, a file excluded by build constraints for this GOOS/GOARCH (or
tags), a ``go.work`` workspace with ``-mod=mod`` in GOFLAGS (the go command
refuses to build then).
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Callable

from . import parsing
from .engine import apply_fixes, gofmt_clean
from .gomod import find_gomod
from .model import Finding, PackageResult
from .settings import Settings
from .writer import WriteError, write_atomic, write_package

_NO_GO = "no Go toolchain"
MAX_BISECT = 8  # fixes in one failing package that are tried one by one
_MAX_MESSAGE_LINES = 12


@dataclass
class VerifyReport:
    verified: list[Finding] = field(default_factory=list)
    reverted: list[tuple[Finding, str]] = field(default_factory=list)
    unverified: list[tuple[Finding, str]] = field(default_factory=list)
    written: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        n = len(self.verified)
        text = f"verify: {n} fix{'es' if n != 1 else ''} verified, {len(self.reverted)} reverted, {len(self.unverified)} unverified"
        by_rule: dict[str, list[int]] = {}
        for i, group in enumerate((self.verified, [f for f, _ in self.reverted], [f for f, _ in self.unverified])):
            for f in group:
                by_rule.setdefault(f.code, [0, 0, 0])[i] += 1
        if by_rule:
            text += " (verified/reverted/unverified: " + ", ".join(
                f"{code} {v}/{r}/{u}" for code, (v, r, u) in sorted(by_rule.items())
            ) + ")"
        return text


@dataclass
class _Package:
    directory: str
    result: PackageResult
    module_root: str | None = None
    rel: str = "."
    env: dict | None = None
    import_path: str | None = None
    imports: set = field(default_factory=set)  # for a dependent: the touched packages it imports

    @property
    def applied(self) -> list[Finding]:
        return [f for fr in self.result.files for f in fr.findings if f.applied]

    @property
    def changed(self):
        return [fr for fr in self.result.files if fr.fixed is not None]


def _go_env(root: str, module: str | None) -> dict:
    env = dict(os.environ)
    # the standard library's own modules build against the GOROOT they sit in
    if module == "std":
        env["GOROOT"] = os.path.dirname(root)
    elif module == "cmd":
        env["GOROOT"] = os.path.dirname(os.path.dirname(root))
    return env


def _trim(output: str) -> str:
    lines = [ln for ln in output.strip().splitlines() if ln.strip() and not ln.startswith("# ")]
    if len(lines) > _MAX_MESSAGE_LINES:
        lines = lines[:_MAX_MESSAGE_LINES] + [f"... ({len(lines) - _MAX_MESSAGE_LINES} more lines)"]
    return "\n".join(lines)


def _only_tests(output: str) -> bool:
    lines = [ln for ln in output.strip().splitlines() if ln.strip()]
    return bool(lines) and all("no non-test Go files" in ln for ln in lines)


class _Go:
    def __init__(self, exe: str, tags: str | None = None):
        self.exe = exe
        self.tags = ["-tags", tags] if tags else []  # --build-tags

    def run(self, args: list[str], root: str, env: dict) -> str | None:
        """None on success, else the trimmed output."""
        try:
            # -o /dev/null: `go build` of one main package would write its
            # executable into the user's tree
            cmd = [self.exe, "build", "-o", os.devnull, *self.tags, *args[1:]] if args[0] == "build" else [self.exe, args[0], *self.tags, *args[1:]]
            proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=1800)
        except (OSError, subprocess.SubprocessError) as e:
            return f"go {' '.join(args)}: {e}"
        if proc.returncode == 0:
            return None
        if args[0] == "build" and _only_tests(proc.stdout + proc.stderr):
            return None  # a directory of _test.go files only: go vet compiles them
        return _trim(proc.stdout + proc.stderr) or f"go {' '.join(args)} exited {proc.returncode}"

    def list_packages(self, root: str, env: dict) -> list[dict]:
        """``go list -e -json ./...`` in ``root``: Dir, ImportPath, Deps,
        test imports and the files build constraints leave out."""
        fields = "Dir,ImportPath,Deps,TestImports,XTestImports,IgnoredGoFiles,GoFiles,TestGoFiles,XTestGoFiles,CgoFiles"
        try:
            proc = subprocess.run(
                [self.exe, "list", "-e", f"-json={fields}", "./..."], cwd=root, env=env, capture_output=True, text=True, timeout=600
            )
        except (OSError, subprocess.SubprocessError):
            return []
        out = []
        dec = json.JSONDecoder()
        text, pos = proc.stdout, 0
        while True:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos >= len(text):
                break
            try:
                obj, pos = dec.raw_decode(text, pos)
            except ValueError:
                break
            out.append(obj)
        return out

    def check(self, pkgs: list[_Package]) -> dict[str, str]:
        """directory -> failure message, for the packages that fail build or vet.

        Batched per module (one ``go build`` and one ``go vet`` for all its
        touched packages); package by package only when the batch fails.
        """
        bad: dict[str, str] = {}
        by_module: dict[str, list[_Package]] = {}
        for p in pkgs:
            by_module.setdefault(p.module_root, []).append(p)
        for root, group in by_module.items():
            rels = [p.rel for p in group]
            env = group[0].env
            if self.run(["build", *rels], root, env) is None and self.run(["vet", *rels], root, env) is None:
                continue
            for p in group:
                for cmd in ("build", "vet"):
                    err = self.run([cmd, p.rel], root, env)
                    if err is not None:
                        bad[p.directory] = f"go {cmd}: {err}"
                        break
        return bad


def _gofmt_problem(pkg: _Package, contents: dict[str, bytes]) -> str | None:
    for fr in pkg.result.files:
        new = contents.get(fr.path, fr.original)
        if new != fr.original and gofmt_clean(fr.original) and gofmt_clean(new) is False:
            return f"gofmt: {fr.path} is no longer gofmt-clean"
    return None


def _problem(go: _Go, pkg: _Package, contents: dict[str, bytes]) -> str | None:
    return _gofmt_problem(pkg, contents) or go.check([pkg]).get(pkg.directory)


def _current(pkg: _Package) -> dict[str, bytes]:
    return {fr.path: fr.fixed if fr.fixed is not None else fr.original for fr in pkg.result.files}


def _write_contents(pkg: _Package, old: dict[str, bytes], new: dict[str, bytes]) -> None:
    for fr in pkg.result.files:
        if old.get(fr.path) != new.get(fr.path):
            write_atomic(fr.path, new[fr.path], expected_old=old[fr.path])


def _replayable(pkg: _Package, settings: Settings) -> bool:
    """Do the applied fixes, replayed on the originals, give the written bytes?
    (Not when a fix was found on the output of another, in a later round.)"""
    applied = pkg.applied
    if not 1 < len(applied) <= MAX_BISECT:
        return False
    originals = {fr.path: fr.original for fr in pkg.result.files}
    try:
        new, done, refused = apply_fixes(originals, list(applied), settings)
    except Exception:
        return False
    if refused or len(done) != len(applied):
        return False
    return all(new.get(fr.path, fr.original) == (fr.fixed if fr.fixed is not None else fr.original) for fr in pkg.result.files)


def _subset_contents(pkg: _Package, fixes: list[Finding], settings: Settings) -> dict[str, bytes] | None:
    originals = {fr.path: fr.original for fr in pkg.result.files}
    if not fixes:
        return originals
    new, done, refused = apply_fixes(originals, list(fixes), settings)
    if refused:
        return None
    out = dict(originals)
    out.update(new)
    return out


def _remap_lines(f: Finding, old: bytes | None, new: bytes | None) -> None:
    """Move a reverted finding to its lines in the file as it ends (the fixes
    kept around it may have added lines above it)."""
    if old is None or new is None or old == new:
        return
    a, b = old.split(b"\n"), new.split(b"\n")
    mapping: dict[int, int] = {}
    for i, j, n in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(n):
            mapping[i + k + 1] = j + k + 1
    if f.line in mapping and f.end_line in mapping:
        f.line, f.end_line = mapping[f.line], mapping[f.end_line]


def _revert(f: Finding, why: str, report: VerifyReport) -> None:
    f.applied = False
    f.fix_note = f"reverted by --verify: {why.splitlines()[0] if why else ''}"
    report.reverted.append((f, why))


def _repair(go: _Go, pkg: _Package, why: str, settings: Settings, report: VerifyReport) -> None:
    """The package fails after its fixes: keep what passes, revert the rest."""
    on_disk = _current(pkg)
    originals = {fr.path: fr.original for fr in pkg.result.files}
    applied = pkg.applied
    if _replayable(pkg, settings):
        kept: list[Finding] = []
        bad: list[tuple[Finding, str]] = []
        try:
            for f in applied:
                trial = _subset_contents(pkg, kept + [f], settings)
                if trial is None:
                    bad.append((f, "cannot be replayed without the reverted fixes"))
                    continue
                _write_contents(pkg, on_disk, trial)
                on_disk = trial
                err = _problem(go, pkg, trial)
                if err is None:
                    kept.append(f)
                else:
                    bad.append((f, err))
        except BaseException:
            # interrupted while trying fixes one by one: leave the originals
            _write_contents(pkg, on_disk, originals)
            for fr in pkg.result.files:
                fr.fixed = None
            for f in applied:
                f.applied = False
            raise
        final = _subset_contents(pkg, kept, settings) or originals
        _write_contents(pkg, on_disk, final)
        for f, err in bad:
            _revert(f, err, report)
            _remap_lines(f, originals.get(f.path), final.get(f.path))
        for fr in pkg.result.files:
            fr.fixed = final[fr.path] if final[fr.path] != fr.original else None
        report.verified += kept
        return
    _write_contents(pkg, on_disk, originals)
    for fr in pkg.result.files:
        fr.fixed = None
    for f in applied:
        _revert(f, why, report)


def verify_and_write(
    results: list[PackageResult],
    settings: Settings,
    after_write: Callable[[list[Finding]], tuple[list[str], list[str]]] | None = None,
) -> VerifyReport:
    """Write the fixes of ``results`` under the protocol above.

    ``after_write(applied findings) -> (notes, errors)`` runs once the fixes are
    written and before they are checked: the place to add the module
    requirements fixes need (``Fix.requires``, ``go get``), so that the check
    builds what the user will build.
    """
    report = VerifyReport()
    exe = shutil.which("go")
    pkgs: list[_Package] = []
    for res in results:
        changed = [fr for fr in res.files if fr.fixed is not None]
        if changed:
            pkgs.append(_Package(os.path.dirname(os.path.abspath(changed[0].path)), res))

    if exe is None:
        report.notes.append("--verify: no Go toolchain ('go' is not on PATH): fixes written unverified")
        for p in pkgs:
            _write(p, report)
            report.unverified += [(f, _NO_GO) for f in p.applied]
        if after_write is not None:
            notes, errors = after_write([f for p in pkgs for f in p.applied])
            report.notes.extend(notes)
            report.errors.extend(errors)
        return report
    go = _Go(exe, settings.option("build_tags"))

    # 1. baseline, on the files as they are on disk
    checkable: list[_Package] = []
    for p in pkgs:
        mod = find_gomod(p.directory)
        if mod is None:
            report.unverified += [(f, "not in a Go module (no go.mod)") for f in p.applied]
            continue
        p.module_root = mod.root
        p.rel = _rel(p.directory, mod.root)
        p.env = _go_env(mod.root, mod.module)
        why = _workspace_mod_mod(p.env, mod.root)
        if why:
            report.unverified += [(f, why) for f in p.applied]
            continue
        checkable.append(p)
    listing = _listings(go, checkable)
    unchecked: set[int] = set()  # fixes in files the go command does not compile
    for p in list(checkable):
        excluded = _excluded_files(p, listing)
        if excluded:
            names = ", ".join(sorted(os.path.basename(x) for x in excluded))
            why = f"{names} excluded by build constraints here (GOOS/GOARCH or tags): go build and go vet do not compile it"
            mine = [f for f in p.applied if os.path.abspath(f.path) in excluded]
            report.unverified += [(f, why) for f in mine]
            unchecked.update(id(f) for f in mine)
    dependents = _dependents(checkable, listing)
    baseline = go.check(checkable + dependents)
    for p in checkable:
        if p.directory in baseline:
            first = baseline[p.directory].splitlines()[0]
            if "build constraints exclude all Go files" in first:
                why = "go build compiles no file of the package here (build constraints exclude them all): not checked"
            else:
                why = f"the package failed before the fix: {first}"
            report.unverified += [(f, why) for f in p.applied]
    dependents = [d for d in dependents if d.directory not in baseline]

    # 2. write every package (and what the fixes need in go.mod)
    for p in pkgs:
        _write(p, report)
    if after_write is not None:
        notes, errors = after_write([f for p in pkgs for f in p.applied])
        report.notes.extend(notes)
        report.errors.extend(errors)
    to_check = [p for p in checkable if p.directory not in baseline and p.changed and p.applied]

    # 3. check again; 4. repair what now fails
    after = go.check(to_check + dependents)
    broken_by: dict[str, list[str]] = {}  # touched package dir -> messages of importers it broke
    for d in dependents:
        if d.directory in after:
            for p in to_check:
                if p.import_path and p.import_path in d.imports:
                    broken_by.setdefault(p.directory, []).append(f"breaks {d.rel} (imports it): {after[d.directory]}")
    for p in to_check:
        why = _gofmt_problem(p, _current(p)) or after.get(p.directory)
        if why is None and p.directory in broken_by:
            # an importer no longer builds: take back this package's fixes
            _revert_package(p, "\n".join(broken_by[p.directory]), report)
            continue
        if why is None:
            report.verified += [f for f in p.applied if id(f) not in unchecked]
            continue
        try:
            _repair(go, p, why, settings, report)
        except WriteError as e:
            report.errors.append(f"--verify could not revert {p.directory}: {e}")
    return report


def _rel(directory: str, root: str) -> str:
    rel = os.path.relpath(directory, root)
    return "." if rel == "." else "./" + rel.replace(os.sep, "/")


def _workspace_mod_mod(env: dict, root: str) -> str | None:
    """The go command refuses ``-mod=mod`` in workspace mode: say so."""
    flags = env.get("GOFLAGS", "")
    if "-mod=mod" not in flags.split() or env.get("GOWORK") == "off":
        return None
    d = root
    while True:
        if os.path.isfile(os.path.join(d, "go.work")) or env.get("GOWORK"):
            return "a go.work workspace with -mod=mod in GOFLAGS: the go command refuses to build (unset it, or GOWORK=off)"
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _listings(go: _Go, pkgs: list[_Package]) -> dict[str, dict]:
    """Dir -> go list entry, for every package of the modules (and workspace
    modules) of ``pkgs``."""
    from .index import _workspace

    out: dict[str, dict] = {}
    roots: dict[str, dict] = {}
    for p in pkgs:
        roots.setdefault(p.module_root, p.env)
        for wroot, _mod in _workspace(p.module_root):
            roots.setdefault(wroot, p.env)
    for root, env in roots.items():
        for entry in go.list_packages(root, env):
            if entry.get("Dir"):
                entry["_root"] = root
                out[os.path.abspath(entry["Dir"])] = entry
    for p in pkgs:
        entry = out.get(os.path.abspath(p.directory))
        p.import_path = entry.get("ImportPath") if entry else None
    return out


def _excluded_files(p: _Package, listing: dict[str, dict]) -> set[str]:
    """The changed files of ``p`` that build constraints leave out."""
    entry = listing.get(os.path.abspath(p.directory))
    if entry is None:
        return set()
    ignored = {os.path.join(p.directory, n) for n in entry.get("IgnoredGoFiles") or []}
    return {os.path.abspath(fr.path) for fr in p.changed if os.path.abspath(fr.path) in {os.path.abspath(x) for x in ignored}}


_API = parsing.query(
    """
    (source_file (function_declaration name: (identifier) @name) @decl)
    (source_file (method_declaration name: (field_identifier) @name) @decl)
    (source_file (type_declaration (type_spec name: (type_identifier) @name) @decl))
    (source_file (type_declaration (type_alias name: (type_identifier) @name) @decl))
    (source_file (var_declaration (var_spec name: (identifier) @name) @decl))
    (source_file (var_declaration (var_spec_list (var_spec name: (identifier) @name) @decl)))
    (source_file (const_declaration (const_spec name: (identifier) @name) @decl))
    """
)


def _api(source: bytes) -> list[str]:
    """The exported declarations of a file as importers see them: function and
    method headers (not bodies), types, variables and constants."""
    out = []
    tree = parsing.parse(source)
    for caps in parsing.matches(_API, tree.root_node):
        name, decl = caps["name"][0], caps["decl"][0]
        if not name.text[:1].isupper():
            continue
        body = decl.child_by_field_name("body") if decl.type in ("function_declaration", "method_declaration") else None
        end = body.start_byte if body is not None else decl.end_byte
        out.append(b" ".join(source[decl.start_byte:end].split()).decode("utf-8", "replace"))
    return sorted(out)


def _api_changed(p: _Package) -> bool:
    """Can the fixes of ``p`` change what an importer sees?  Only a change of
    an exported declaration of a non-test file can (test files are not
    imported; bodies and unexported names are not seen)."""
    for fr in p.changed:
        if fr.path.endswith("_test.go"):
            continue
        if _api(fr.original) != _api(fr.fixed):
            return True
    return False


def _dependents(pkgs: list[_Package], listing: dict[str, dict]) -> list[_Package]:
    """Packages (not touched themselves) whose code or tests import a touched
    package whose exported API the fixes change, directly or not."""
    touched = {p.import_path for p in pkgs if p.import_path and _api_changed(p)}
    if not touched:
        return []
    dirs = {os.path.abspath(p.directory) for p in pkgs}
    envs = {p.module_root: p.env for p in pkgs}
    out = []
    for d, entry in sorted(listing.items()):
        if d in dirs:
            continue
        imports = set(entry.get("Deps") or []) | set(entry.get("TestImports") or []) | set(entry.get("XTestImports") or [])
        if not imports & touched:
            continue
        root = entry["_root"]
        dep = _Package(d, PackageResult(), module_root=root, rel=_rel(d, root), env=envs.get(root) or _go_env(root, None))
        dep.imports = imports & touched
        out.append(dep)
    return out


def _revert_package(p: _Package, why: str, report: VerifyReport) -> None:
    on_disk = _current(p)
    originals = {fr.path: fr.original for fr in p.result.files}
    _write_contents(p, on_disk, originals)
    for fr in p.result.files:
        fr.fixed = None
    for f in p.applied:
        _revert(f, why, report)


def _write(p: _Package, report: VerifyReport) -> None:
    count, errors = write_package(p.result.files)
    report.written += count
    report.errors.extend(errors)
    if errors:
        for fr in p.result.files:
            fr.fixed = None


def print_report(report: VerifyReport, out=None) -> None:
    out = out or sys.stderr
    for note in report.notes:
        out.write(f"gofixleaks: {note}\n")
    # why fixes are unverified, once per package and reason
    seen: dict[tuple[str, str], int] = {}
    for f, why in report.unverified:
        if why == _NO_GO:
            continue  # said once, in the note
        key = (os.path.relpath(os.path.dirname(os.path.abspath(f.path))) or ".", why)
        seen[key] = seen.get(key, 0) + 1
    for (pkg, why), n in seen.items():
        out.write(f"gofixleaks: verify: {pkg}: {n} fix{'es' if n != 1 else ''} unverified: {why}\n")
    for f, why in report.reverted:
        title = f.fix.title if f.fix else ""
        out.write(f"{f.path}:{f.line}:{f.column}: {f.code} fix reverted by --verify ({title}):\n")
        for line in why.splitlines():
            out.write(f"    {line}\n")
    out.write(f"gofixleaks: {report.summary()}\n")
