"""A persistent cache of package results, like ruff's.

Where: ``.gofixleaks_cache/`` at the project root (see :func:`project_root`),
or ``--cache-dir DIR`` / ``GOFIXLEAKS_CACHE_DIR``; ``--no-cache`` turns it off.
The directory holds its own ``.gitignore`` (``*``) and a ``CACHEDIR.TAG``.

The unit is the one the engine works on: a directory (a Go package), because
rules read the package's other files (package-level rules, declarations looked
up in siblings, names mentioned in ``.s``/``.c`` files).  One entry per
package and run configuration:

- its file name is a hash of the key: the format version, the tool's version
  and source fingerprint, the effective settings, the directory (as named and
  absolute) and the selected files;
- inside, the key again (a foreign or colliding entry is rejected), the
  content hash of every ``.go``, ``.s``, ``.c`` and ``.h`` file of the
  directory and of the governing ``go.mod`` (so a changed sibling or ``go``
  line re-checks the package), and the result.

A file whose size, mtime, ctime and inode are those recorded, and whose mtime
is older than the entry by more than two seconds, is taken as unchanged
without reading it (git's "racily clean" rule); any other file is read and
hashed.  Entries are written to a temporary file and renamed into place, so
runs sharing the directory never see half an entry; an entry that does not
decode, or does not match its key, is a miss and is rewritten.

``--fix`` and ``--diff`` use the cache only to learn that a package has
nothing to fix; a package with fixes is always recomputed.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass

from .. import __version__
from ..gomod import find_gomod
from ..model import Edit, FileResult, Finding, Fix, PackageResult, Safety, Skipped

SCHEMA = 2  # 2: partial (functions skipped for syntax errors)
MAGIC = "gofixleaks-cache"
DIRNAME = ".gofixleaks_cache"
ENV = "GOFIXLEAKS_CACHE_DIR"
EXTENSIONS = (".go", ".s", ".c", ".h")  # what rules read in a package directory
ROOT_MARKERS = (".gofixleaks.toml", "gofixleaks.toml", "go.mod", ".git", "pyproject.toml")
RACY_NS = 2_000_000_000


# ---- where ---------------------------------------------------------------------

def project_root(paths: list[str]) -> str:
    """The nearest directory, from the first path upward, holding a
    configuration file, ``go.mod``, ``.git`` or ``pyproject.toml``; else the
    current directory."""
    first = (paths or ["."])[0]
    if first == "..." or first.endswith("/..."):
        first = first[:-3].rstrip("/") or "."
    directory = os.path.abspath(first)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    while True:
        if any(os.path.exists(os.path.join(directory, m)) for m in ROOT_MARKERS):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return os.getcwd()
        directory = parent


def cache_dir(paths: list[str], option: str | None = None, no_cache: bool = False) -> str | None:
    """The cache directory of a run: ``--cache-dir``, then ``GOFIXLEAKS_CACHE_DIR``,
    then ``.gofixleaks_cache`` at the project root; None with ``--no-cache``."""
    if no_cache:
        return None
    return option or os.environ.get(ENV) or os.path.join(project_root(paths), DIRNAME)


# ---- keys ------------------------------------------------------------------------

@functools.cache
def tool_fingerprint() -> str:
    """The tool's version and a hash of its own source files: an edited rule
    (or another version) never reads an older tool's results."""
    h = hashlib.blake2b(digest_size=16)
    h.update(__version__.encode())
    pkg = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for dirpath, dirnames, filenames in os.walk(pkg, followlinks=True):  # transforms/ is a symlink
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                h.update(os.path.relpath(path, pkg).encode() + b"\0")
                try:
                    with open(path, "rb") as fh:
                        h.update(fh.read())
                except OSError:
                    pass
    return f"{__version__}+{h.hexdigest()}"


@functools.cache
def _gofmt_fingerprint() -> str:
    exe = shutil.which("gofmt")
    if exe is None:
        return "none"
    try:
        st = os.stat(exe)
    except OSError:
        return exe
    return f"{exe}:{st.st_size}:{st.st_mtime_ns}"


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _stat(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _read(path: str) -> bytes | None:
    """The bytes of a regular file; None for anything else (a FIFO is never
    opened) or when it cannot be read (the engine then reports why)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def _read_hash(path: str) -> str | None:
    data = _read(path)
    return None if data is None else _hash(data)


def _names(directory: str) -> list[str]:
    try:
        return sorted(n for n in os.listdir(directory or ".") if n.endswith(EXTENSIONS))
    except OSError:
        return []


def _gomod_path(directory: str) -> str | None:
    mod = find_gomod(os.path.abspath(directory or "."))
    return mod.path if mod else None


@dataclass
class Snapshot:
    """The state of a package directory's inputs, taken before the rules ran."""

    taken_ns: int
    files: dict[str, list]  # name -> [stat..., hash]
    gomod: list | None  # [path, stat..., hash]
    data: dict[str, bytes]  # normalized path -> the bytes hashed (the rules read these)


def snapshot(directory: str) -> Snapshot:
    taken = time.time_ns()
    files = {}
    data = {}
    for name in _names(directory):
        path = os.path.join(directory, name)
        st = _stat(path)
        content = _read(path)
        files[name] = [st, None if content is None else _hash(content)]
        if content is not None:
            data[os.path.normpath(path)] = content
    gm = _gomod_path(directory)
    gomod = None if gm is None else [gm, _stat(gm), _read_hash(gm)]
    return Snapshot(taken, files, gomod, data)


# ---- the cache -------------------------------------------------------------------

class PackageCache:
    """Entries for one run's settings under ``root`` (picklable: sent to workers)."""

    def __init__(self, root: str, settings) -> None:
        self.root = root
        self.dir = os.path.join(root, f"v{SCHEMA}")
        # gofmt checks fixes and formats some fix texts (LK301), also when checking
        parts = [MAGIC, str(SCHEMA), tool_fingerprint(), repr(settings), _gofmt_fingerprint()]
        if settings.per_file_ignores:
            parts.append(os.getcwd())  # the globs match paths relative to it
        self.run_key = "\n".join(parts)
        self.fix_mode = bool(settings.fix)
        self.hits = 0
        self.stores = 0

    # the key of one package
    def _key(self, directory: str, paths: list[str]) -> str:
        return "\n".join([self.run_key, directory, os.path.abspath(directory or "."), *sorted(paths)])

    def _entry_path(self, key: str) -> str:
        return os.path.join(self.dir, _hash(key.encode()) + ".json")

    def load(self, directory: str, paths: list[str]) -> PackageResult | None:
        """The cached result of the package, or None (missing, stale, foreign, corrupt)."""
        key = self._key(directory, paths)
        path = self._entry_path(key)
        try:
            with open(path, "rb") as fh:
                entry = json.loads(fh.read())
            if not isinstance(entry, dict) or entry.get("magic") != MAGIC or entry.get("schema") != SCHEMA or entry.get("key") != key:
                return None
            fresh = self._fresh(directory, entry)
            if fresh is None:
                return None
            result = _decode_result(entry["result"])
            if self.fix_mode and any(fr.fixed is not None for fr in result.files):
                return None  # fixes are always recomputed
            for fr in result.files:
                with open(fr.path, "rb") as fh:
                    fr.original = fh.read()
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            return None
        if fresh:  # files were racily clean: re-date the entry (their hashes matched)
            entry["taken_ns"] = time.time_ns()
            for name, rec in entry["files"].items():
                rec[0] = _stat(os.path.join(directory, name))
            if entry["gomod"] is not None:
                entry["gomod"][1] = _stat(entry["gomod"][0])
            self._write(path, entry)
        self.hits += 1
        return result

    def _fresh(self, directory: str, entry: dict) -> bool | None:
        """None when an input changed; else whether some file had to be re-hashed."""
        taken = entry["taken_ns"]
        files = entry["files"]
        if not isinstance(taken, int) or not isinstance(files, dict) or sorted(files) != _names(directory):
            return None
        rehashed = False

        def same(path: str, rec_stat, rec_hash) -> bool:
            nonlocal rehashed
            st = _stat(path)
            if st is not None and st == rec_stat and st[1] < taken - RACY_NS:
                return True
            rehashed = True
            return rec_hash is not None and _read_hash(path) == rec_hash

        for name, rec in files.items():
            if not same(os.path.join(directory, name), rec[0], rec[1]):
                return None
        gm = _gomod_path(directory)
        rec = entry["gomod"]
        if (gm is None) != (rec is None):
            return None
        if rec is not None and (rec[0] != gm or not same(gm, rec[1], rec[2])):
            return None
        return rehashed

    def store(self, directory: str, paths: list[str], before: Snapshot, result: PackageResult) -> None:
        """Record ``result`` unless it has internal errors or an input changed while the rules ran."""
        if result.errors:
            return
        if self.fix_mode and any(fr.fixed is not None for fr in result.files):
            return
        for name, rec in before.files.items():
            if _stat(os.path.join(directory, name)) != rec[0]:
                return
        if _names(directory) != sorted(before.files):
            return
        key = self._key(directory, paths)
        entry = {
            "magic": MAGIC,
            "schema": SCHEMA,
            "key": key,
            "taken_ns": before.taken_ns,
            "files": before.files,
            "gomod": before.gomod,
            "result": _encode_result(result),
        }
        if self._write(self._entry_path(key), entry):
            self.stores += 1

    def _write(self, path: str, entry: dict) -> bool:
        try:
            ensure_dir(self.root)
            os.makedirs(self.dir, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-", suffix=".json")
            try:
                os.chmod(tmp, 0o644)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(json.dumps(entry, separators=(",", ":")).encode())
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            return False  # a read-only or full disk: the run goes on uncached
        return True


def ensure_dir(root: str) -> None:
    """Create the cache directory with its ``.gitignore`` and ``CACHEDIR.TAG``."""
    gitignore = os.path.join(root, ".gitignore")
    if os.path.exists(gitignore):
        return
    os.makedirs(root, exist_ok=True)
    for name, text in (
        (".gitignore", "# Automatically created by gofixleaks.\n*\n"),
        ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by gofixleaks.\n"),
    ):
        fd, tmp = tempfile.mkstemp(dir=root, prefix=".tmp-")
        os.chmod(tmp, 0o644)
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        os.replace(tmp, os.path.join(root, name))


# ---- encoding ----------------------------------------------------------------------
# JSON, never pickle: an entry is data, read with checks, never code.

def _b(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def _unb(text) -> bytes | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise TypeError("bytes field")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _str(v) -> str:
    if not isinstance(v, str):
        raise TypeError("string field")
    return v


def _int(v) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        raise TypeError("int field")
    return v


def _encode_finding(f: Finding) -> dict:
    fix = None
    if f.fix is not None:
        fix = {
            "title": f.fix.title,
            "safety": f.fix.safety.value,
            "edits": [[e.start, e.end, _b(e.text), e.path] for e in f.fix.edits],
            "imports": [imp if isinstance(imp, str) else list(imp) for imp in f.fix.imports],
            "requires": list(f.fix.requires),
        }
    return {
        "code": f.code, "name": f.name, "path": f.path, "line": f.line, "column": f.column,
        "end_line": f.end_line, "end_column": f.end_column, "message": f.message, "fix": fix,
        "applied": f.applied, "fix_note": f.fix_note, "notes": list(f.notes),
    }


def _decode_finding(d: dict) -> Finding:
    fix = None
    if d["fix"] is not None:
        fd = d["fix"]
        fix = Fix(
            title=_str(fd["title"]),
            edits=tuple(Edit(_int(s), _int(e), _unb(t), None if p is None else _str(p)) for s, e, t, p in fd["edits"]),
            safety=Safety(fd["safety"]),
            imports=tuple(_str(i) if isinstance(i, str) else (_str(i[0]), _str(i[1])) for i in fd["imports"]),
            requires=tuple(_str(r) for r in fd["requires"]),
        )
    if not isinstance(d["applied"], bool):
        raise TypeError("applied")
    return Finding(
        code=_str(d["code"]), name=_str(d["name"]), path=_str(d["path"]), line=_int(d["line"]),
        column=_int(d["column"]), end_line=_int(d["end_line"]), end_column=_int(d["end_column"]),
        message=_str(d["message"]), fix=fix, applied=d["applied"],
        fix_note=None if d["fix_note"] is None else _str(d["fix_note"]),
        notes=tuple(_str(n) for n in d["notes"]),
    )


def _encode_result(r: PackageResult) -> dict:
    return {
        "scanned": r.scanned,
        "parsed": r.parsed,
        "skipped": [[s.path, s.reason] for s in r.skipped],
        "partial": [[s.path, s.reason] for s in r.partial],
        "functions_skipped": r.functions_skipped,
        "files": [
            {"path": fr.path, "fixed": _b(fr.fixed), "findings": [_encode_finding(f) for f in fr.findings]}
            for fr in r.files
        ],
    }


def _decode_result(d: dict) -> PackageResult:
    return PackageResult(
        files=[
            FileResult(_str(fd["path"]), b"", _unb(fd["fixed"]), [_decode_finding(f) for f in fd["findings"]])
            for fd in d["files"]
        ],
        skipped=[Skipped(_str(p), _str(r)) for p, r in d["skipped"]],
        partial=[Skipped(_str(p), _str(r)) for p, r in d["partial"]],
        functions_skipped=_int(d["functions_skipped"]),
        scanned=_int(d["scanned"]),
        parsed=_int(d["parsed"]),
    )
