"""GitHub (and GitHub Enterprise) through PyGithub."""

from __future__ import annotations

import base64
from typing import Callable, Literal, TypeVar

from . import retry
from .base import AuthError, Forge, ForgeConfig, ForgeError, NotFound, PROptions, PullRequest, RepoInfo

T = TypeVar("T")


def _pr(p) -> PullRequest:
    state = "merged" if p.merged_at else p.state
    return PullRequest(
        number=p.number,
        url=p.html_url or "",
        state=state,
        head_branch=p.head.ref,
        base_branch=p.base.ref,
        title=p.title or "",
        body=p.body or "",
        labels=tuple(label.name for label in (p.labels or ())),
        head_sha=p.head.sha or "",
    )


class GitHubForge(Forge):
    name = "github"
    body_limit = 65536

    def __init__(self, config: ForgeConfig):
        import github
        from github import Auth

        self._gh_mod = github
        self.config = config
        self.token_variable = config.token_variable or "GITHUB_TOKEN"
        self.api_url = config.api_url.rstrip("/")
        self.gh = github.Github(
            base_url=self.api_url,
            auth=Auth.Token(config.token) if config.token else None,
            retry=None,  # rate limits are retried here, bounded (see forge.retry)
            timeout=30,
            per_page=100,
            lazy=True,
        )

    # ---- error translation --------------------------------------------------

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        GithubException = self._gh_mod.GithubException

        def once() -> T:
            try:
                return fn()
            except GithubException as e:
                headers = {k.lower(): v for k, v in (e.headers or {}).items()}
                message = e.message or (e.data.get("message") if isinstance(e.data, dict) else None) or str(e.data or "")
                limited = isinstance(e, self._gh_mod.RateLimitExceededException) or (
                    e.status in (403, 429) and ("retry-after" in headers or headers.get("x-ratelimit-remaining") == "0")
                )
                if limited:
                    raise retry.Throttled(f"{what}: {e.status} {message}", retry.wait_from_headers(headers)) from None
                if e.status in (401, 403):
                    raise AuthError(f"{what}: {e.status} {message}: check {self.token_variable}") from None
                if e.status == 404:
                    raise NotFound(f"{what}: 404 {message}") from None
                raise ForgeError(f"{what}: {e.status} {message}") from None
            except OSError as e:  # requests' ConnectionError is an OSError
                raise ForgeError(f"{what}: cannot reach {self.api_url}: {e.__class__.__name__}") from None

        return self._retrying(what, once)

    def _repo(self, repo: str):
        return self.gh.get_repo(repo)  # lazy: no request

    # ---- the interface ------------------------------------------------------

    def get_repo(self, repo: str) -> RepoInfo:
        def read():
            r = self._repo(repo)
            info = RepoInfo(full_name=r.full_name, default_branch=r.default_branch, clone_url=r.clone_url or "", web_url=r.html_url or "")
            perms = r.raw_data.get("permissions") if isinstance(r.raw_data, dict) else None
            if isinstance(perms, dict) and perms.get("push") is False:
                raise AuthError(f"{self.token_variable} can read {repo} but not push to it (contents: write is needed)")
            return info

        try:
            return self._call(f"GET {repo}", read)
        except NotFound:
            raise self._not_visible("repository", repo) from None

    def find_prs(self, repo: str, head_branch: str, state: Literal["open", "all"] = "open") -> list[PullRequest]:
        owner = repo.split("/", 1)[0]

        def read():
            pulls = self._repo(repo).get_pulls(state=state, head=f"{owner}:{head_branch}", sort="created", direction="desc")
            return [_pr(p) for p in pulls if p.head.ref == head_branch]

        return self._call(f"list pull requests of {repo}", read)

    def create_pr(self, repo: str, *, head: str, base: str, title: str, body: str, options: PROptions = PROptions()) -> PullRequest:
        r = self._repo(repo)
        p = self._call(f"create a pull request in {repo}", lambda: r.create_pull(base=base, head=head, title=title, body=body, draft=options.draft))
        if options.labels:
            issue = r.get_issue(p.number)  # lazy: no request
            self._call(f"label pull request #{p.number}", lambda: issue.set_labels(*options.labels))
        if options.reviewers:
            self._call(f"request reviewers on #{p.number}", lambda: p.create_review_request(reviewers=list(options.reviewers)))
        return PullRequest(p.number, p.html_url or "", "open", head, base, title, body, tuple(options.labels), p.head.sha or "")

    def update_pr(self, repo: str, number: int, *, title: str, body: str, labels: tuple[str, ...] = ()) -> PullRequest:
        p = self._repo(repo).get_pull(number)
        self._call(f"update pull request #{number}", lambda: p.edit(title=title, body=body))
        if labels:
            issue = self._repo(repo).get_issue(number)
            self._call(f"label pull request #{number}", lambda: issue.set_labels(*labels))
        return _pr(p)

    def comment(self, repo: str, number: int, body: str) -> None:
        issue = self._repo(repo).get_issue(number)  # lazy: no request
        self._call(f"comment on #{number}", lambda: issue.create_comment(body))

    def close_pr(self, repo: str, number: int) -> None:
        p = self._repo(repo).get_pull(number)
        self._call(f"close pull request #{number}", lambda: p.edit(state="closed"))

    def delete_branch(self, repo: str, branch: str) -> None:
        ref = self._repo(repo).get_git_ref(f"heads/{branch}")
        try:
            self._call(f"delete branch {branch}", ref.delete)
        except NotFound:
            pass
        except ForgeError as e:  # GitHub answers 422 "Reference does not exist"
            if "does not exist" not in str(e):
                raise

    def git_auth_env(self) -> dict[str, str]:
        return basic_auth_env("x-access-token", self.config.token)


def basic_auth_env(user: str, token: str) -> dict[str, str]:
    """``http.extraHeader`` with HTTP basic credentials, for one git command.

    The first entry (an empty value) resets any extra header inherited from
    the configuration, so that two Authorization headers are never sent.
    """
    if not token:
        return {}
    cred = base64.b64encode(f"{user}:{token}".encode()).decode()
    return {
        "GIT_CONFIG_COUNT": "2",
        "GIT_CONFIG_KEY_0": "http.extraHeader",
        "GIT_CONFIG_VALUE_0": "",
        "GIT_CONFIG_KEY_1": "http.extraHeader",
        "GIT_CONFIG_VALUE_1": f"Authorization: Basic {cred}",
    }
