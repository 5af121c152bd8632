"""Machine-readable reports: SARIF 2.1.0 and GitHub workflow commands.

``--format json`` (the plain list of findings) lives in the CLI; this module
adds the two formats CI systems read:

- ``sarif``: one SARIF 2.1.0 log; each rule with its metadata, each finding a
  result, each fix not yet applied a ``fixes[]`` entry whose replacements are
  byte ranges of the file as it was read (``byteOffset``/``byteLength``).
- ``github``: one ``::warning`` line per finding (``::notice`` once fixed,
  ``::error`` per file that failed), which GitHub Actions shows as
  annotations on the pull request.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from urllib.parse import quote
from typing import TYPE_CHECKING, Iterable

from . import __version__
from .model import Finding
from .registry import RULES, Rule

if TYPE_CHECKING:
    from .engine import RunResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SECTION = re.compile(r"^## (.+)$", re.M)


# ---- SARIF ----------------------------------------------------------------------

def _section(doc: str, title: str) -> str:
    parts = _SECTION.split(doc)
    for name, body in zip(parts[1::2], parts[2::2]):
        if name.strip() == title:
            return " ".join(body.split())
    return ""


def sarif_rule(rule: Rule) -> dict:
    full = _section(rule.doc, "What it does") or rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "help": {"text": rule.doc, "markdown": f"# {rule.code} {rule.name}\n\n{rule.summary}.\n\n{rule.doc}"},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"fixable": rule.fixable, "tags": ["leak"]},
    }


def _uri(path: str) -> str:
    """The path for humans and GitHub: relative to the current directory when below it."""
    rel = os.path.relpath(path)
    return (rel if not rel.startswith("..") else os.path.abspath(path)).replace(os.sep, "/")


def _location(path: str) -> dict:
    """A SARIF artifactLocation: a URI reference relative to %SRCROOT% (the
    current directory), or an absolute file URI for a file outside it."""
    rel = os.path.relpath(path)
    if rel.startswith(".."):
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    return {"uri": quote(rel.replace(os.sep, "/")), "uriBaseId": "%SRCROOT%"}


def _char_column(line_bytes: bytes | None, byte_col: int) -> int:
    """1-based column in Unicode code points from a 1-based byte column."""
    if line_bytes is None:
        return byte_col
    return len(line_bytes[: byte_col - 1].decode("utf-8", "replace")) + 1


def _line(source: bytes | None, line: int) -> bytes | None:
    if source is None:
        return None
    lines = source.split(b"\n")
    return lines[line - 1] if 0 < line <= len(lines) else None


def _replacements(old: bytes, new: bytes) -> list[dict]:
    """Minimal byte replacements turning ``old`` into ``new`` (line hunks)."""
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    offsets = [0]
    for ln in a:
        offsets.append(offsets[-1] + len(ln))
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        out.append(
            {
                "deletedRegion": {"byteOffset": offsets[i1], "byteLength": offsets[i2] - offsets[i1]},
                "insertedContent": {"text": b"".join(b[j1:j2]).decode("utf-8")},
            }
        )
    return out


def _sarif_fix(f: Finding, sources: dict[str, bytes]) -> dict | None:
    """The finding's fix applied alone to the files as read, as replacements."""
    from .edits import OverlapError
    from .engine import _apply_to_file

    files = f.fix.files(f.path) | {imp[0] for imp in f.fix.imports if not isinstance(imp, str)}
    changes = []
    for path in sorted(files):
        old = sources.get(path)
        if old is None:
            try:
                with open(path, "rb") as fh:
                    old = sources[path] = fh.read()
            except OSError:
                return None
        try:
            new = _apply_to_file(path, old, [f])
        except (OverlapError, ValueError):
            return None
        reps = _replacements(old, new)
        if reps:
            changes.append({"artifactLocation": _location(path), "replacements": reps})
    if not changes:
        return None
    return {"description": {"text": f.fix.title}, "artifactChanges": changes}


def sarif(result: "RunResult", rules: Iterable[Rule] = RULES) -> dict:
    rules = list(rules)
    index = {r.code: i for i, r in enumerate(rules)}
    # positions of findings left are in the file as it ends (after --fix: on disk)
    sources = {fr.path: fr.original if fr.fixed is None else fr.fixed for fr in result.files}
    results = []
    for f in result.findings:
        src = sources.get(f.path)
        region = {
            "startLine": f.line,
            "startColumn": _char_column(_line(src, f.line), f.column),
            "endLine": f.end_line,
            "endColumn": _char_column(_line(src, f.end_line), f.end_column),
        }
        res: dict = {
            "ruleId": f.code,
            "level": "warning",
            "message": {"text": f.message},
            "locations": [
                {"physicalLocation": {"artifactLocation": _location(f.path), "region": region}}
            ],
        }
        if f.code in index:
            res["ruleIndex"] = index[f.code]
        props: dict = {}
        if f.fix is not None:
            props = {"fixTitle": f.fix.title, "fixSafety": f.fix.safety.value, "fixApplied": f.applied}
            if f.fix_note:
                props["fixNote"] = f.fix_note
            if f.fix.requires:  # go.mod requirements the fix needs (go get)
                props["fixRequires"] = list(f.fix.requires)
            if not f.applied:
                fx = _sarif_fix(f, sources)
                if fx is not None:
                    res["fixes"] = [fx]
        if props:
            res["properties"] = props
        results.append(res)
    notes = []
    for s in result.errors:
        notes.append(_notification(s.path, s.reason.splitlines()[0], "error"))
    for s in result.all_skipped:
        notes.append(_notification(s.path, f"skipped: {s.reason}", "note"))
    for s in result.partial:
        notes.append(_notification(s.path, s.reason, "note"))
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gofixleaks",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [sarif_rule(r) for r in rules],
                    }
                },
                "invocations": [{"executionSuccessful": not result.errors, "toolExecutionNotifications": notes}],
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.getcwd()).as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _notification(path: str, text: str, level: str) -> dict:
    return {
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": _location(path)}}],
    }


# ---- GitHub workflow commands ----------------------------------------------------

def escape_data(s: str) -> str:
    """The message part of a workflow command (after ``::``)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """A property value (``file=``, ``title=``...)."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github_line(f: Finding) -> str:
    props = [
        f"file={escape_property(_uri(f.path))}",
        f"line={f.line}",
        f"col={f.column}",
        f"endLine={f.end_line}",
        f"endColumn={f.end_column}",
        f"title={escape_property(f.code)}",
    ]
    msg = f"{f.code} {f.name}: {f.message}"
    if f.fix is not None:
        if f.applied:
            msg += " (fixed)"
        elif f.fix.safety.value == "unsafe":
            msg += f" [unsafe fix: {f.fix.title}]"
        else:
            msg += f" [fix: {f.fix.title}]"
    level = "notice" if f.applied else "warning"  # a fixed leak is news, not a problem left
    return f"::{level} {','.join(props)}::{escape_data(msg)}"


def github(result: "RunResult") -> str:
    lines = [github_line(f) for f in result.findings]
    for e in result.errors:
        lines.append(f"::error file={escape_property(_uri(e.path))},title=gofixleaks::{escape_data(e.reason.splitlines()[0])}")
    return "".join(line + "\n" for line in lines)


# ---- text, json, statistics, diffs (the command line's stdout) -------------------

_RESET = "\033[0m"
_BOLD, _DIM, _RED, _GREEN, _CYAN = "\033[1m", "\033[2m", "\033[31m", "\033[32m", "\033[36m"


def _paint(on: bool, style: str, text: str) -> str:
    return f"{style}{text}{_RESET}" if on else text


def suffix(f: Finding) -> str:
    """What the text report says after a finding about its fix."""
    if f.applied:
        return " (fixed)"
    if f.fix is not None and f.fix_note:
        return f" [{f.fix_note}]"
    if f.fix is not None:
        return " [unsafe fix]" if f.fix.safety.value == "unsafe" else " [*]"
    return ""


def _sources(result: "RunResult") -> dict[str, bytes]:
    return {fr.path: fr.original if fr.fixed is None else fr.fixed for fr in result.files}


def fix_diff(f: Finding, sources: dict[str, bytes], diff_name) -> str:
    """The diff of ``f``'s fix alone, on the files as they are now ('' if it cannot be shown)."""
    from .diff import unified_diff
    from .edits import OverlapError
    from .engine import _apply_to_file

    out = []
    files = f.fix.files(f.path) | {imp[0] for imp in f.fix.imports if not isinstance(imp, str)}
    for path in sorted(files):
        old = sources.get(path)
        if old is None:
            try:
                with open(path, "rb") as fh:
                    old = sources[path] = fh.read()
            except OSError:
                return ""
        try:
            new = _apply_to_file(path, old, [f])
        except (OverlapError, ValueError):
            return ""
        out.append(unified_diff(diff_name(path), old, new))
    return "".join(out)


def colorize_diff(text: str) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        body, nl = (line[:-1], "\n") if line.endswith("\n") else (line, "")
        if line.startswith(("---", "+++")):
            out.append(f"{_BOLD}{body}{_RESET}{nl}")
        elif line.startswith("@@"):
            out.append(f"{_CYAN}{body}{_RESET}{nl}")
        elif line.startswith("-"):
            out.append(f"{_RED}{body}{_RESET}{nl}")
        elif line.startswith("+"):
            out.append(f"{_GREEN}{body}{_RESET}{nl}")
        else:
            out.append(line)
    return "".join(out)


def text(result: "RunResult", color: bool = False, show_fixes: bool = False, diff_name=None) -> str:
    """``path:line:col: CODE message`` per finding; with ``show_fixes``, each
    fix not applied follows as an indented diff."""
    sources = _sources(result) if show_fixes else {}
    lines = []
    for f in result.findings:
        where = _paint(color, _BOLD, f"{f.path}:{f.line}:{f.column}:")
        code = _paint(color, _BOLD + _RED, f.code)
        tail = suffix(f)
        if color and tail == " [*]":
            tail = " " + _paint(True, _CYAN, "[*]")
        lines.append(f"{where} {code} {f.message}{tail}\n")
        if show_fixes and f.fix is not None and not f.applied:
            d = fix_diff(f, sources, diff_name or (lambda p: p))
            if d:
                lines.append(f"    fix ({f.fix.safety.value}): {f.fix.title}\n")
                d = colorize_diff(d) if color else d
                lines.extend("    " + ln for ln in d.splitlines(keepends=True))
    return "".join(lines)


def fixed_list(result: "RunResult") -> str:
    """``--show-fixes --fix``: the fixes applied, per file (ruff's enumeration)."""
    from collections import Counter

    by_file: dict[str, Counter] = {}
    names = {}
    for f in result.findings:
        if f.applied:
            by_file.setdefault(f.path, Counter())[f.code] += 1
            names[f.code] = f.name
    n = sum(sum(c.values()) for c in by_file.values())
    if not n:
        return "No fixes applied.\n"
    out = [f"Fixed {n} finding{'s' if n != 1 else ''}:\n"]
    for path, counts in sorted(by_file.items()):
        out.append(f"- {path}:\n")
        out.extend(f"    {k} × {code} ({names[code]})\n" for code, k in sorted(counts.items()))
    return "".join(out)


def diffs(result: "RunResult", diff_name, color: bool = False) -> str:
    from .diff import unified_diff

    text_ = "".join(unified_diff(diff_name(fr.path), fr.original, fr.fixed) for fr in result.files if fr.fixed is not None)
    return colorize_diff(text_) if color else text_


def render(result: "RunResult", fmt: str) -> str:
    """``--format json`` (the stable list) or ``sarif``."""
    import json

    if fmt == "json":
        return json.dumps([f.to_json() for f in result.findings], indent=2) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif(result), indent=2) + "\n"
    raise ValueError(fmt)


def statistics(result: "RunResult", fmt: str = "text", fixed: bool = False) -> str:
    """``--statistics``: one line (or object) per rule code: count, fixable, fixed."""
    import json

    rows: dict[str, dict] = {}
    for f in result.findings:
        row = rows.setdefault(f.code, {"code": f.code, "name": f.name, "count": 0, "fixable": 0, "unsafe_fixable": 0, "fixed": 0})
        row["count"] += 1
        if f.applied:
            row["fixed"] += 1
        elif f.fix is not None and f.fix.safety.value == "unsafe":
            row["unsafe_fixable"] += 1
        elif f.fix is not None:
            row["fixable"] += 1
    ordered = sorted(rows.values(), key=lambda r: (-r["count"], r["code"]))
    if fmt == "json":
        return json.dumps(ordered, indent=2) + "\n"
    if not ordered:
        return ""
    width = max(len(str(r["count"])) for r in ordered)
    nwidth = max(len(r["name"]) for r in ordered)
    out = []
    for r in ordered:
        extra = []
        if r["fixable"]:
            extra.append(f"{r['fixable']} fixable")
        if r["unsafe_fixable"]:
            extra.append(f"{r['unsafe_fixable']} with --unsafe-fixes")
        if fixed or r["fixed"]:
            extra.append(f"{r['fixed']} fixed")
        tail = f"  ({', '.join(extra)})" if extra else ""
        out.append(f"{r['count']:>{width}}  {r['code']}  {r['name']:<{nwidth}}{tail}".rstrip() + "\n")
    return "".join(out)


def suppression_text(problems, color: bool = False) -> str:
    """``--check-suppressions`` (text): ``path:line:col: SUPPRESSION message``."""
    return "".join(
        f"{_paint(color, _BOLD, f'{p.path}:{p.line}:{p.column}:')} {_paint(color, _BOLD + _RED, p.kind)} {p.message}\n"
        for p in problems
    )


def suppression_github(problems) -> str:
    return "".join(
        f"::warning file={escape_property(_uri(p.path))},line={p.line},col={p.column},title={escape_property(p.kind)}::{escape_data(p.message)}\n"
        for p in problems
    )
