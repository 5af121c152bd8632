"""The PR body (the product), the commit message, and the hidden metadata block.

The body carries: a summary table per rule, each fix (file:line, rule, title,
safety, verification), the verification per package, the reverted fixes with
the compiler's message, the findings left without a fix, how to reproduce,
the diff per file (collapsed), and a hidden metadata block (tool version, base
sha, finding fingerprints) by which later runs recognise what a closed or
merged PR already proposed.  :func:`render` keeps the body under the forge's
limit: the diffs go first, then the long lists, and the body says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field

from .. import __version__
from ..model import Finding
from ..verify import VerifyReport

META_START = "<!-- gofixleaks-bot "
META_END = " -->"
_META = re.compile(r"<!-- gofixleaks-bot (\{.*?\}) -->", re.S)
_FUNC = re.compile(rb"^func\s+(?:\([^)]*\)\s*)?([A-Za-z_][A-Za-z0-9_]*)", re.M)


# ---- fingerprints -------------------------------------------------------------

def enclosing_func(source: bytes, line: int) -> str:
    """The name of the top-level function declared last at or before ``line`` ('' if none)."""
    upto = b"\n".join(source.split(b"\n")[:line])
    name = ""
    for m in _FUNC.finditer(upto):
        name = m.group(1).decode("utf-8", "replace")
    return name


def fingerprint(f: Finding, rel: str, source: bytes | None) -> str:
    """Rule plus a location that survives line moves: the file, the enclosing
    function and the finding's message (which names the variable or call)."""
    func = enclosing_func(source, f.line) if source else ""
    key = "\0".join((f.code, rel, func, f.message))
    return f"{f.code}:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"


def fingerprint_list(items: list[tuple[Finding, str, bytes | None]]) -> list[str]:
    """Fingerprints of (finding, relative path, the source it was found in),
    in order; equal ones get an occurrence suffix so that each stays distinct."""
    seen: dict[str, int] = {}
    out = []
    for f, rel, src in items:
        fp = fingerprint(f, rel, src)
        n = seen.get(fp, 0)
        seen[fp] = n + 1
        out.append(fp if n == 0 else f"{fp}.{n}")
    return out


def fingerprints(items: list[tuple[Finding, str, bytes | None]]) -> tuple[str, ...]:
    return tuple(sorted(fingerprint_list(items)))


def metadata(base_sha: str, unit: str, fps: tuple[str, ...], max_len: int | None = None, digest: str = "") -> str:
    """The hidden block; past ``max_len`` characters the fingerprint list is
    cut (``"complete": false``: later runs may then take some old findings for
    new ones, never the reverse)."""
    data = {"tool": "gofixleaks", "version": __version__, "unit": unit, "base": base_sha, "fingerprints": list(fps)}
    if digest:
        data["digest"] = digest  # of what the bot wrote: a person's later edit is told apart

    def dump() -> str:
        return META_START + json.dumps(data, sort_keys=True, separators=(",", ":")) + META_END

    text = dump()
    if max_len is not None and len(text) > max_len:
        per = max(1, len(text) // max(1, len(fps)))
        keep = max(0, (max_len - 200) // per)
        data["fingerprints"] = list(fps[:keep])
        data["complete"] = False
        text = dump()
        while len(text) > max_len and data["fingerprints"]:
            data["fingerprints"] = data["fingerprints"][: len(data["fingerprints"]) // 2]
            text = dump()
    return text


def read_metadata(body: str) -> dict | None:
    """The metadata block of a PR body written by the bot, or None."""
    m = _META.search(body or "")
    if m is None:
        return None
    try:
        data = json.loads(m.group(1))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


# ---- the report a body is rendered from ------------------------------------------

@dataclass
class Report:
    unit: str  # module directory relative to the repository root, "." for the root
    base_branch: str
    base_sha: str
    fixed: list[tuple[Finding, str]]  # (finding, path relative to the repository root)
    left: list[tuple[Finding, str]]
    verify: VerifyReport | None
    diffs: list[tuple[str, str]]  # (relative path, unified diff)
    fingerprints: tuple[str, ...]
    reproduce: str  # the command that reproduces the fixes
    report_url: str = ""  # where the full report is (the CI job's log)
    notes: list[str] = field(default_factory=list)  # said at the top (e.g. a person's commits)
    repo_root: str = ""
    title: str = ""  # the PR title the bot gives (part of the digest)
    proven: str = ""  # markdown from gofixleaks.evidence.markdown_section (bot --prove); "" for none

    def rel(self, path: str) -> str:
        return os.path.relpath(path, self.repo_root) if self.repo_root and os.path.isabs(path) else path

    def clean(self, text: str) -> str:
        """``text`` without the work tree's absolute path (it differs per CI
        run, and a rerun must render the same body)."""
        if not self.repo_root or not text:
            return text or ""
        root = self.repo_root.rstrip(os.sep)
        return text.replace(root + os.sep, "").replace(root, ".")


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _loc(rel: str, f: Finding) -> str:
    return f"`{rel}:{f.line}`"


def _verification_state(report: Report) -> dict[int, str]:
    """id(finding) -> verified / reverted / unverified (reason)."""
    v = report.verify
    state: dict[int, str] = {}
    if v is None:
        return state
    for f in v.verified:
        state[id(f)] = "verified"
    for f, _ in v.reverted:
        state[id(f)] = "reverted"
    for f, why in v.unverified:
        state[id(f)] = f"unverified: {report.clean(why.splitlines()[0]) if why else ''}"
    return state


def _package(report: Report, path: str) -> str:
    d = os.path.dirname(report.rel(path)) or "."
    return "./" + d if d != "." and not d.startswith("./") else d


def _summary_table(report: Report) -> list[str]:
    counts: dict[tuple[str, str], list[int]] = {}
    for f, _ in report.fixed:
        counts.setdefault((f.code, f.name), [0, 0])[0] += 1
    for f, _ in report.left:
        counts.setdefault((f.code, f.name), [0, 0])[1] += 1
    lines = ["| rule | name | fixed | left without a fix |", "| --- | --- | ---: | ---: |"]
    for (code, name), (fixed, left) in sorted(counts.items()):
        lines.append(f"| {code} | {name} | {fixed} | {left} |")
    return lines


def _fixes_table(report: Report) -> list[str]:
    state = _verification_state(report)
    lines = ["| location | rule | fix | safety | verification |", "| --- | --- | --- | --- | --- |"]
    for f, rel in report.fixed:
        title = f.fix.title if f.fix else ""
        safety = f.fix.safety.value if f.fix else ""
        lines.append(f"| {_loc(rel, f)} | {f.code} | {_cell(title)} | {safety} | {_cell(state.get(id(f), 'not verified'))} |")
    return lines


def _verification_section(report: Report) -> list[str]:
    v = report.verify
    if v is None:
        return ["Not verified: the fixes were made without `--verify`."]
    per: dict[str, list[int]] = {}
    failed_before: dict[str, str] = {}
    for f in v.verified:
        per.setdefault(_package(report, f.path), [0, 0, 0])[0] += 1
    for f, _ in v.reverted:
        per.setdefault(_package(report, f.path), [0, 0, 0])[1] += 1
    for f, why in v.unverified:
        pkg = _package(report, f.path)
        per.setdefault(pkg, [0, 0, 0])[2] += 1
        failed_before.setdefault(pkg, report.clean(why.splitlines()[0]) if why else "")
    lines = [
        "Each touched package was built and vetted (`go build`, `go vet`) before the fixes and again after them; "
        "a fix that broke its package was taken back.",
        "",
        "| package | fixes kept | reverted | before | after |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for pkg, (kept, reverted, unverified) in sorted(per.items()):
        if unverified:
            before, after = _cell(failed_before[pkg]) or "not checked", "not checked"
        else:
            before = "build ✓ vet ✓"
            after = "build ✓ vet ✓" + (f" (after reverting {reverted})" if reverted else "")
        lines.append(f"| `{pkg}` | {kept + unverified} | {reverted} | {before} | {after} |")
    if v.reverted:
        lines += ["", "**Reverted fixes** (the package failed with them):", ""]
        for f, why in v.reverted:
            title = f.fix.title if f.fix else ""
            lines.append(f"- `{report.rel(f.path)}:{f.line}` {f.code} ({_cell(title)}):")
            lines.append("  ```")
            lines += ["  " + ln for ln in report.clean(why or "").splitlines()[:12]]
            lines.append("  ```")
    return lines


def _left_table(report: Report, limit: int | None = None) -> list[str]:
    if not report.left:
        return ["None: every finding in this module is fixed."]
    lines = ["| location | rule | finding | why no fix |", "| --- | --- | --- | --- |"]
    rows = report.left if limit is None else report.left[:limit]
    for f, rel in rows:
        why = report.clean(f.fix_note or ("no automatic fix for this shape" if f.fix is None else ""))
        lines.append(f"| {_loc(rel, f)} | {f.code} | {_cell(report.clean(f.message))} | {_cell(why)} |")
    if limit is not None and len(report.left) > limit:
        lines.append(f"| … | | {len(report.left) - limit} more, left out to fit the forge's limit | |")
    return lines


def _diff_blocks(report: Report) -> list[str]:
    lines: list[str] = []
    for rel, diff in report.diffs:
        plus = sum(1 for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++"))
        minus = sum(1 for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---"))
        fence = "````" if "```" in diff else "```"
        lines += [f"<details><summary><code>{rel}</code> (+{plus} −{minus})</summary>", "", fence + "diff", diff.rstrip("\n"), fence, "", "</details>"]
    return lines


def title(report: Report, template: str | None = None) -> str:
    n = len(report.fixed)
    where = "" if report.unit == "." else f" in {report.unit}"
    if template:
        return template.replace("{module}", report.unit).replace("{count}", str(n))
    return f"Fix {n} resource leak{'s' if n != 1 else ''}{where} (gofixleaks)"


def render(report: Report, limit: int = 65536) -> str:
    """The body; under ``limit`` characters (diffs dropped first, then the long
    lists), saying what was left out and where the full report is."""
    where = "" if report.unit == "." else f" in `{report.unit}`"
    n = len(report.fixed)
    verified = len(report.verify.verified) if report.verify else 0
    if verified == n:
        checked = "Every fix was verified with the Go toolchain (`--fix --verify`): each touched package builds and passes `go vet`, before and after."
    else:
        checked = f"{verified} of the fixes were verified with the Go toolchain (`--fix --verify`); {n - verified} could not be (see *Verification*)."
    head = [
        f"gofixleaks found leaks{where} at `{report.base_sha[:12]}` ({report.base_branch}) and fixes {n} of them here. {checked}",
        "",
    ]
    for note in report.notes:
        head += [f"> **Note:** {note}", ""]
    repro = ["### Reproduce", "", "```sh", "pip install 'gofixleaks[bot]==" + __version__ + "'", report.reproduce, "```"]

    def build(diffs: bool, fixes_limit: int | None, left_limit: int | None, truncated: str | None, meta: str) -> str:
        parts = list(head)
        if truncated:
            parts += [f"> **This description was shortened** to fit the forge's limit of {limit:,} characters: {truncated}.", ""]
        parts += ["### Summary", "", *_summary_table(report), ""]
        fixes = _fixes_table(report)
        if fixes_limit is not None and len(report.fixed) > fixes_limit:
            fixes = fixes[: 2 + fixes_limit] + [f"| … | | {len(report.fixed) - fixes_limit} more fixes, left out to fit the forge's limit | | |"]
        parts += ["### Fixes", "", *fixes, ""]
        parts += ["### Verification", "", *_verification_section(report), ""]
        if report.proven:
            parts += [report.proven.rstrip("\n"), ""]
        parts += ["### Left without a fix", "", *_left_table(report, left_limit), ""]
        parts += [*repro, ""]
        if diffs and report.diffs:
            parts += ["### Diff", "", *_diff_blocks(report), ""]
        parts.append(meta)
        return "\n".join(parts) + "\n"

    digest = hashlib.sha1((report.title + "\0" + build(True, None, None, None, "")).encode("utf-8")).hexdigest()[:16]
    meta = metadata(report.base_sha, report.unit, report.fingerprints, max_len=limit // 2, digest=digest)
    body = build(True, None, None, None, meta)
    if len(body) <= limit:
        return body
    full = f"the full report is in {report.report_url}" if report.report_url else "run the command under *Reproduce* for the full report"
    body = build(False, None, None, f"the diffs are left out ({full}; the commits hold every change)", meta)
    if len(body) <= limit:
        return body
    n = max(len(report.fixed), len(report.left))
    while n > 0:
        body = build(False, n, n, f"the diffs and part of the lists are left out ({full}; the commits hold every change)", meta)
        if len(body) <= limit:
            return body
        n = n // 2 if n > 20 else n - 1
    body = build(False, 0, 0, f"only the summary fits ({full})", meta)
    if len(body) <= limit:
        return body
    # the metadata block always survives: cut the text before it
    cut = limit - len(meta) - 200
    return body[: max(0, cut)] + "\n\n… (cut at the forge's limit)\n\n" + meta + "\n"


def commit_message(report: Report) -> str:
    by_rule: dict[tuple[str, str], int] = {}
    for f, _ in report.fixed:
        by_rule[(f.code, f.name)] = by_rule.get((f.code, f.name), 0) + 1
    where = "" if report.unit == "." else f" in {report.unit}"
    n = len(report.fixed)
    lines = [f"Fix {n} resource leak{'s' if n != 1 else ''}{where} (gofixleaks)", ""]
    for (code, name), count in sorted(by_rule.items()):
        lines.append(f"- {code} {name}: {count} fix{'es' if count != 1 else ''}")
    lines += ["", f"Made and verified (go build, go vet) by gofixleaks {__version__}:", f"    {report.reproduce}", ""]
    return "\n".join(lines)
