"""Run-time evidence for goroutine findings.

* :func:`prove` (``gofixleaks prove``): the package's own tests, run with
  Go 1.26's goroutine leak profile, before and after the fixes (on a copy).
* :func:`rank` (``gofixleaks --from-profile FILE``): goroutine dumps from a
  running program, matched to the findings and ranked by goroutines held.
* :func:`markdown_section`: the evidence as a section of a PR body.
"""

from .dump import DumpError, Goroutine, parse
from .markdown import markdown_section
from .profile import load_profiles, rank
from .prove import ProveReport, Proof, prove

__all__ = ["DumpError", "Goroutine", "ProveReport", "Proof", "load_profiles", "markdown_section", "parse", "prove", "rank"]
