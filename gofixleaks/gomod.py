"""The nearest go.mod of a file and its ``go`` version."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

_GO_LINE = re.compile(rb"^go\s+(\d+)\.(\d+)(?:\.\d+)?\s*(?://.*)?$", re.M)
_MODULE_LINE = re.compile(rb"^module\s+(\S+)", re.M)


@dataclass(frozen=True)
class GoMod:
    path: str  # path of go.mod
    module: str | None
    go_version: tuple[int, int] | None

    @property
    def root(self) -> str:
        return os.path.dirname(self.path)


def parse_gomod(path: str, data: bytes) -> GoMod:
    m = _GO_LINE.search(data)
    mod = _MODULE_LINE.search(data)
    version = (int(m.group(1)), int(m.group(2))) if m else None
    module = mod.group(1).decode("utf-8", "replace").strip('"') if mod else None
    return GoMod(path, module, version)


@functools.lru_cache(maxsize=4096)
def find_gomod(directory: str) -> GoMod | None:
    """The go.mod governing ``directory`` (walking up), or None."""
    candidate = os.path.join(directory, "go.mod")
    try:
        with open(candidate, "rb") as fh:
            return parse_gomod(candidate, fh.read())
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError):
        pass
    except OSError:
        pass
    parent = os.path.dirname(directory)
    if parent == directory:
        return None
    return find_gomod(parent)
