"""Publishing to a forge through the bot: ``gofixleaks.bot.lifecycle.publish``.

The worker that prepared a module may run on another machine, so its commit
comes back as a git bundle.  The driver keeps one partial clone per
repository (``--filter=blob:none``, through ``gitops``), fetches the bundle
into the module's branch there, and hands the unpickled ``Prepared`` to the
bot's ``publish``: push with a lease (nothing when the remote branch already
holds the tree), then the PR found by its head branch is updated, or created.
Running it twice gives one PR.
"""

from __future__ import annotations

import base64
import os
import pickle
import shutil
import tempfile

from .. import gitops
from ..discovery import UsageError
from ..forge import config_from_env, make_forge
from ..forge.base import AuthError, ForgeError, PROptions, RateLimited
from . import ledger as L
from .campaign import Campaign
from .ledger import Row
from .publish import Outcome, Publisher


class ForgePublisher(Publisher):
    def __init__(self, campaign: Campaign, workdir: str | None, forge=None):
        self.c = campaign
        self.targets = {t.repo: t for t in campaign.targets}
        if forge is None:
            try:
                cfg = config_from_env(os.environ, forge=campaign.forge, api_url=campaign.api_url)
            except ForgeError as e:
                raise UsageError(str(e)) from None
            if not cfg.token:
                raise UsageError(f"no token for {campaign.forge}: set {cfg.token_variable}")
            self.token_variable = cfg.token_variable
            forge = make_forge(cfg)
        else:
            self.token_variable = getattr(forge, "token_variable", "") or "the token"
        self.forge = forge
        base = workdir or tempfile.gettempdir()
        os.makedirs(base, exist_ok=True)
        self.scratch = tempfile.mkdtemp(prefix="gofixleaks-publish.", dir=base)
        self.clones: dict[str, str] = {}

    def check(self) -> None:
        first = self.c.targets[0].repo
        try:
            self.forge.get_repo(first)
        except AuthError:
            raise UsageError(f"{self.c.forge} refused the token reading {first}: check {self.token_variable}; nothing was pushed") from None
        except ForgeError:
            pass  # one repository's problem: it fails on its own row

    def _clone(self, row: Row, base_branch: str):
        path = self.clones.get(row.repo)
        if path is not None:
            return gitops.open_repo(path)
        path = os.path.join(self.scratch, row.repo.replace("/", "__"))
        repo = gitops.clone(self.c.url_for(self.targets[row.repo]), path, auth_env=self.forge.git_auth_env(),
                            partial=True, branch=base_branch or None)
        self.clones[row.repo] = path
        return repo

    def publish(self, row: Row, payload: dict) -> Outcome:
        from ..bot import lifecycle

        try:
            prepared = pickle.loads(base64.b64decode(payload["prepared"]))
            repo = self._clone(row, payload.get("base_branch", ""))
            with tempfile.NamedTemporaryFile(suffix=".bundle", dir=self.scratch, delete=False) as fh:
                fh.write(base64.b64decode(payload["bundle"]))
            try:
                repo.git.fetch("--no-tags", fh.name, f"+refs/heads/{prepared.branch}:refs/heads/{prepared.branch}")
            finally:
                os.unlink(fh.name)
            prepared.repo_root = gitops.toplevel(repo)
            res = lifecycle.publish(prepared, self.forge, row.repo,
                                    options=PROptions(labels=self.c.labels, draft=self.c.draft))
        except AuthError as e:
            return Outcome(L.FAILED, reason="auth", error=str(e))
        except RateLimited as e:
            return Outcome(L.FAILED, reason="forge", error=str(e), retry_after=e.retry_after or 60.0)
        except (ForgeError, gitops.GitError) as e:
            return Outcome(L.FAILED, reason="forge", error=str(e))
        except Exception as e:  # noqa: BLE001 - one module's problem never stops the campaign
            return Outcome(L.FAILED, reason="internal", error=f"{type(e).__name__}: {e}")
        url = res.pr.url if res.pr else ""
        if res.action in ("created", "updated", "unchanged", "kept"):
            return Outcome(L.PR_OPEN, pr_url=url, word=res.action)
        if res.action == "none" and res.pr is not None:  # merged or closed by a person: never reopened
            return Outcome(L.MERGED if res.pr.state == "merged" else L.CLOSED, pr_url=url, word="none")
        if res.action == "closed":
            return Outcome(L.CLOSED, pr_url=url, word="closed")
        return Outcome(L.FAILED, reason="internal", error="; ".join(res.messages) or f"publish: {res.action}")

    def pr_state(self, row: Row) -> str | None:
        try:
            prs = self.forge.find_prs(row.repo, row.branch, "all")
        except ForgeError:
            return None
        if not prs or any(pr.state == "open" for pr in prs):
            return None
        return L.MERGED if prs[0].state == "merged" else L.CLOSED

    def close(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)
