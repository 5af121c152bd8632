import os
import shutil
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))


@pytest.fixture(scope="session")
def go():
    """The Go toolchain.  Tests that need it fail (never skip) without it."""
    exe = shutil.which("go")
    if exe is None or shutil.which("gofmt") is None:
        pytest.fail("the Go toolchain (go, gofmt) is not on PATH: install Go >= 1.22 to run these tests", pytrace=False)
    return exe


# One real Gitea per test session for every module that uses it (the bot's and
# the batch runner's tests): defined here so that pytest shares the instance.
from forge_fixtures import gitea_server  # noqa: E402,F401
