"""Python: discovery as ruff does it, libcst for parsing, ``compile()`` as the
guard on every fixed file, ``# noqa`` / ``# gofixleaks: ignore[...]``.

libcst is imported lazily (in :mod:`.pycontext`), only when a Python file
passes a rule's byte prefilter.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib

# ruff's default `exclude` (the directories it never walks into)
SKIP_DIRS = frozenset(
    {
        ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
        ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype",
        ".ruff_cache", ".svn", ".tox", ".venv", ".vscode", "__pypackages__", "__pycache__",
        "_build", "buck-out", "build", "dist", "node_modules", "site-packages", "venv",
    }
)

_GENERATED = re.compile(rb"^#.*(?:\bgenerated\b|\bGenerated\b|\bGENERATED\b).*\bDO NOT EDIT\b", re.M)
# `# noqa`, `# noqa: PY101`, `# noqa: PY101, E501`
_NOQA = re.compile(rb"#\s*noqa(?::[ \t]*([A-Z]+[0-9]+(?:[ \t]*,[ \t]*[A-Z]+[0-9]+)*))?", re.I)
# `# gofixleaks: ignore`, `# gofixleaks: ignore[PY101, PY102]`
_IGNORE = re.compile(rb"#\s*gofixleaks:\s*ignore(?:\[([\w, ]*)\])?")
_MIN_VERSION = re.compile(r"(>=|~=|==|>)\s*(\d+)\.(\d+)")


class _Python:
    name = "python"
    suffixes = (".py",)

    def skip_dir(self, name: str) -> bool:
        return name in SKIP_DIRS

    def classify(self, data: bytes) -> str | None:
        if b"\0" in data:
            return "binary file (contains NUL bytes)"
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            return f"not valid UTF-8 (byte {e.start})"
        if b"DO NOT EDIT" in data and _GENERATED.search(data[:4096]):
            return "generated file (# ... generated ... DO NOT EDIT)"
        return None

    def syntax_error(self, data: bytes) -> str | None:
        return compile_error(data)

    def why_invalid(self, old: bytes, new: bytes, settings) -> str | None:
        if compile_error(old) is not None:
            return "the file has syntax errors; nothing is fixed in it"
        err = compile_error(new)
        if err is not None:
            return f"the fix would not compile ({err})"
        return None

    @functools.cache
    def missing(self) -> str | None:
        """Why Python files cannot be checked here (libcst missing), or None."""
        import importlib.util

        if importlib.util.find_spec("libcst") is None:
            return "libcst is not installed: pip install 'gofixleaks[python]' to check Python files"
        return None

    def suppressed(self, source: bytes, line: int, code: str) -> bool:
        lines = source.split(b"\n", line)
        for n in (line, line - 1):
            if n < 1 or n > len(lines):
                continue
            text = lines[n - 1]
            if b"#" not in text:
                continue
            for m in _NOQA.finditer(text):
                if m.group(1) is None or any(code.startswith(c.strip().upper().decode()) for c in m.group(1).split(b",")):
                    return True
            for m in _IGNORE.finditer(text):
                codes = [c.strip().upper().decode() for c in (m.group(1) or b"").split(b",") if c.strip()]
                if not codes or any(code.startswith(c) for c in codes):
                    return True
        return False


PYTHON = _Python()


@functools.lru_cache(maxsize=256)
def compile_error(data: bytes) -> str | None:
    """Does ``data`` compile (to an AST: no bytecode is produced)?  The error, or None."""
    import ast

    try:
        compile(data, "<file>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as e:
        return f"syntax error at {e.lineno}:{e.offset}: {e.msg}"
    except (ValueError, UnicodeDecodeError) as e:  # NUL bytes, bad encoding cookie
        return f"cannot compile: {e}"
    return None


# ---- the version gate: requires-python of the nearest pyproject.toml ---------

def _nearest_pyproject(directory: str) -> str | None:
    d = os.path.abspath(directory)
    while True:
        p = os.path.join(d, "pyproject.toml")
        if os.path.isfile(p):
            return p
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


@functools.lru_cache(maxsize=512)
def _requires_python(pyproject: str) -> tuple[int, int] | None:
    try:
        with open(pyproject, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    spec = (data.get("project") or {}).get("requires-python")
    if not isinstance(spec, str):
        return None
    return min_version(spec)


def min_version(spec: str) -> tuple[int, int] | None:
    """The lowest Python a ``requires-python`` specifier admits (``>=3.8,<4`` -> (3, 8))."""
    found = []
    for op, major, minor in _MIN_VERSION.findall(spec):
        v = (int(major), int(minor))
        found.append((v[0], v[1] + 1) if op == ">" else v)
    return min(found) if found else None


@functools.lru_cache(maxsize=1024)
def python_version_for(directory: str) -> tuple[int, int] | None:
    """The minimum Python version of the project ``directory`` belongs to, or
    None (unknown: rules then assume every supported version)."""
    p = _nearest_pyproject(directory)
    return _requires_python(p) if p else None
