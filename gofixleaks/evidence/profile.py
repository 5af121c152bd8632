"""``gofixleaks --from-profile FILE``: rank findings by the goroutines a
running program holds at their go statements.

FILE is a goroutine dump from the program (``curl
localhost:6060/debug/pprof/goroutine?debug=2``, or ``?debug=1``, or the
``goroutineleak`` profile in either text form).  Goroutines are grouped by
creation site; a finding whose go statements hold goroutines gets an
evidence object ``{"goroutines": N, "blocked_forever": K, "stack": ...,
"profiles": {FILE: N}}``, and findings are ranked by N.
"""

from __future__ import annotations

import os
from ..discovery import UsageError
from ..gomod import find_gomod
from ..model import Finding
from .dump import DumpError, Goroutine, parse
from .prove import _stack_text
from .sites import GOROUTINE_RULES, belongs, sites_for


def load_profiles(paths: list[str]) -> list[tuple[str, list[Goroutine]]]:
    """Read and parse each dump; a bad one is a one-line UsageError."""
    out = []
    for path in paths:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as e:
            raise UsageError(f"--from-profile {path}: {e.strerror}") from None
        text = data.decode("utf-8", "replace") if not data.startswith(b"\x1f\x8b") else "\x1f\x8b"
        try:
            out.append((path, parse(text)))
        except DumpError as e:
            raise UsageError(f"--from-profile {path}: {e}") from None
    return out


def rank(findings: list[Finding], profiles: list[tuple[str, list[Goroutine]]]) -> list[tuple[Finding, dict | None]]:
    """Findings with their evidence (or None), those holding the most goroutines first."""
    sources: dict[str, bytes] = {}
    ranked: list[tuple[Finding, dict | None]] = []
    for f in findings:
        ev = None
        if f.code in GOROUTINE_RULES:
            if f.path not in sources:
                try:
                    with open(f.path, "rb") as fh:
                        sources[f.path] = fh.read()
                except OSError:
                    sources[f.path] = b""
            sites = sites_for(f, sources[f.path])
            gm = find_gomod(os.path.dirname(os.path.abspath(f.path)))
            root = gm.root if gm else None
            total = blocked = 0
            per_file: dict[str, int] = {}
            sample: Goroutine | None = None
            for path, gs in profiles:
                for g in gs:
                    if any(belongs(g, s, root) for s in sites):
                        total += g.count
                        blocked += g.count if g.leaked else 0
                        per_file[path] = per_file.get(path, 0) + g.count
                        if sample is None or (g.leaked and not sample.leaked):
                            sample = g
            if total:
                ev = {"goroutines": total, "blocked_forever": blocked, "stack": _stack_text(sample), "profiles": per_file}
        ranked.append((f, ev))
    ranked.sort(key=lambda fe: -(fe[1]["goroutines"] if fe[1] else 0))  # stable: ties keep file order
    return ranked


def print_ranked(ranked: list[tuple[Finding, dict | None]], fmt: str, out, only_evidence: bool) -> int:
    """Write the report; returns how many findings it shows."""
    shown = [(f, ev) for f, ev in ranked if ev or not only_evidence]
    if fmt == "json":
        import json

        json.dump([{**f.to_json(), "evidence": ev} for f, ev in shown], out, indent=2)
        out.write("\n")
        return len(shown)
    for f, ev in shown:
        out.write(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}\n")
        if ev:
            n = ev["goroutines"]
            line = f"  {n} goroutine{'s' if n != 1 else ''} in the profile"
            if ev["blocked_forever"]:
                line += f" ({ev['blocked_forever']} marked leaked)"
            out.write(line + ":\n")
            out.write("".join("    " + ln + "\n" for ln in ev["stack"].rstrip("\n").splitlines()))
    return len(shown)
