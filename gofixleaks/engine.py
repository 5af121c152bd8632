"""The engine: read, prefilter, parse, run rules, apply fixes until stable.

The unit of work is a directory (a Go package), so that package-level rules can
edit every file of the package; packages run in parallel across processes.
The engine never raises because of one bad file: every file ends checked,
skipped (with a reason) or failed (with the error).
"""

from __future__ import annotations

import errno
import functools
import multiprocessing
import os
import re
import shutil
import subprocess
import traceback
from dataclasses import dataclass, field
from typing import Callable, Iterator

from . import index, parsing
from .context import PackageContext
from .discovery import discover
from .edits import OverlapError, apply_edits, select_fixes
from .imports import add_imports
from .model import FileResult, Finding, PackageResult, Skipped
from .registry import RULES, Rule
from .settings import Settings
from .suppress import suppressed

MAX_ROUNDS = 8
_GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.\r?$", re.M)
_PACKAGE_CLAUSE = re.compile(rb"^package[ \t]", re.M)


class NonConvergence(RuntimeError):
    pass


# ---- reading and classifying files -----------------------------------------

# path -> bytes already read for this package (by the cache's snapshot, whose
# hashes must describe exactly the bytes the rules see); set by _worker
_PREFETCHED: dict[str, bytes] = {}


def read_source(path: str, settings: Settings) -> tuple[bytes | None, str | None]:
    """The bytes of ``path``, or (None, reason) when it must be skipped."""
    try:
        st = os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return None, "symlink loop"
        if e.errno == errno.ENOENT and os.path.islink(path):
            return None, "dangling symlink"
        return None, f"unreadable: {e.strerror}"
    if not os.path.isfile(path):
        return None, "not a regular file"
    if st.st_size > settings.max_file_size:
        return None, f"too large ({st.st_size} bytes > limit {settings.max_file_size})"
    data = _PREFETCHED.get(path)
    if data is None:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as e:
            return None, f"unreadable: {e.strerror}"
    reason = classify(data)
    return (None, reason) if reason else (data, None)


def classify(data: bytes) -> str | None:
    """Why these bytes are not a Go source file to touch, or None."""
    if b"\0" in data:
        return "binary file (contains NUL bytes)"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"not valid UTF-8 (byte {e.start})"
    if is_generated(data):
        return "generated file (// Code generated ... DO NOT EDIT.)"
    return None


def is_generated(data: bytes) -> bool:
    if b"DO NOT EDIT" not in data:
        return False
    m = _PACKAGE_CLAUSE.search(data)
    head = data[: m.start()] if m else data
    return _GENERATED.search(head) is not None


# ---- gofmt guard -------------------------------------------------------------

@functools.cache
def gofmt_path() -> str | None:
    return shutil.which("gofmt")


def _normalize(data: bytes) -> bytes:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.replace(b"\r\n", b"\n")


@functools.lru_cache(maxsize=256)
def gofmt_clean(data: bytes) -> bool | None:
    """Is ``data`` (CRLF and BOM aside) what gofmt prints?  None without gofmt."""
    exe = gofmt_path()
    if exe is None:
        return None
    norm = _normalize(data)
    try:
        proc = subprocess.run([exe], input=norm, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return False
    return proc.stdout == norm


# ---- running rules -------------------------------------------------------------

def rules_for(settings: Settings) -> list[Rule]:
    return [r for r in RULES if settings.rule_enabled(r.code)]


def _ignored_by_config(path: str, code: str, settings: Settings) -> bool:
    if not settings.per_file_ignores:
        return False
    import fnmatch

    rel = os.path.relpath(path)
    for glob, codes in settings.per_file_ignores:
        if fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(os.path.basename(path), glob) or fnmatch.fnmatch(os.path.abspath(path), glob):
            if any(code.startswith(c) for c in codes):
                return True
    return False


def _run_rules(pkg: PackageContext, triggered: dict[str, list[Rule]], result: PackageResult) -> list[Finding]:
    findings: list[Finding] = []
    package_rules: dict[str, Rule] = {}
    for path in sorted(triggered):
        file_rules = [r for r in triggered[path] if not r.package_level]
        for r in triggered[path]:
            if r.package_level:
                package_rules[r.code] = r
        if not file_rules:
            continue
        ctx = pkg.file(path)
        for rule in file_rules:
            try:
                findings.extend(rule.module.check(ctx))
            except Exception as e:  # a rule bug must not stop the run
                result.errors.append(Skipped(path, f"internal error in {rule.code}: {e!r}\n{traceback.format_exc()}"))
    for rule in package_rules.values():
        try:
            findings.extend(rule.module.check_package(pkg))
        except Exception as e:
            result.errors.append(Skipped(pkg.directory, f"internal error in {rule.code}: {e!r}\n{traceback.format_exc()}"))
    kept = []
    for f in findings:
        src = pkg.sources.get(f.path)
        if src is not None and suppressed(src, f.line, f.code):
            continue
        if _ignored_by_config(f.path, f.code, pkg.settings):
            continue
        kept.append(f)
    kept.sort(key=Finding.sort_key)
    return kept


def _fix_key(f: Finding) -> tuple:
    return (f.code, f.path, f.fix.title, tuple((e.path, e.text) for e in f.fix.edits))


def _apply_to_file(path: str, source: bytes, fixes: list[Finding]) -> bytes:
    edits = [e for f in fixes for e in f.fix.edits if (e.path or f.path) == path]
    new = apply_edits(source, edits)
    imports = [
        imp if isinstance(imp, str) else imp[1]
        for f in fixes
        for imp in f.fix.imports
        if (f.path if isinstance(imp, str) else imp[0]) == path
    ]
    if imports:
        new = add_imports(new, imports)
    return new


def _why_invalid(old: bytes, new: bytes, settings: Settings) -> str | None:
    if parsing.parse(old).root_node.has_error:
        return "the file has syntax errors; nothing is fixed in it"
    if parsing.parse(new).root_node.has_error:
        return "the fix would introduce a syntax error"
    if settings.check_gofmt and gofmt_clean(old) and gofmt_clean(new) is False:
        return "the fix would leave the file not gofmt-clean"
    return None


def apply_fixes(current: dict[str, bytes], accepted: list[Finding], settings: Settings) -> tuple[dict[str, bytes], list[Finding], list[Finding]]:
    """Apply accepted fixes; refuse those that break syntax or gofmt.

    Returns (new sources of changed files, applied findings, refused findings).
    """
    remaining = list(accepted)
    refused: list[Finding] = []
    for _ in range(len(accepted) + 1):
        touched: dict[str, list[Finding]] = {}
        for f in remaining:
            for p in f.fix.files(f.path) | {imp[0] for imp in f.fix.imports if not isinstance(imp, str)}:
                touched.setdefault(p, []).append(f)
        new: dict[str, bytes] = {}
        bad: dict[str, str] = {}
        for p, fixes in touched.items():
            if p not in current:
                for f in fixes:
                    f.fix_note = f"the fix edits {p}, which was not read"
                bad[p] = "missing"
                continue
            try:
                new[p] = _apply_to_file(p, current[p], fixes)
            except OverlapError as e:
                bad[p] = str(e)
                continue
            why = _why_invalid(current[p], new[p], settings)
            if why:
                bad[p] = why
        if not bad:
            return new, remaining, refused
        # find the culprits file by file: keep each fix that leaves the file valid
        drop: list[Finding] = []
        for p, why in bad.items():
            good: list[Finding] = []
            for f in touched[p]:
                if f in drop:
                    continue
                ok = p in current
                if ok:
                    try:
                        trial = _apply_to_file(p, current[p], good + [f])
                        reason = _why_invalid(current[p], trial, settings)
                    except OverlapError as e:
                        reason = str(e)
                    ok = reason is None
                else:
                    reason = why
                if ok:
                    good.append(f)
                else:
                    f.fix_note = reason
                    drop.append(f)
        remaining = [f for f in remaining if f not in drop]
        refused.extend(drop)
    return {}, [], refused + remaining


def _load_siblings_factory(directory: str, settings: Settings, originals: dict[str, bytes]):
    def load(sources: dict[str, bytes]) -> None:
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            return
        known = {os.path.normpath(p) for p in sources}
        for name in names:
            if not name.endswith(".go"):
                continue
            # normalized like discovery's paths: "./x.go" is the selected "x.go"
            path = os.path.normpath(os.path.join(directory, name))
            if path in known:
                continue
            data, _reason = read_source(path, settings)
            if data is not None:
                sources[path] = data
                originals.setdefault(path, data)

    return load


def _narrow(directory: str, triggered: dict[str, list[Rule]], originals: dict[str, bytes], settings: Settings) -> None:
    """Package-aware prefilters: a rule with ``narrow(sources, paths)`` keeps
    only the triggered files that can matter given every Go file of the
    directory (bytes only: nothing is parsed for the files it drops)."""
    sources: dict[str, bytes] | None = None
    for rule in {r.code: r for rs in triggered.values() for r in rs if r.narrows}.values():
        if sources is None:
            sources = dict(originals)
            _load_siblings_factory(directory, settings, {})(sources)
        paths = [p for p, rs in triggered.items() if rule in rs]
        keep = set(rule.module.narrow(sources, paths))
        for p in paths:
            if p not in keep:
                triggered[p] = [r for r in triggered[p] if r is not rule]
                if not triggered[p]:
                    del triggered[p]


def process_package(directory: str, paths: list[str], settings: Settings) -> PackageResult:
    """Check (and with ``settings.fix``, fix in memory) the selected files of one directory."""
    result = PackageResult()
    try:
        _process_package(directory, paths, settings, result)
    except NonConvergence as e:
        result.errors.append(Skipped(directory, str(e)))
        for fr in result.files:
            fr.fixed = None
    except Exception as e:  # never let one package stop the run
        result.errors.append(Skipped(directory, f"internal error: {e!r}\n{traceback.format_exc()}"))
        for fr in result.files:
            fr.fixed = None
    return result


def _process_package(directory: str, paths: list[str], settings: Settings, result: PackageResult) -> None:
    rules = rules_for(settings)
    originals: dict[str, bytes] = {}
    triggered: dict[str, list[Rule]] = {}
    for path in paths:
        data, reason = read_source(path, settings)
        result.scanned += 1
        if data is None:
            result.skipped.append(Skipped(path, reason))
            continue
        originals[path] = data
        hits = [r for r in rules if r.prefilter(data)]
        if hits:
            triggered[path] = hits
    if not triggered:
        return
    _narrow(directory, triggered, originals, settings)
    if not triggered:
        return
    # files with syntax errors are reported and never touched
    trees: dict[bytes, parsing.Tree] = {}  # by text: the rules reuse these trees
    for path in list(triggered):
        tree = trees[originals[path]] = parsing.parse(originals[path])
        result.parsed += 1
        err = parsing.first_error(tree)
        if err is not None:
            line, col = err.start_point
            result.skipped.append(Skipped(path, f"syntax error at {line + 1}:{col + 1}; not checked"))
            del triggered[path]
            del originals[path]
    if not triggered:
        return

    current = dict(originals)
    load = _load_siblings_factory(directory, settings, originals)
    applied: list[Finding] = []
    refused_keys: dict[tuple, str] = {}
    findings: list[Finding] = []
    for round_no in range(MAX_ROUNDS + 1):
        pkg = PackageContext(directory, current, settings, load, selected=paths, trees=trees)
        findings = _run_rules(pkg, triggered, result)
        if not settings.fix:
            break
        candidates = [f for f in findings if f.fix is not None and _fix_key(f) not in refused_keys]
        accepted, _rejected = select_fixes(candidates, settings.unsafe_fixes)
        if not accepted:
            break
        if round_no == MAX_ROUNDS:
            raise NonConvergence(
                f"fixes did not converge after {MAX_ROUNDS} rounds in {directory} "
                f"(still fixing: {', '.join(sorted({f.code for f in accepted}))}); nothing written for this package"
            )
        new, done, refused = apply_fixes(current, accepted, settings)
        for f in refused:
            refused_keys[_fix_key(f)] = f.fix_note or "fix refused"
        if not done:
            if refused:
                continue  # re-run: the refused fixes are now left alone
            break
        for f in done:
            f.applied = True
        applied.extend(done)
        current.update(new)
        # a file a fix touched may now trigger more rules (re-run prefilters)
        for p in new:
            hits = [r for r in rules if r.prefilter(current[p])]
            if hits:
                triggered[p] = hits

    remaining = []
    for f in findings:
        if f.applied:
            continue
        if f.fix is not None and f.fix_note is None:
            if _fix_key(f) in refused_keys:
                f.fix_note = refused_keys[_fix_key(f)]
            elif f.fix.safety.value == "unsafe" and not settings.unsafe_fixes:
                f.fix_note = "unsafe fix available with --unsafe-fixes"
        remaining.append(f)
    by_path: dict[str, FileResult] = {}
    for path in sorted(set(originals) | set(current)):
        if path not in originals:
            continue
        fr = FileResult(path, originals[path])
        if current.get(path, originals[path]) != originals[path]:
            fr.fixed = current[path]
        by_path[path] = fr
    for f in applied + remaining:
        fr = by_path.get(f.path)
        if fr is None:
            fr = by_path[f.path] = FileResult(f.path, originals.get(f.path, b""))
        fr.findings.append(f)
    for fr in by_path.values():
        fr.findings.sort(key=Finding.sort_key)
    result.files = [fr for fr in by_path.values() if fr.findings or fr.fixed is not None]


# ---- a whole run -------------------------------------------------------------

@dataclass
class RunResult:
    packages: list[PackageResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def files(self) -> list[FileResult]:
        out = [fr for p in self.packages for fr in p.files]
        out.sort(key=lambda fr: fr.path)
        return out

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for fr in self.files for f in fr.findings), key=Finding.sort_key)

    @property
    def all_skipped(self) -> list[Skipped]:
        return self.skipped + [s for p in self.packages for s in p.skipped]

    @property
    def errors(self) -> list[Skipped]:
        return [e for p in self.packages for e in p.errors]

    @property
    def scanned(self) -> int:
        return sum(p.scanned for p in self.packages)

    @property
    def parsed(self) -> int:
        return sum(p.parsed for p in self.packages)

    @property
    def cached(self) -> int:
        """Packages whose result came from the cache."""
        return sum(1 for p in self.packages if p.cached)


def _worker(args):
    directory, paths, settings, cache = args
    if cache is None:
        return process_package(directory, paths, settings)
    from .cache import snapshot

    before = snapshot(directory)  # the inputs, taken before the rules read them
    _PREFETCHED.update(before.data)  # the rules read the very bytes hashed
    try:
        result = process_package(directory, paths, settings)
    finally:
        _PREFETCHED.clear()
    cache.store(directory, paths, before, result)
    return result


def iter_packages(
    packages: dict[str, list[str]], settings: Settings, jobs: int | None = None, cache=None
) -> Iterator[PackageResult]:
    """Process packages, in parallel when worth it; yields results as they finish.

    With a :class:`~gofixleaks.cache.PackageCache`, each package is first
    looked up (in this process: a hit costs a few stats and one read), and
    the workers store what they compute."""
    work = []
    for d, ps in sorted(packages.items()):
        ps = sorted(ps)
        hit = cache.load(d, ps) if cache is not None else None
        if hit is not None:
            hit.cached = True
            hit.parsed = 0  # nothing was parsed for it in this run
            yield hit
        else:
            work.append((d, ps, settings, cache))
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(work) < 4:
        for w in work:
            yield _worker(w)
        return
    parsing.compile_all()  # once here, not once per worker
    # largest packages first, one at a time: no worker is left with a big
    # package at the end while the others idle
    work.sort(key=lambda w: -_size(w[1]))
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs) as pool:
        yield from pool.imap_unordered(_worker, work, chunksize=1)


def _size(paths: list[str]) -> int:
    total = 0
    for p in paths:
        try:
            total += os.stat(p).st_size
        except OSError:
            pass
    return total


def run(
    paths: list[str],
    settings: Settings,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_package: Callable[[PackageResult], None] | None = None,
    cache=None,
) -> RunResult:
    found = discover(paths, settings.exclude, settings.force_exclude)
    index.reset()  # the module index caches what it read from disk
    result = RunResult(skipped=list(found.skipped))
    total = len(found.packages)
    for i, pres in enumerate(iter_packages(found.packages, settings, jobs, cache), 1):
        result.packages.append(pres)
        if on_package is not None:
            on_package(pres)
        if progress is not None:
            progress(i, total)
    return result
