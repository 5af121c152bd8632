"""GitLab (gitlab.com or self-managed) through python-gitlab.  A GitLab merge
request is this interface's pull request; its ``iid`` is the number."""

from __future__ import annotations

from typing import Callable, Literal, TypeVar

from . import retry
from .base import AuthError, Forge, ForgeConfig, ForgeError, NotFound, PROptions, PullRequest, RepoInfo
from .github import basic_auth_env

T = TypeVar("T")

_STATES = {"opened": "open", "closed": "closed", "merged": "merged", "locked": "closed"}
DRAFT_PREFIX = "Draft: "


def _mr(m: dict) -> PullRequest:
    return PullRequest(
        number=int(m["iid"]),
        url=m.get("web_url") or "",
        state=_STATES.get(m.get("state", ""), "closed"),
        head_branch=m.get("source_branch", ""),
        base_branch=m.get("target_branch", ""),
        title=m.get("title") or "",
        body=m.get("description") or "",
        labels=tuple(m.get("labels") or ()),
        head_sha=m.get("sha") or "",
    )


class GitLabForge(Forge):
    name = "gitlab"
    body_limit = 1_000_000  # GitLab's description limit (1 MB)

    def __init__(self, config: ForgeConfig):
        import gitlab
        import requests

        self._gl_mod = gitlab
        self.config = config
        self.token_variable = config.token_variable or "GITLAB_TOKEN"
        self.api_url = config.api_url.rstrip("/")
        server = self.api_url[: -len("/api/v4")] if self.api_url.endswith("/api/v4") else self.api_url
        self._last_headers: dict[str, str] = {}
        session = requests.Session()
        session.hooks["response"].append(self._remember)
        self.gl = gitlab.Gitlab(server, private_token=config.token or None, timeout=30, session=session, per_page=100)

    def _remember(self, response, *args, **kwargs):
        self._last_headers = dict(response.headers)

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        exc = self._gl_mod.exceptions

        def once() -> T:
            try:
                return fn()
            except exc.GitlabError as e:
                code = getattr(e, "response_code", None)
                message = e.error_message if isinstance(e.error_message, str) else str(e.error_message)
                if code == 429:
                    raise retry.Throttled(f"{what}: 429 {message}", retry.wait_from_headers(self._last_headers)) from None
                if code in (401, 403):
                    raise AuthError(f"{what}: {code} {message}: check {self.token_variable}") from None
                if code == 404:
                    raise NotFound(f"{what}: 404 {message}") from None
                raise ForgeError(f"{what}: {code or ''} {message}".replace("  ", " ")) from None
            except OSError as e:
                raise ForgeError(f"{what}: cannot reach {self.api_url}: {e.__class__.__name__}") from None

        return self._retrying(what, once)

    def _project(self, repo: str):
        return self.gl.projects.get(repo, lazy=True)

    def get_repo(self, repo: str) -> RepoInfo:
        def read():
            p = self.gl.projects.get(repo, obey_rate_limit=False)
            perms = p.attributes.get("permissions") or {}
            levels = [(perms.get(k) or {}).get("access_level", 0) for k in ("project_access", "group_access")]
            if perms and max(levels) and max(levels) < 30:  # below Developer: cannot push
                raise AuthError(f"{self.token_variable} can read {repo} but not push to it (Developer role or more is needed)")
            return RepoInfo(
                full_name=p.path_with_namespace,
                default_branch=p.default_branch or "",
                clone_url=p.http_url_to_repo or "",
                web_url=p.web_url or "",
            )

        try:
            return self._call(f"GET project {repo}", read)
        except NotFound:
            raise self._not_visible("project", repo) from None

    def find_prs(self, repo: str, head_branch: str, state: Literal["open", "all"] = "open") -> list[PullRequest]:
        query = {"source_branch": head_branch, "order_by": "created_at", "sort": "desc"}
        if state == "open":
            query["state"] = "opened"

        def read():
            mrs = self._project(repo).mergerequests.list(get_all=True, obey_rate_limit=False, **query)
            return [_mr(m.attributes) for m in mrs if m.attributes.get("source_branch") == head_branch]

        return self._call(f"list merge requests of {repo}", read)

    def _user_ids(self, usernames: tuple[str, ...]) -> list[int]:
        ids = []
        for name in usernames:
            users = self._call(f"look up user {name}", lambda: self.gl.users.list(username=name, obey_rate_limit=False))
            if users:
                ids.append(users[0].id)
        return ids

    def create_pr(self, repo: str, *, head: str, base: str, title: str, body: str, options: PROptions = PROptions()) -> PullRequest:
        data: dict = {"source_branch": head, "target_branch": base, "title": (DRAFT_PREFIX + title) if options.draft else title, "description": body}
        if options.labels:
            data["labels"] = ",".join(options.labels)
        if options.reviewers:
            data["reviewer_ids"] = self._user_ids(options.reviewers)
        m = self._call(f"create a merge request in {repo}", lambda: self._project(repo).mergerequests.create(data, obey_rate_limit=False))
        return _mr(m.attributes)

    def update_pr(self, repo: str, number: int, *, title: str, body: str, labels: tuple[str, ...] = ()) -> PullRequest:
        data: dict = {"title": title, "description": body}
        if labels:
            data["labels"] = ",".join(labels)
        m = self._call(f"update merge request !{number}", lambda: self._project(repo).mergerequests.update(number, data, obey_rate_limit=False))
        return _mr(m)

    def comment(self, repo: str, number: int, body: str) -> None:
        mr = self._project(repo).mergerequests.get(number, lazy=True)
        self._call(f"comment on !{number}", lambda: mr.notes.create({"body": body}, obey_rate_limit=False))

    def close_pr(self, repo: str, number: int) -> None:
        self._call(f"close merge request !{number}", lambda: self._project(repo).mergerequests.update(number, {"state_event": "close"}, obey_rate_limit=False))

    def delete_branch(self, repo: str, branch: str) -> None:
        try:
            self._call(f"delete branch {branch}", lambda: self._project(repo).branches.delete(branch, obey_rate_limit=False))
        except NotFound:
            pass

    def git_auth_env(self) -> dict[str, str]:
        return basic_auth_env("oauth2", self.config.token)
