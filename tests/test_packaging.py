"""The wheel carries every subpackage: pyproject.toml lists packages by hand
(transforms/ is installed through a symlink), so a new subpackage that is not
listed would work in an editable install and be missing from a real one."""

import os
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_every_subpackage_is_listed_in_pyproject():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as fh:
        listed = set(tomllib.load(fh)["tool"]["setuptools"]["packages"])
    found = {"gofixleaks"}
    for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, "gofixleaks"), followlinks=True):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        if "__init__.py" in filenames:
            found.add(os.path.relpath(dirpath, ROOT).replace(os.sep, "."))
    assert sorted(found - listed) == []
