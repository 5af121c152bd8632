"""The worker's use of the bot's ``prepare``: fix, verify and commit each module
of a cloned repository, and turn each :class:`~gofixleaks.bot.lifecycle.Prepared`
into data for the driver.

Per module with a commit the unit carries a payload: the ``Prepared`` itself
(pickled, for the bot's ``publish`` in the driver), the commit as a git bundle
(with a forge), or the patch (``forge = "none"``).
"""

from __future__ import annotations

import base64
import os
import pickle
from collections import Counter

from ..config import settings_from_table
from ..settings import Settings


def auth_env(task: dict) -> dict[str, str]:
    """Credentials for git's HTTP calls to the forge, from this worker's own
    environment (the token never travels in a task)."""
    if task.get("forge", "none") == "none":
        return {}
    from ..forge import config_from_env, make_forge

    try:
        cfg = config_from_env(os.environ, forge=task["forge"], repo=task["repo"], api_url=task.get("api_url") or None)
        if not cfg.token:
            return {}
        return make_forge(cfg).git_auth_env()
    except Exception:  # noqa: BLE001 - a clone without credentials still works for public repositories
        return {}


def settings_for(task: dict, root: str) -> Settings:
    # globs in the campaign's rule keys are relative to the repository root
    return settings_from_table(os.path.join(root, "campaign.toml"), dict(task.get("rules") or {}), "[campaign]")


def patch_text(repo, base_sha: str, commit_sha: str) -> str:
    """``git diff --binary`` from the base: applies with ``git apply`` at the root."""
    return repo.git.diff("--binary", "--full-index", "--no-color", "--no-ext-diff", base_sha, commit_sha,
                         strip_newline_in_stdout=False)


def prepare_modules(task: dict, repo, root: str, modules: list[str], base_branch: str, base_sha: str) -> list[dict]:
    from ..bot import lifecycle
    from .worker import bundle

    split = "module" if task.get("split", "module") == "module" else "none"
    prepared = lifecycle.prepare(
        root, base_ref=base_sha, base_branch=base_branch, branch=task["branch"],
        settings=settings_for(task, root), split=split, title_template=task.get("title") or None, jobs=1,
        modules=list(modules) if split == "module" else None,
    )
    wanted = set(modules)
    units = []
    for p in prepared:
        unit = os.path.normpath(p.unit)
        if split == "module" and unit not in wanted:
            continue  # not asked for (its baseline failed: reported as baseline-broken already)
        v = p.verify
        fixes = Counter(f.code for f in p.fixed)
        u = {
            "module": unit, "branch": p.branch, "fixes": dict(sorted(fixes.items())),
            "verified": len(v.verified) if v else 0, "reverted": len(v.reverted) if v else 0,
            "unverified": len(v.unverified) if v else 0, "findings": len(p.fixed) + len(p.left),
            "error": "\n".join(p.errors),
        }
        if p.commit_sha is None:
            u["state"] = "failed" if p.errors else "no-change"
            if p.errors:
                u["reason"] = "internal"
        else:
            u.update(state="prepared", commit_sha=p.commit_sha, tree_sha=p.tree_sha)
            payload: dict = {"base_branch": base_branch}
            if task.get("forge", "none") == "none":
                payload["patch"] = patch_text(repo, base_sha, p.commit_sha)
            else:
                payload["bundle"] = bundle(repo, p.branch, base_sha)
                payload["prepared"] = base64.b64encode(pickle.dumps(p)).decode()
            u["payload"] = payload
        units.append(u)
    return units
