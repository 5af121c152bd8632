"""``gofixleaks rules`` and ``gofixleaks rule CODE|NAME``, each with ``--format text|json``."""

from __future__ import annotations

import argparse
import json
import sys

from .registry import RULES, Rule, resolve
from .ruleinfo import fix_safety, go_versions

EXIT_OK, EXIT_ERROR = 0, 2


def lookup(text: str) -> Rule | None:
    """A rule by code (``LK101``, redirects included) or by name (``unclosed-response-body``)."""
    rule = resolve(text)
    if rule is not None:
        return rule
    return next((r for r in RULES if r.name == text.strip().lower()), None)


def rule_json(rule: Rule, doc: bool = False) -> dict:
    out = {
        "code": rule.code,
        "name": rule.name,
        "summary": rule.summary,
        "preview": [d for _, d in rule.preview_shapes],
        "fixable": rule.fixable,
        "fix_safety": fix_safety(rule),
        "go_versions": go_versions(rule),
    }
    if doc:
        out["doc"] = rule.doc
    return out


def rule_markdown(rule: Rule) -> str:
    """The full documentation of one rule (``gofixleaks rule``, ``docs/rules/``)."""
    return (
        f"# {rule.code} {rule.name}\n\n{rule.summary}.\n\n"
        f"- Fix: {fix_safety(rule)}\n- Go versions: {go_versions(rule)}\n\n{rule.doc}\n"
    )


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def _parse(prog: str, argv: list[str], with_rule: bool) -> argparse.Namespace:
    p = _Parser(prog=prog, description="Print a rule's documentation." if with_rule else "List the rules.")
    if with_rule:
        p.add_argument("rule", metavar="CODE|NAME", help="a rule code (LK101) or name (unclosed-response-body)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    return p.parse_args(argv)


def rules_main(argv: list[str]) -> int:
    args = _parse("gofixleaks rules", argv, with_rule=False)
    if args.format == "json":
        sys.stdout.write(json.dumps([rule_json(r) for r in RULES], indent=2) + "\n")
        return EXIT_OK
    width = max(len(r.name) for r in RULES)
    fwidth = max(len(fix_safety(r)) for r in RULES)
    lines = [f"{'code':<5}  {'name':<{width}}  {'fix':<{fwidth}}  summary"]
    for r in RULES:
        lines.append(f"{r.code}  {r.name:<{width}}  {fix_safety(r):<{fwidth}}  {r.summary}")
        gate = go_versions(r)
        if gate != "every version":
            lines.append(f"{'':<5}  {'':<{width}}  {'':<{fwidth}}  Go: {gate}")
        if r.preview_shapes:
            lines.append(f"{'':<5}  {'':<{width}}  {'':<{fwidth}}  preview (--preview): " + "; ".join(d for _, d in r.preview_shapes))
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def rule_main(argv: list[str]) -> int:
    args = _parse("gofixleaks rule", argv, with_rule=True)
    rule = lookup(args.rule)
    if rule is None:
        sys.stderr.write(f"gofixleaks: error: unknown rule {args.rule!r} (see 'gofixleaks rules')\n")
        return EXIT_ERROR
    if args.format == "json":
        sys.stdout.write(json.dumps(rule_json(rule, doc=True), indent=2) + "\n")
    else:
        sys.stdout.write(rule_markdown(rule))
    return EXIT_OK
