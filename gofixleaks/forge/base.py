"""The forge interface: the only thing the bot and the batch runner know of a forge.

One adapter per forge (github.py with PyGithub, gitlab.py with python-gitlab,
gitea.py with httpx) implements :class:`Forge`.  Git itself (clone, fetch,
commit, push) never goes through a forge adapter: see ``gofixleaks.gitops``.
The adapter only supplies the credentials for git's HTTP calls
(:meth:`Forge.git_auth_env`), so that no token is ever written into a remote
URL or ``.git/config``.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Callable, Literal, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")
PRState = Literal["open", "closed", "merged"]


class ForgeError(Exception):
    """A forge call failed.  ``kind`` is the batch runner's failure class."""

    kind = "forge"


class AuthError(ForgeError):
    """The token was refused (401/403 on a read of the repository)."""

    kind = "auth"


class NotFound(ForgeError):
    kind = "forge"


class RateLimited(ForgeError):
    """Still rate limited after the bounded retries."""

    kind = "forge"

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RepoInfo:
    full_name: str  # "owner/name" (GitLab: the project's path with namespace)
    default_branch: str
    clone_url: str  # https URL, without credentials
    web_url: str = ""


@dataclass
class PullRequest:
    number: int  # GitHub/Gitea number, GitLab iid
    url: str  # the web page
    state: PRState
    head_branch: str
    base_branch: str
    title: str = ""
    body: str = ""
    labels: tuple[str, ...] = ()
    head_sha: str = ""


@dataclass(frozen=True)
class PROptions:
    labels: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()
    draft: bool = False


class Forge(ABC):
    name: str = ""  # "github" | "gitlab" | "gitea"
    token_variable: str = ""  # the environment variable a refused token is named by
    body_limit: int = 65536  # characters the forge accepts in a PR/MR body
    api_url: str = ""
    on_wait: Callable[[str, float], None] | None = None  # told (what, seconds) before each rate-limit wait

    @property
    def host(self) -> str:
        """The API host, the unit of rate limiting for the batch publisher."""
        return urlsplit(self.api_url).netloc

    def _retrying(self, what: str, once: Callable[[], T]) -> T:
        """``once()``, tried again (bounded, see forge.retry) while it raises
        ``retry.Throttled``; ``on_wait`` hears of each wait before the sleep."""
        from . import retry  # retry imports this module

        def notify(wait: float) -> None:
            if self.on_wait:
                self.on_wait(what, wait)
            time.sleep(wait)

        return retry.call(once, what, sleep=notify)

    def _not_visible(self, kind: str, repo: str) -> AuthError:
        """A repository the token cannot see (a 404 on reading it)."""
        return AuthError(f"{kind} {repo} not found on {self.api_url}, or {self.token_variable} cannot see it")

    @abstractmethod
    def get_repo(self, repo: str) -> RepoInfo:
        """Read the repository: raises AuthError for a refused token."""

    @abstractmethod
    def find_prs(self, repo: str, head_branch: str, state: Literal["open", "all"] = "open") -> list[PullRequest]:
        """PRs/MRs whose head is ``head_branch`` in the repository itself, newest first."""

    @abstractmethod
    def create_pr(self, repo: str, *, head: str, base: str, title: str, body: str, options: PROptions = PROptions()) -> PullRequest: ...

    @abstractmethod
    def update_pr(self, repo: str, number: int, *, title: str, body: str, labels: tuple[str, ...] = ()) -> PullRequest: ...

    @abstractmethod
    def comment(self, repo: str, number: int, body: str) -> None: ...

    @abstractmethod
    def close_pr(self, repo: str, number: int) -> None: ...

    @abstractmethod
    def delete_branch(self, repo: str, branch: str) -> None:
        """Delete a branch on the forge; a missing branch is not an error."""

    @abstractmethod
    def git_auth_env(self) -> dict[str, str]:
        """Environment for one git command that talks to this forge over HTTP.

        For example GIT_CONFIG_COUNT/GIT_CONFIG_KEY_0/GIT_CONFIG_VALUE_0 setting
        ``http.extraHeader`` to an Authorization header: passed per command,
        never stored in ``.git/config`` or a remote URL.
        """


@dataclass
class ForgeConfig:
    """What configures an adapter: from CI's environment, overridden by flags."""

    forge: str  # github | gitlab | gitea
    api_url: str
    token: str = field(repr=False, default="")
    token_variable: str = ""
    repo: str = ""  # OWNER/NAME (GitLab: path with namespace, or a numeric id)
    base: str = ""  # CI's default branch when it sets one (GitLab)
