"""The rules of gofixleaks: one module per rule, each with its code, name,
summary, documentation (ruff's sections), byte prefilter, matcher and fix.

A rule module defines:

- ``CODE``, ``NAME``, ``SUMMARY``, ``DOC`` (sections: What it does / Why is this
  bad? / Example / Use instead / Fix safety / References);
- ``TRIGGERS``: byte strings; a file is parsed for this rule only if one occurs
  in it (or define ``prefilter(source: bytes) -> bool``);
- ``FIXABLE``: whether the rule can offer fixes;
- ``check(ctx: FileContext) -> Iterable[Finding]`` for a file-level rule, or
  ``check_package(pkg: PackageContext) -> Iterable[Finding]`` for a rule that
  needs the whole package (and may edit several of its files).

Register the module in ``gofixleaks/registry.py``.  Installed as
``gofixleaks.transforms`` (never as a top-level ``transforms``).
"""
