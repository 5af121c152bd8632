"""The run-time evidence as a markdown section of a pull request's body."""

from __future__ import annotations

import os


def _get(item, name):
    if isinstance(item, dict):
        return item.get(name)
    if name == "evidence":
        return getattr(item, "evidence", None)
    finding = getattr(item, "finding", item)
    return getattr(finding, name, None)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def sentence(ev: dict) -> str:
    """``proven: 10 goroutines leaked by TestX before this change, 0 after``."""
    before, after = ev["leaked_before"], ev.get("leaked_after")
    s = f"proven: {_plural(before, 'goroutine')} leaked by {ev['test']}"
    others = [t for t in (ev.get("tests") or {}) if t != ev["test"]]
    if others:
        s += f" (and {_plural(len(others), 'other test')})"
    s += " before this change"
    if after is None:
        return s + "; not measured after it"
    return s + f", {after} after"


def markdown_section(findings, root: str | None = None, heading: str = "### Run-time evidence") -> str:
    """A markdown section on the findings that carry evidence, for a PR body.

    ``findings``: what ``gofixleaks prove --format json`` prints (dicts with an
    ``evidence`` object), or :class:`~gofixleaks.evidence.prove.Proof` values
    (``ProveReport.proofs``).  ``root``: paths (the finding's, and those in
    the stack) are shown relative to it.
    Returns "" when no finding carries evidence, so the caller can always
    append it.
    """
    items = [f for f in findings if _get(f, "evidence")]
    if not items:
        return ""
    out = [
        heading,
        "",
        "Measured with the package's own tests and Go's `goroutineleak` profile "
        "(`GOEXPERIMENT=goroutineleakprofile`), before and after the fixes of this change "
        "(`gofixleaks prove`):",
        "",
    ]
    for f in items:
        ev = _get(f, "evidence")
        path = _get(f, "path")
        if root and path and os.path.isabs(path):
            path = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
        out.append(f"- **{_get(f, 'code')}** `{path}:{_get(f, 'line')}`: {sentence(ev)}.")
        stack = (ev.get("stack") or "").rstrip("\n")
        if root:  # the machine's paths do not belong in a PR
            stack = stack.replace(os.path.abspath(root).rstrip(os.sep) + os.sep, "")
        if stack:
            fence = "````" if "```" in stack else "```"
            out += ["  <details><summary>stack before the change</summary>", "", f"  {fence}text"]
            out += [f"  {ln}" for ln in stack.splitlines()]
            out += [f"  {fence}", "", "  </details>"]
    return "\n".join(out) + "\n"
