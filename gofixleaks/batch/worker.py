"""The work on one repository, in a worker process: data in, data out.

``run_task(task)`` is what an executor runs (a thread of the local pool, or a
Dask task): it starts ``python -m gofixleaks.batch.worker`` with the task as
JSON on stdin, and returns the JSON result it prints.  The repository's work
runs in that child process so that a timeout can stop it with everything it
started (its process group), and so that the engine may use its own process
pool inside a (daemonic) Dask worker.  A child killed by a signal raises
:class:`WorkerDied`, and the executor runs the task again.

``work(task)`` in the child: a partial clone of the target at its base branch,
the Go modules (every ``go.mod``, and the members of a ``go.work``), per module
a baseline ``go build ./...`` and ``go vet ./...``, then the bot's
``prepare`` (fix, verify, one commit per module on its branch) for the modules
whose baseline passes.  The result carries, per module, the commit as a git
bundle (so that the driver can publish it from any machine) and as a patch
(``git diff --binary`` from the base: applies with ``git apply`` at the
repository root).  It never writes the ledger and never calls a forge.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP_DIRS = ("vendor", "testdata", "node_modules")
_MAX_MESSAGE_LINES = 12


class WorkerDied(RuntimeError):
    """The worker process was killed before it returned a result."""


def run_task(task: dict) -> dict:
    """Run one repository's work in a child process, within the task's timeout."""
    timeout = float(task.get("timeout") or 1800)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gofixleaks.batch.worker"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        out, err = proc.communicate(json.dumps(task).encode(), timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        return {"repo": task["repo"], "state": "failed", "reason": "timeout",
                "error": f"the repository's work took longer than {timeout:g}s (campaign.timeout)", "units": []}
    finally:
        _kill_group(proc)  # whatever the worker left running (go build, git)
    if proc.returncode < 0:
        raise WorkerDied(f"{task['repo']}: the worker process was killed by signal {-proc.returncode}")
    lines = out.decode("utf-8", "replace").strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = [ln for ln in err.decode("utf-8", "replace").strip().splitlines() if ln.strip()][-6:]
        return {"repo": task["repo"], "state": "failed", "reason": "internal",
                "error": "worker exited %d: %s" % (proc.returncode, " / ".join(tail) or "no output"), "units": []}
    return json.loads(lines[-1])


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def trim(output: str) -> str:
    lines = [ln for ln in output.strip().splitlines() if ln.strip() and not ln.startswith("# ")]
    if len(lines) > _MAX_MESSAGE_LINES:
        lines = lines[:_MAX_MESSAGE_LINES] + [f"... ({len(lines) - _MAX_MESSAGE_LINES} more lines)"]
    return "\n".join(lines)


def _go_work_members(root: str) -> list[str]:
    path = os.path.join(root, "go.work")
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError:
        return []
    text = re.sub(r"//[^\n]*", "", text)
    members: list[str] = []
    for block in re.findall(r"^use\s*\(([^)]*)\)", text, re.M):
        members += block.split()
    members += re.findall(r"^use\s+([^\s(][^\s]*)", text, re.M)
    out = []
    for m in members:
        m = m.strip('"`')
        d = os.path.normpath(m)
        if not d.startswith(".."):
            out.append(d)
    return out


def find_modules(root: str) -> list[str]:
    """Module directories relative to ``root`` ("." for the root), sorted: every
    ``go.mod`` outside vendor/, testdata/ and the directories the go command
    ignores (``.x``, ``_x``), and the members of ``go.work``."""
    found: set[str] = set()
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith((".", "_")))
        if "go.mod" in files:
            found.add(os.path.relpath(directory, root))
    for m in _go_work_members(root):
        if os.path.isfile(os.path.join(root, m, "go.mod")):
            found.add(m)
    return sorted(found, key=lambda d: (d != ".", d))


def baseline(go: str, module_dir: str, deadline: float) -> str | None:
    """``go build ./...`` and ``go vet ./...`` in the module: None when both pass,
    else the compiler's (or vet's) message."""
    for args in (["build", "-o", os.devnull, "./..."], ["vet", "./..."]):
        left = max(1.0, deadline - time.monotonic())
        try:
            proc = subprocess.run([go, *args], cwd=module_dir, capture_output=True, text=True, timeout=left)
        except subprocess.TimeoutExpired:
            raise TimeoutError(f"go {args[0]} took too long") from None
        except OSError as e:
            return f"go {args[0]}: {e}"
        if proc.returncode != 0:
            text = proc.stdout + proc.stderr
            if args[0] == "build" and "matched no packages" in text:
                continue
            if args[0] == "build" and all("no non-test Go files" in ln for ln in text.strip().splitlines() if ln.strip()):
                continue
            return f"go {args[0]}: " + (trim(text) or f"exited {proc.returncode}")
    return None


def _scratch(task: dict) -> str:
    base = task.get("workdir") or os.path.join(tempfile.gettempdir(), "gofixleaks-batch")
    os.makedirs(base, exist_ok=True)
    return tempfile.mkdtemp(prefix=re.sub(r"[^A-Za-z0-9_.-]", "_", task["repo"]) + ".", dir=base)


def work(task: dict) -> dict:
    from .. import gitops
    from . import prepare as prep

    repo_name = task["repo"]
    result: dict = {"repo": repo_name, "state": "done", "reason": "", "error": "", "units": []}
    deadline = time.monotonic() + float(task.get("timeout") or 1800)
    scratch = _scratch(task)
    dest = os.path.join(scratch, "repo")
    try:
        try:
            repo = gitops.clone(task["url"], dest, auth_env=prep.auth_env(task), partial=True, branch=task.get("base") or None)
        except gitops.GitError as e:
            result.update(state="failed", reason="clone-failed", error=str(e))
            return result
        base_branch = task.get("base") or gitops.current_ref(repo)
        base_sha = repo.head.commit.hexsha
        result.update(base=base_branch, base_sha=base_sha)
        modules = find_modules(dest)
        if not modules:
            result.update(state="skipped", error="no go.mod in the repository")
            return result
        go = shutil.which("go")
        if go is None:
            result.update(state="failed", reason="internal", error="the Go toolchain (go) is not on the worker's PATH")
            return result
        good = []
        for m in modules:
            try:
                problem = baseline(go, os.path.join(dest, m), deadline)
            except TimeoutError as e:
                result.update(state="failed", reason="timeout", error=str(e))
                return result
            if problem:
                result["units"].append({"module": m, "state": "failed", "reason": "baseline-broken", "error": problem})
            else:
                good.append(m)
        if task.get("split") == "repo" and "." not in good and "." in modules:
            good = []  # one change for the whole repository, whose root module does not build: none
        if good:
            result["units"] += prep.prepare_modules(task, repo, dest, good, base_branch, base_sha)
        result["units"].sort(key=lambda u: (u["module"] != ".", u["module"]))
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def bundle(repo, branch: str, base_sha: str) -> str:
    """The commits of ``branch`` since ``base_sha`` as a git bundle, base64."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "b.bundle")
        repo.git.bundle("create", path, f"refs/heads/{branch}", f"^{base_sha}")
        with open(path, "rb") as fh:
            return base64.b64encode(fh.read()).decode()


def main() -> int:
    task = json.loads(sys.stdin.read())
    try:
        result = work(task)
    except Exception as e:  # noqa: BLE001 - the driver records it as failed: internal
        import traceback

        traceback.print_exc()
        result = {"repo": task.get("repo", "?"), "state": "failed", "reason": "internal",
                  "error": f"{type(e).__name__}: {e}", "units": []}
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
