"""``gofixleaks --stdin-filename NAME -``: check source read from stdin as if
it were the file NAME (editor integrations).

The source is checked in a private temporary directory beside copies of
NAME's sibling ``.go`` files and of the ``go.mod`` that governs NAME (the
package-level rules see the package, the rules see the module's ``go``
version); nothing is written next to NAME.  Fixes that would also edit a
sibling file cannot be returned as one source, so they are not applied (a
note says so).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import replace

from .engine import RunResult, process_package
from .gomod import find_gomod


def _copy_context(name: str, tmp: str) -> None:
    directory = os.path.dirname(os.path.abspath(name))
    base = os.path.basename(name)
    mod = find_gomod(directory)
    if mod is not None:
        shutil.copyfile(mod.path, os.path.join(tmp, "go.mod"))
    try:
        entries = os.listdir(directory)
    except OSError:
        return
    for e in entries:
        src = os.path.join(directory, e)
        if e.endswith(".go") and e != base and os.path.isfile(src):
            try:
                shutil.copyfile(src, os.path.join(tmp, e))
            except OSError:
                pass


def _rename(result: RunResult, tmp_path: str, name: str) -> None:
    for pres in result.packages:
        pres.files = [fr for fr in pres.files if fr.path == tmp_path]
        for fr in pres.files:
            fr.path = name
            for f in fr.findings:
                f.path = name
        for group in (pres.skipped, pres.errors):
            for s in group:
                if s.path in (tmp_path, os.path.dirname(tmp_path)):
                    s.path = name


def check_stdin(name: str, data: bytes, settings) -> tuple[RunResult, str | None]:
    """Findings (and with ``settings.fix``, the fixed source) of ``data`` as ``name``."""
    tmp = tempfile.mkdtemp(prefix="gofixleaks-stdin-")
    note = None
    try:
        _copy_context(name, tmp)
        path = os.path.join(tmp, os.path.basename(name) or "stdin.go")
        with open(path, "wb") as fh:
            fh.write(data)
        pres = process_package(tmp, [path], settings)
        if settings.fix and any(fr.fixed is not None and fr.path != path for fr in pres.files):
            # a fix reaches other files of the package: report without fixing
            pres = process_package(tmp, [path], replace(settings, fix=False))
            note = "fixes that also edit other files of the package are not applied to stdin; run --fix on the files"
        result = RunResult(packages=[pres])
        _rename(result, path, name)
        return result, note
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
