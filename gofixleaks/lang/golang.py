"""Go, as the engine has always handled it (tree-sitter-go, gofmt, ``//nolint``).

A thin wrapper: the engine keeps calling its Go code directly on the Go path
(so its behaviour and speed do not change); this object states the same
facts for code that works across languages.
"""

from __future__ import annotations


class _Go:
    name = "go"
    suffixes = (".go",)

    def skip_dir(self, name: str) -> bool:
        # the go command's rules
        return name in ("vendor", "testdata") or name.startswith((".", "_"))

    def classify(self, data: bytes) -> str | None:
        from ..engine import classify

        return classify(data)

    def syntax_error(self, data: bytes) -> str | None:
        from .. import parsing

        err = parsing.first_error(parsing.parse(data))
        if err is None:
            return None
        line, col = err.start_point
        return f"syntax error at {line + 1}:{col + 1}"

    def why_invalid(self, old: bytes, new: bytes, settings) -> str | None:
        from ..engine import _why_invalid

        return _why_invalid(old, new, settings)

    def suppressed(self, source: bytes, line: int, code: str) -> bool:
        from ..suppress import suppressed

        return suppressed(source, line, code)


GO = _Go()
