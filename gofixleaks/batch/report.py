"""``batch status`` (a table or JSON) and the campaign's ``report.md``."""

from __future__ import annotations

import json
import os
from collections import Counter

from . import ledger as L
from .campaign import Campaign
from .ledger import Ledger, Row
from .publish import write_atomic


def rows_for(led: Ledger, targets) -> list[Row]:
    """The ledger rows of these targets; a target the ledger does not know yet
    is shown planned."""
    out: list[Row] = []
    for t in targets:
        rows = led.rows(t.repo)
        out += rows or [Row(repo=t.repo, module="", state=L.PLANNED)]
    return out


def state_label(r: Row) -> str:
    if r.state == L.FAILED:
        return f"failed: {r.reason}"
    if r.state == L.RUNNING and r.stage == "publish":
        return "running (publish)"
    return r.state


def _where(r: Row) -> str:
    return r.pr_url or r.patch


def _first_line(text: str, width: int = 70) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= width else line[: width - 3] + "..."


def counts(rows: list[Row]) -> tuple[Counter, Counter]:
    states = Counter(r.state for r in rows)
    reasons = Counter(r.reason for r in rows if r.state == L.FAILED)
    return states, reasons


def table(rows: list[Row]) -> str:
    header = ("repo", "module", "state", "fixes", "verified", "reverted", "PR / patch", "error")
    body = [
        (r.repo, r.module or "-", state_label(r), str(sum(r.fixes.values())), str(r.verified), str(r.reverted),
         _where(r), _first_line(r.error))
        for r in rows
    ]
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(header)]
    lines = []
    for cells in (header, *body):
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())
    states, reasons = counts(rows)
    lines.append("")
    lines.append(f"{len({r.repo for r in rows})} repositories, {len(rows)} rows: " + ", ".join(
        f"{s} {states[s]}" for s in L.STATES if states[s]))
    if reasons:
        lines.append("failed by class: " + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())))
    return "\n".join(lines) + "\n"


def as_json(campaign: Campaign, rows: list[Row]) -> str:
    states, reasons = counts(rows)
    doc = {
        "campaign": campaign.name,
        "forge": campaign.forge,
        "rows": [r.to_json() for r in rows],
        "counts": {"states": dict(sorted(states.items())), "failed": dict(sorted(reasons.items()))},
    }
    return json.dumps(doc, indent=2, sort_keys=False) + "\n"


def exit_code(led: Ledger, targets) -> int:
    rows = rows_for(led, targets)
    return 0 if all(r.final and r.state != L.FAILED for r in rows) else 1


def markdown(campaign: Campaign, rows: list[Row]) -> str:
    states, reasons = counts(rows)
    out = [f"# Campaign {campaign.name}", ""]
    out.append(f"Forge: {campaign.forge}; branch: `{campaign.branch}`; split: {campaign.split}.")
    out.append("")
    out.append("| state | count |")
    out.append("| --- | ---: |")
    for s in L.STATES:
        if states[s]:
            out.append(f"| {s} | {states[s]} |")
    for k, v in sorted(reasons.items()):
        out.append(f"| failed: {k} | {v} |")
    by_rule: Counter = Counter()
    for r in rows:
        by_rule.update(r.fixes)
    if by_rule:
        out += ["", "Fixes by rule: " + ", ".join(f"{k} {v}" for k, v in sorted(by_rule.items())) + "."]
    out += ["", "| repository | module | state | fixes by rule | verified | reverted | unverified | PR / patch |",
            "| --- | --- | --- | --- | ---: | ---: | ---: | --- |"]
    for r in rows:
        fixes = ", ".join(f"{k} {v}" for k, v in sorted(r.fixes.items())) or "-"
        where = r.pr_url or r.patch
        link = f"[{where}]({where})" if where else ""
        out.append(f"| {r.repo} | {r.module or '-'} | {state_label(r)} | {fixes} | {r.verified} | {r.reverted} | {r.unverified} | {link} |")
    failures = [r for r in rows if r.state == L.FAILED and r.error]
    if failures:
        out += ["", "## Failures", ""]
        for r in failures:
            out.append(f"### {r.repo} {r.module or ''} ({r.reason})".rstrip())
            out += ["", "```", r.error.strip(), "```", ""]
    return "\n".join(out).rstrip() + "\n"


def write_report(campaign: Campaign, led: Ledger, targets) -> None:
    """report.md in the campaign directory, written only when it changes."""
    text = markdown(campaign, rows_for(led, targets))
    path = campaign.report_path
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return
    except OSError:
        pass
    write_atomic(path, text.encode())


def status(campaign: Campaign, targets, fmt: str = "text") -> tuple[str, int]:
    """The status text and the exit code; reads the ledger only."""
    if not os.path.exists(campaign.ledger_path):
        rows = [Row(repo=t.repo, module="", state=L.PLANNED) for t in targets]
        code = 1
    else:
        led = Ledger(campaign.ledger_path, readonly=True)
        try:
            rows = rows_for(led, targets)
            code = exit_code(led, targets)
        finally:
            led.close()
    return (as_json(campaign, rows) if fmt == "json" else table(rows)), code
