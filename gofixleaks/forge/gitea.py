"""Gitea and Forgejo, through their REST API (``/api/v1``) with httpx."""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from . import retry
from .base import AuthError, Forge, ForgeConfig, ForgeError, NotFound, PROptions, PullRequest, RepoInfo
from .github import basic_auth_env

DRAFT_PREFIX = "WIP: "
_PAGE = 50


def _head_branch(head: dict) -> str:
    """The PR's head branch; once that branch is deleted Gitea answers
    ``refs/pull/N/head`` as the ref and keeps the branch in the label."""
    ref = head.get("ref") or ""
    if ref.startswith("refs/pull/"):
        return (head.get("label") or "").split(":")[-1]
    return ref


def _pr(p: dict) -> PullRequest:
    state = "merged" if p.get("merged") else ("open" if p.get("state") == "open" else "closed")
    head = p.get("head") or {}
    base = p.get("base") or {}
    return PullRequest(
        number=int(p["number"]),
        url=p.get("html_url") or "",
        state=state,
        head_branch=_head_branch(head),
        base_branch=base.get("ref", ""),
        title=p.get("title") or "",
        body=p.get("body") or "",
        labels=tuple(label["name"] for label in p.get("labels") or ()),
        head_sha=head.get("sha") or "",
    )


class GiteaForge(Forge):
    name = "gitea"
    body_limit = 65536

    def __init__(self, config: ForgeConfig):
        import httpx

        self._httpx = httpx
        self.config = config
        self.token_variable = config.token_variable or "GITEA_TOKEN"
        url = config.api_url.rstrip("/")
        self.api_url = url if url.endswith("/api/v1") else url + "/api/v1"
        headers = {"Accept": "application/json"}
        if config.token:
            headers["Authorization"] = f"token {config.token}"
        self.client = httpx.Client(base_url=self.api_url, headers=headers, timeout=30.0)

    def _request(self, what: str, method: str, path: str, *, json=None, params=None, ok_missing: bool = False):
        def once():
            try:
                r = self.client.request(method, path, json=json, params=params)
            except self._httpx.HTTPError as e:
                raise ForgeError(f"{what}: cannot reach {self.api_url}: {e.__class__.__name__}") from None
            if r.status_code < 300:
                return r.json() if r.content and "json" in r.headers.get("content-type", "") else None
            try:
                message = r.json().get("message") or r.text
            except ValueError:
                message = r.text
            message = " ".join(str(message).split())[:300]
            if r.status_code == 429 or (r.status_code == 403 and "retry-after" in {k.lower() for k in r.headers}):
                raise retry.Throttled(f"{what}: {r.status_code} {message}", retry.wait_from_headers(r.headers))
            if r.status_code in (401, 403):
                raise AuthError(f"{what}: {r.status_code} {message}: check {self.token_variable}")
            if r.status_code == 404:
                if ok_missing:
                    return None
                raise NotFound(f"{what}: 404 {message}")
            raise ForgeError(f"{what}: {r.status_code} {message}")

        return self._retrying(what, once)

    @staticmethod
    def _r(repo: str) -> str:
        owner, _, name = repo.partition("/")
        return f"/repos/{quote(owner, safe='')}/{quote(name, safe='')}"

    def get_repo(self, repo: str) -> RepoInfo:
        try:
            r = self._request(f"GET {repo}", "GET", self._r(repo))
        except NotFound:
            raise self._not_visible("repository", repo) from None
        perms = r.get("permissions") or {}
        if perms and perms.get("push") is False:
            raise AuthError(f"{self.token_variable} can read {repo} but not push to it (write access is needed)")
        return RepoInfo(full_name=r["full_name"], default_branch=r.get("default_branch") or "", clone_url=r.get("clone_url") or "", web_url=r.get("html_url") or "")

    def find_prs(self, repo: str, head_branch: str, state: Literal["open", "all"] = "open") -> list[PullRequest]:
        out: list[PullRequest] = []
        page = 1
        while True:
            batch = self._request(
                f"list pull requests of {repo}", "GET", f"{self._r(repo)}/pulls", params={"state": state, "sort": "newest", "page": page, "limit": _PAGE}
            ) or []
            for p in batch:
                head = p.get("head") or {}
                head_repo = (head.get("repo") or {}).get("full_name", "")
                if _head_branch(head) == head_branch and head_repo.lower() == repo.lower():
                    out.append(_pr(p))
            if len(batch) < _PAGE:
                break
            page += 1
        out.sort(key=lambda pr: pr.number, reverse=True)
        return out

    def _label_ids(self, repo: str, names: tuple[str, ...]) -> list[int]:
        if not names:
            return []
        existing = {lb["name"]: lb["id"] for lb in self._request(f"list labels of {repo}", "GET", f"{self._r(repo)}/labels", params={"limit": 50}) or []}
        ids = []
        for name in names:
            if name not in existing:
                made = self._request(f"create label {name}", "POST", f"{self._r(repo)}/labels", json={"name": name, "color": "#d93f0b"})
                existing[name] = made["id"]
            ids.append(existing[name])
        return ids

    def create_pr(self, repo: str, *, head: str, base: str, title: str, body: str, options: PROptions = PROptions()) -> PullRequest:
        data: dict = {"head": head, "base": base, "title": (DRAFT_PREFIX + title) if options.draft else title, "body": body}
        if options.labels:
            data["labels"] = self._label_ids(repo, options.labels)
        p = self._request(f"create a pull request in {repo}", "POST", f"{self._r(repo)}/pulls", json=data)
        if options.reviewers:
            self._request(f"request reviewers on #{p['number']}", "POST", f"{self._r(repo)}/pulls/{p['number']}/requested_reviewers", json={"reviewers": list(options.reviewers)})
        return _pr(p)

    def update_pr(self, repo: str, number: int, *, title: str, body: str, labels: tuple[str, ...] = ()) -> PullRequest:
        data: dict = {"title": title, "body": body}
        if labels:
            data["labels"] = self._label_ids(repo, labels)
        return _pr(self._request(f"update pull request #{number}", "PATCH", f"{self._r(repo)}/pulls/{number}", json=data))

    def comment(self, repo: str, number: int, body: str) -> None:
        self._request(f"comment on #{number}", "POST", f"{self._r(repo)}/issues/{number}/comments", json={"body": body})

    def close_pr(self, repo: str, number: int) -> None:
        self._request(f"close pull request #{number}", "PATCH", f"{self._r(repo)}/pulls/{number}", json={"state": "closed"})

    def delete_branch(self, repo: str, branch: str) -> None:
        self._request(f"delete branch {branch}", "DELETE", f"{self._r(repo)}/branches/{quote(branch, safe='/')}", ok_missing=True)

    def git_auth_env(self) -> dict[str, str]:
        return basic_auth_env("gofixleaks", self.config.token)
