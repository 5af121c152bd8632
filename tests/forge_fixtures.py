"""Forges for the bot and batch tests: two loopback fakes and a real Gitea.

GitHub's and GitLab's APIs cannot run here, so :class:`GitHubFake` and
:class:`GitLabFake` are small HTTP servers on 127.0.0.1 that keep pull-request
state and answer exactly the REST calls PyGithub and python-gitlab make for
the adapters (and 401 for a wrong token, 422 for a too-long body, 403/429 with
Retry-After on demand).  Their repositories are real bare git repositories on
disk: the bot fetches from and pushes to them with real git; a PR's head is
read from the bare repository, a merge is a real ``git merge``.

:class:`GiteaServer` runs a real Gitea (built by scripts/build_gitea.sh) on
127.0.0.1 with SQLite in a temporary directory; the bot talks to its API and
pushes to it over HTTP with the token in a per-command header.

Every harness (:class:`Harness`) offers the same operations, so one scenario
runs against the three forges: make a repository from files, the bot's
environment, a fresh clone, a person's commit on a branch, the PRs and their
comments, a merge, a branch's sha.

Usage from a test module (batch imports the same)::

    from forge_fixtures import gitea_server, harness_for, git_env  # noqa
"""

from __future__ import annotations

import base64
import http.server
import itertools
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PERSON = ("Alice Person", "alice@example.com")


# ---- git without any identity or configuration of the machine ----------------------------

def _go_dirs() -> dict[str, str]:
    """The Go caches of this machine: a test HOME must not start them cold."""
    global _GO_DIRS
    if _GO_DIRS is None:
        _GO_DIRS = {}
        if shutil.which("go"):
            out = subprocess.run(["go", "env", "GOCACHE", "GOMODCACHE", "GOPATH"], capture_output=True, text=True, timeout=60).stdout.split("\n")
            for key, value in zip(("GOCACHE", "GOMODCACHE", "GOPATH"), out):
                if value.strip():
                    _GO_DIRS[key] = value.strip()
    return dict(_GO_DIRS)


_GO_DIRS: dict[str, str] | None = None


def git_env(home: str) -> dict[str, str]:
    """An environment where git has no global or system configuration (no
    identity: as on a CI machine), and never prompts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_", "GITLAB_", "GITEA_", "CI_", "GH_"))}
    env.update(_go_dirs())
    # (never GIT_CONFIG_GLOBAL=/dev/null: a `git config --global` write, which
    # Gitea makes, would replace /dev/null with a regular file)
    env.update(
        HOME=home,
        XDG_CONFIG_HOME=os.path.join(home, ".config"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_TERMINAL_PROMPT="0",
    )
    return env


def git(args: list[str], cwd: str, env: dict[str, str], author: tuple[str, str] | None = None, check: bool = True) -> str:
    e = dict(env)
    if author:
        e.update(GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1], GIT_COMMITTER_NAME=author[0], GIT_COMMITTER_EMAIL=author[1])
    proc = subprocess.run(["git", *args], cwd=cwd, env=e, capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed in {cwd}:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def header_env(header: str) -> dict[str, str]:
    """git environment adding one HTTP header to the command (as the bot does)."""
    return {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "http.extraHeader", "GIT_CONFIG_VALUE_0": header}


def basic_header(user: str, token: str) -> str:
    return "Authorization: Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()


# ---- the fakes ---------------------------------------------------------------------------

@dataclass
class FakePR:
    number: int
    head: str
    base: str
    title: str
    body: str
    state: str = "open"  # open | closed | merged
    labels: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)
    draft: bool = False
    comments: list[str] = field(default_factory=list)


@dataclass
class FakeRepo:
    full_name: str
    bare: str
    default_branch: str = "main"
    id: int = 0
    prs: list[FakePR] = field(default_factory=list)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, *args):  # quiet
        pass

    def _serve(self):
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = None
        with fake.lock:
            status, body, headers = fake.handle(self.command, self.path, dict(self.headers), data)
        payload = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    fake: "FakeForge"


class FakeForge:
    """A loopback HTTP server keeping repositories and PR state."""

    kind = ""
    write_methods = ("POST", "PATCH", "PUT", "DELETE")

    def __init__(self, workdir: str, token: str):
        self.workdir = workdir
        self.token = token
        self.repos: dict[str, FakeRepo] = {}
        self.log: list[tuple[str, str, dict | None]] = []
        self.throttle_left = 0
        self.throttle_wait = "1"
        self.lock = threading.RLock()
        self.env = git_env(os.path.join(workdir, "home"))
        os.makedirs(self.env["HOME"], exist_ok=True)
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.fake = self
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self._ids = itertools.count(1000)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- state helpers --
    def add_repo(self, full_name: str, bare: str, default_branch: str = "main") -> FakeRepo:
        r = FakeRepo(full_name, bare, default_branch, id=next(self._ids))
        self.repos[full_name] = r
        return r

    def branch_sha(self, repo: FakeRepo, branch: str) -> str | None:
        out = git(["rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"], repo.bare, self.env, check=False)
        return out or None

    def writes(self) -> list[tuple[str, str, dict | None]]:
        return [entry for entry in self.log if entry[0] in self.write_methods]

    def throttle(self, count: int, wait: str = "1"):
        """Answer the next ``count`` requests as rate limited, asking to wait ``wait`` seconds."""
        self.throttle_left = count
        self.throttle_wait = wait

    def handle(self, method: str, path: str, headers: dict, data):
        self.log.append((method, path, data))
        if self.throttle_left > 0:
            self.throttle_left -= 1
            return self.rate_limited()
        if not self.authorized({k.lower(): v for k, v in headers.items()}):
            return self.unauthorized()
        try:
            return self.route(method, urllib.parse.urlsplit(path), data)
        except KeyError:
            return 404, {"message": "Not Found"}, None

    # -- overridden per forge --
    def authorized(self, headers: dict) -> bool:
        raise NotImplementedError

    def unauthorized(self):
        raise NotImplementedError

    def rate_limited(self):
        raise NotImplementedError

    def route(self, method, url, data):
        raise NotImplementedError


class GitHubFake(FakeForge):
    """GitHub's REST API, as far as PyGithub's calls for the adapter go."""

    kind = "github"
    body_limit = 65536

    def authorized(self, headers):
        return headers.get("authorization") in (f"token {self.token}", f"Bearer {self.token}")

    def unauthorized(self):
        return 401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}, None

    def rate_limited(self):
        return 403, {"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}, {
            "Retry-After": self.throttle_wait,
            "X-RateLimit-Remaining": "0",
        }

    def _pr_json(self, repo: FakeRepo, pr: FakePR) -> dict:
        owner = repo.full_name.split("/")[0]
        api = f"{self.url}/repos/{repo.full_name}"
        sha = self.branch_sha(repo, pr.head) or ""
        return {
            "url": f"{api}/pulls/{pr.number}",
            "id": pr.number + 90000,
            "number": pr.number,
            "html_url": f"https://github.example/{repo.full_name}/pull/{pr.number}",
            "state": "closed" if pr.state == "merged" else pr.state,
            "merged_at": "2026-12-08T00:00:00Z" if pr.state == "merged" else None,
            "merged": pr.state == "merged",
            "draft": pr.draft,
            "title": pr.title,
            "body": pr.body,
            "labels": [{"name": n, "url": f"{api}/labels/{n}"} for n in pr.labels],
            "head": {"ref": pr.head, "sha": sha, "label": f"{owner}:{pr.head}", "repo": {"full_name": repo.full_name}},
            "base": {"ref": pr.base, "sha": self.branch_sha(repo, pr.base) or "", "label": f"{owner}:{pr.base}", "repo": {"full_name": repo.full_name}},
            "user": {"login": "gofixleaks-bot"},
        }

    def route(self, method, url, data):
        m = re.match(r"^/repos/([^/]+/[^/]+)(/.*)?$", url.path)
        if not m:
            return 404, {"message": "Not Found"}, None
        repo = self.repos[urllib.parse.unquote(m.group(1))]
        rest = m.group(2) or ""
        q = dict(urllib.parse.parse_qsl(url.query))
        if rest == "" and method == "GET":
            return 200, {
                "id": repo.id,
                "name": repo.full_name.split("/")[1],
                "full_name": repo.full_name,
                "owner": {"login": repo.full_name.split("/")[0]},
                "default_branch": repo.default_branch,
                "clone_url": "file://" + repo.bare,
                "html_url": f"https://github.example/{repo.full_name}",
                "url": f"{self.url}/repos/{repo.full_name}",
                "permissions": {"admin": False, "push": True, "pull": True},
            }, None
        if rest == "/pulls" and method == "GET":
            prs = list(reversed(repo.prs))  # newest first
            state = q.get("state", "open")
            if state != "all":
                prs = [p for p in prs if (p.state == "open") == (state == "open")]
            if "head" in q:
                owner, _, branch = q["head"].partition(":")
                prs = [p for p in prs if p.head == branch and owner == repo.full_name.split("/")[0]]
            return 200, [self._pr_json(repo, p) for p in prs], None
        if rest == "/pulls" and method == "POST":
            body = data.get("body") or ""
            if len(body) > self.body_limit:
                return 422, {"message": "Validation Failed", "errors": [{"resource": "Issue", "code": "custom", "field": "body", "message": "body is too long (maximum is 65536 characters)"}]}, None
            head = data["head"].split(":")[-1]
            if self.branch_sha(repo, head) is None:
                return 422, {"message": "Validation Failed", "errors": [{"resource": "PullRequest", "field": "head", "code": "invalid"}]}, None
            if any(p.head == head and p.state == "open" for p in repo.prs):
                return 422, {"message": "Validation Failed", "errors": [{"resource": "PullRequest", "code": "custom", "message": f"A pull request already exists for {head}."}]}, None
            pr = FakePR(len(repo.prs) + 1, head, data["base"], data["title"], body, draft=bool(data.get("draft")))
            repo.prs.append(pr)
            return 201, self._pr_json(repo, pr), None
        m2 = re.match(r"^/pulls/(\d+)(/requested_reviewers)?$", rest)
        if m2:
            pr = repo.prs[int(m2.group(1)) - 1]
            if m2.group(2) and method == "POST":
                pr.reviewers += data.get("reviewers") or []
                return 201, self._pr_json(repo, pr), None
            if method == "GET":
                return 200, self._pr_json(repo, pr), None
            if method == "PATCH":
                if "body" in data and len(data["body"] or "") > self.body_limit:
                    return 422, {"message": "Validation Failed", "errors": [{"field": "body", "message": "body is too long (maximum is 65536 characters)"}]}, None
                if "title" in data:
                    pr.title = data["title"]
                if "body" in data:
                    pr.body = data["body"]
                if data.get("state") == "closed" and pr.state == "open":
                    pr.state = "closed"
                return 200, self._pr_json(repo, pr), None
        m3 = re.match(r"^/issues/(\d+)/(labels|comments)$", rest)
        if m3:
            pr = repo.prs[int(m3.group(1)) - 1]
            if m3.group(2) == "labels" and method == "PUT":
                pr.labels = [x if isinstance(x, str) else x["name"] for x in (data.get("labels") if isinstance(data, dict) else data)]
                return 200, [{"name": n} for n in pr.labels], None
            if m3.group(2) == "comments" and method == "POST":
                pr.comments.append(data["body"])
                return 201, {"id": len(pr.comments), "body": data["body"]}, None
        m4 = re.match(r"^/git/refs?/heads/(.+)$", rest)
        if m4:
            branch = urllib.parse.unquote(m4.group(1))
            sha = self.branch_sha(repo, branch)
            if method == "GET":
                if sha is None:
                    return 404, {"message": "Not Found"}, None
                return 200, {"ref": f"refs/heads/{branch}", "url": f"{self.url}/repos/{repo.full_name}/git/refs/heads/{branch}", "object": {"sha": sha, "type": "commit"}}, None
            if method == "DELETE":
                if sha is None:
                    return 422, {"message": "Reference does not exist"}, None
                git(["update-ref", "-d", f"refs/heads/{branch}"], repo.bare, self.env)
                return 204, None, None
        return 404, {"message": "Not Found"}, None


class GitLabFake(FakeForge):
    """GitLab's REST API v4, as far as python-gitlab's calls for the adapter go."""

    kind = "gitlab"
    body_limit = 1_000_000

    def authorized(self, headers):
        return headers.get("private-token") == self.token

    def unauthorized(self):
        return 401, {"message": "401 Unauthorized"}, None

    def rate_limited(self):
        return 429, {"message": "Retry later"}, {"Retry-After": self.throttle_wait, "RateLimit-Remaining": "0"}

    def _project(self, ident: str) -> FakeRepo:
        ident = urllib.parse.unquote(ident)
        for r in self.repos.values():
            if r.full_name == ident or str(r.id) == ident:
                return r
        raise KeyError(ident)

    def _mr_json(self, repo: FakeRepo, pr: FakePR) -> dict:
        return {
            "id": pr.number + 70000,
            "iid": pr.number,
            "project_id": repo.id,
            "title": pr.title,
            "description": pr.body,
            "state": {"open": "opened"}.get(pr.state, pr.state),
            "source_branch": pr.head,
            "target_branch": pr.base,
            "labels": list(pr.labels),
            "draft": pr.title.startswith("Draft:"),
            "web_url": f"https://gitlab.example/{repo.full_name}/-/merge_requests/{pr.number}",
            "sha": self.branch_sha(repo, pr.head),
            "reviewers": [{"id": i} for i in pr.reviewers],
        }

    def route(self, method, url, data):
        path = url.path
        if not path.startswith("/api/v4/"):
            return 404, {"message": "404 Not Found"}, None
        path = path[len("/api/v4") :]
        q = dict(urllib.parse.parse_qsl(url.query))
        if path == "/users" and method == "GET":
            name = q.get("username", "")
            return 200, [{"id": 500 + len(name), "username": name}] if name else [], None
        m = re.match(r"^/projects/([^/]+)(/.*)?$", path)
        if not m:
            return 404, {"message": "404 Not Found"}, None
        repo = self._project(m.group(1))
        rest = m.group(2) or ""
        if rest == "" and method == "GET":
            return 200, {
                "id": repo.id,
                "path_with_namespace": repo.full_name,
                "default_branch": repo.default_branch,
                "http_url_to_repo": "file://" + repo.bare,
                "web_url": f"https://gitlab.example/{repo.full_name}",
                "permissions": {"project_access": {"access_level": 40}, "group_access": None},
            }, None
        if rest == "/merge_requests" and method == "GET":
            prs = list(reversed(repo.prs))
            if "source_branch" in q:
                prs = [p for p in prs if p.head == q["source_branch"]]
            if q.get("state") == "opened":
                prs = [p for p in prs if p.state == "open"]
            return 200, [self._mr_json(repo, p) for p in prs], None
        if rest == "/merge_requests" and method == "POST":
            head = data["source_branch"]
            if self.branch_sha(repo, head) is None:
                return 422, {"message": ["source_branch does not exist"]}, None
            if any(p.head == head and p.state == "open" for p in repo.prs):
                return 409, {"message": ["Another open merge request already exists for this source branch"]}, None
            labels = [x for x in (data.get("labels") or "").split(",") if x]
            pr = FakePR(len(repo.prs) + 1, head, data["target_branch"], data["title"], data.get("description") or "", labels=labels)
            pr.reviewers = list(data.get("reviewer_ids") or [])
            repo.prs.append(pr)
            return 201, self._mr_json(repo, pr), None
        m2 = re.match(r"^/merge_requests/(\d+)(/notes)?$", rest)
        if m2:
            pr = repo.prs[int(m2.group(1)) - 1]
            if m2.group(2) and method == "POST":
                pr.comments.append(data["body"])
                return 201, {"id": len(pr.comments), "body": data["body"]}, None
            if method == "GET":
                return 200, self._mr_json(repo, pr), None
            if method == "PUT":
                if "title" in data:
                    pr.title = data["title"]
                if "description" in data:
                    pr.body = data["description"]
                if "labels" in data:
                    pr.labels = [x for x in data["labels"].split(",") if x]
                if data.get("state_event") == "close" and pr.state == "open":
                    pr.state = "closed"
                return 200, self._mr_json(repo, pr), None
        m3 = re.match(r"^/repository/branches/(.+)$", rest)
        if m3 and method == "DELETE":
            branch = urllib.parse.unquote(m3.group(1))
            if self.branch_sha(repo, branch) is None:
                return 404, {"message": "404 Branch Not Found"}, None
            git(["update-ref", "-d", f"refs/heads/{branch}"], repo.bare, self.env)
            return 204, None, None
        return 404, {"message": "404 Not Found"}, None


# ---- the real Gitea ---------------------------------------------------------------------------

GITEA_ADMIN = "gofixleaks-admin"


@dataclass
class GiteaServer:
    url: str
    token: str
    user: str
    workdir: str
    proc: subprocess.Popen
    binary: str

    def api(self, method: str, path: str, token: str | None = None, **kw):
        import httpx

        r = httpx.request(method, self.url + "/api/v1" + path, headers={"Authorization": f"token {token or self.token}"}, timeout=60, **kw)
        return r

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def gitea_binary() -> str:
    """The Gitea binary: $GOFIXLEAKS_GITEA_BIN (CI builds it up front), else
    built by scripts/build_gitea.sh when missing (the script caches it outside
    the tree; its last stdout line is the path)."""
    given = os.environ.get("GOFIXLEAKS_GITEA_BIN")
    if given and os.access(given, os.X_OK):
        return given
    proc = subprocess.run(["bash", os.path.join(ROOT, "scripts", "build_gitea.sh")], capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        pytest.fail(f"scripts/build_gitea.sh failed:\n{proc.stderr[-3000:]}", pytrace=False)
    return proc.stdout.strip().splitlines()[-1]


def gitea_source(version: str = "v1.26.0") -> str:
    """Gitea's module source (its options/: locales, templates), which a build
    without the bindata tag reads at run time (STATIC_ROOT_PATH)."""
    proc = subprocess.run(["go", "mod", "download", "-json", f"code.gitea.io/gitea@{version}"], capture_output=True, text=True, timeout=600, cwd=tempfile.gettempdir())
    if proc.returncode != 0:
        pytest.fail(f"go mod download code.gitea.io/gitea@{version} failed:\n{proc.stderr[-2000:]}", pytrace=False)
    return json.loads(proc.stdout)["Dir"]


def start_gitea(workdir: str) -> GiteaServer:
    binary = gitea_binary()
    static = gitea_source(os.environ.get("GITEA_VERSION", "v1.26.0"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    for d in ("custom/conf", "data", "repos", "log", "home"):
        os.makedirs(os.path.join(workdir, d), exist_ok=True)
    ini = os.path.join(workdir, "custom", "conf", "app.ini")
    with open(ini, "w") as fh:
        fh.write(
            f"""APP_NAME = gofixleaks-test
RUN_MODE = prod
RUN_USER = {os.environ.get("USER") or "root"}
WORK_PATH = {workdir}

[server]
PROTOCOL = http
HTTP_ADDR = 127.0.0.1
HTTP_PORT = {port}
ROOT_URL = {url}/
DOMAIN = 127.0.0.1
OFFLINE_MODE = true
DISABLE_SSH = true
START_SSH_SERVER = false
LFS_START_SERVER = false
APP_DATA_PATH = {workdir}/data
STATIC_ROOT_PATH = {static}

[database]
DB_TYPE = sqlite3
PATH = {workdir}/data/gitea.db

[repository]
ROOT = {workdir}/repos
DEFAULT_BRANCH = main

[security]
INSTALL_LOCK = true
SECRET_KEY = {secrets.token_hex(16)}
INTERNAL_TOKEN = {secrets.token_urlsafe(64)}
PASSWORD_HASH_ALGO = pbkdf2_hi

[oauth2]
ENABLED = false

[service]
DISABLE_REGISTRATION = true
REQUIRE_SIGNIN_VIEW = false

[mailer]
ENABLED = false

[session]
PROVIDER = memory

[cache]
ADAPTER = memory

[queue]
TYPE = channel

[indexer]
REPO_INDEXER_ENABLED = false
ISSUE_INDEXER_TYPE = db

[log]
MODE = console
LEVEL = Warn
ROOT_PATH = {workdir}/log

[cron]
ENABLED = false

[cron.update_checker]
ENABLED = false

[actions]
ENABLED = false

[packages]
ENABLED = false

[api]
ENABLE_SWAGGER = false
"""
        )
    env = git_env(os.path.join(workdir, "home"))
    env.update(GITEA_WORK_DIR=workdir, GITEA_I_AM_BEING_UNSAFE_RUNNING_AS_ROOT="true", GITEA_CUSTOM=os.path.join(workdir, "custom"))
    base = [binary, "--work-path", workdir, "--config", ini]
    for args in (["migrate"],):
        p = subprocess.run(base + args, env=env, capture_output=True, text=True, timeout=600)
        if p.returncode != 0:
            pytest.fail(f"gitea {' '.join(args)} failed:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}", pytrace=False)
    p = subprocess.run(
        base + ["admin", "user", "create", "--admin", "--username", GITEA_ADMIN, "--password", secrets.token_urlsafe(16),
                "--email", "admin@example.com", "--must-change-password=false", "--access-token", "--access-token-scopes", "all"],
        env=env, capture_output=True, text=True, timeout=600,
    )
    if p.returncode != 0:
        pytest.fail(f"gitea admin user create failed:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}", pytrace=False)
    m = re.search(r"Access token was successfully created[^\n]*?([0-9a-f]{40})", p.stdout + p.stderr)
    if m is None:
        pytest.fail(f"no access token in gitea's output:\n{p.stdout}\n{p.stderr}", pytrace=False)
    token = m.group(1)
    log = open(os.path.join(workdir, "log", "web.out"), "w")
    proc = subprocess.Popen(base + ["web"], env=env, stdout=log, stderr=subprocess.STDOUT)
    server = GiteaServer(url, token, GITEA_ADMIN, workdir, proc, binary)
    deadline = time.monotonic() + 120
    while True:
        try:
            if server.api("GET", "/version").status_code == 200:
                break
        except Exception:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            server.stop()
            with open(os.path.join(workdir, "log", "web.out")) as fh:
                pytest.fail(f"gitea web did not start:\n{fh.read()[-3000:]}", pytrace=False)
        time.sleep(0.3)
    return server


@pytest.fixture(scope="session")
def gitea_server(tmp_path_factory):
    """One real Gitea for the test session (built first if needed)."""
    server = start_gitea(str(tmp_path_factory.mktemp("gitea")))
    yield server
    server.stop()


# ---- harnesses: the same operations on every forge ----------------------------------------------

@dataclass
class RepoRef:
    full_name: str
    remote: str  # what the work tree's origin points at (a path, or an http URL)
    fake: FakeRepo | None = None


@dataclass
class PR:
    number: int
    state: str  # open | closed | merged
    head: str
    title: str
    body: str
    head_sha: str
    labels: tuple[str, ...] = ()


class Harness:
    kind = ""
    token = ""
    token_variable = ""

    def __init__(self, workdir: str):
        self.workdir = workdir
        self.env_git = git_env(os.path.join(workdir, "home"))
        os.makedirs(self.env_git["HOME"], exist_ok=True)
        self._names = itertools.count(1)

    # the git remote operations, with credentials when the remote is HTTP
    def remote_env(self) -> dict[str, str]:
        return dict(self.env_git)

    def new_name(self, prefix: str) -> str:
        return f"{prefix}-{os.getpid()}-{next(self._names)}"

    def _populate(self, remote: str, files: dict[str, bytes | str], branch: str = "main"):
        work = tempfile.mkdtemp(dir=self.workdir, prefix="seed-")
        env = self.remote_env()
        git(["init", "-q", "-b", branch], work, env)
        _write_files(work, files)
        git(["add", "-A"], work, env)
        git(["commit", "-q", "-m", "Initial commit"], work, env, author=PERSON)
        git(["push", "-q", remote, f"HEAD:refs/heads/{branch}"], work, env)
        shutil.rmtree(work)

    def clone(self, repo: RepoRef, dest: str) -> str:
        git(["clone", "-q", repo.remote, dest], self.workdir, self.remote_env())
        return dest

    def commit_to(self, repo: RepoRef, branch: str, files: dict[str, bytes | str], message: str, author=PERSON) -> str:
        """A person's commit on ``branch`` of the remote (made in a scratch clone)."""
        work = tempfile.mkdtemp(dir=self.workdir, prefix="person-")
        env = self.remote_env()
        git(["clone", "-q", "--branch", branch, repo.remote, work], self.workdir, env)
        _write_files(work, files)
        git(["add", "-A"], work, env)
        git(["commit", "-q", "-m", message], work, env, author=author)
        git(["push", "-q", "origin", f"HEAD:refs/heads/{branch}"], work, env)
        sha = git(["rev-parse", "HEAD"], work, env)
        shutil.rmtree(work)
        return sha

    def branch_sha(self, repo: RepoRef, branch: str) -> str | None:
        out = git(["ls-remote", repo.remote, f"refs/heads/{branch}"], self.workdir, self.remote_env())
        return out.split()[0] if out else None

    def bot_env(self, repo: RepoRef, token: str | None = None) -> dict[str, str]:
        raise NotImplementedError

    def make_repo(self, files: dict[str, bytes | str]) -> RepoRef:
        raise NotImplementedError

    def prs(self, repo: RepoRef) -> list[PR]:
        raise NotImplementedError

    def comments(self, repo: RepoRef, number: int) -> list[str]:
        raise NotImplementedError

    def merge(self, repo: RepoRef, number: int) -> None:
        raise NotImplementedError

    def close_pr(self, repo: RepoRef, number: int) -> None:
        """A person closes the PR without merging it."""
        raise NotImplementedError

    def write_calls(self) -> int | None:
        """Write requests the forge received so far (None: not observable)."""
        return None

    def close(self):
        pass


def _write_files(root: str, files: dict[str, bytes | str]):
    for rel, content in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(content.encode() if isinstance(content, str) else content)


class _FakeHarness(Harness):
    fake_cls: type[FakeForge] = FakeForge

    def __init__(self, workdir: str):
        super().__init__(workdir)
        self.token = "tok_" + secrets.token_hex(12)
        self.fake = self.fake_cls(workdir, self.token)

    def make_repo(self, files):
        name = f"acme/{self.new_name('svc')}"
        bare = os.path.join(self.workdir, "remotes", name + ".git")
        os.makedirs(bare)
        git(["init", "-q", "--bare", "-b", "main"], bare, self.env_git)
        self._populate(bare, files)
        r = self.fake.add_repo(name, bare)
        return RepoRef(name, bare, r)

    def prs(self, repo):
        with self.fake.lock:
            return [PR(p.number, p.state, p.head, p.title, p.body, self.fake.branch_sha(repo.fake, p.head) or "", tuple(p.labels)) for p in reversed(repo.fake.prs)]

    def comments(self, repo, number):
        return list(repo.fake.prs[number - 1].comments)

    def merge(self, repo, number):
        pr = repo.fake.prs[number - 1]
        work = tempfile.mkdtemp(dir=self.workdir, prefix="merge-")
        git(["clone", "-q", "--branch", pr.base, repo.remote, work], self.workdir, self.env_git)
        git(["merge", "--no-ff", "-q", "-m", f"Merge pull request #{number}", f"origin/{pr.head}"], work, self.env_git, author=PERSON)
        git(["push", "-q", "origin", f"HEAD:refs/heads/{pr.base}"], work, self.env_git)
        shutil.rmtree(work)
        with self.fake.lock:
            pr.state = "merged"

    def close_pr(self, repo, number):
        with self.fake.lock:
            repo.fake.prs[number - 1].state = "closed"

    def write_calls(self):
        return len(self.fake.writes())

    def close(self):
        self.fake.close()


class GitHubHarness(_FakeHarness):
    """GitHub: a loopback fake of its REST API (it cannot run here); git is real (bare repos)."""

    kind = "github"
    fake_cls = GitHubFake
    token_variable = "GITHUB_TOKEN"

    def bot_env(self, repo, token=None):
        env = dict(self.env_git)
        env.update(GITHUB_ACTIONS="true", GITHUB_TOKEN=token or self.token, GITHUB_REPOSITORY=repo.full_name, GITHUB_API_URL=self.fake.url)
        return env


class GitLabHarness(_FakeHarness):
    """GitLab: a loopback fake of its REST API v4 (it cannot run here); git is real (bare repos)."""

    kind = "gitlab"
    fake_cls = GitLabFake
    token_variable = "GITLAB_TOKEN"

    def bot_env(self, repo, token=None):
        env = dict(self.env_git)
        env.update(GITLAB_CI="true", GITLAB_TOKEN=token or self.token, CI_PROJECT_PATH=repo.full_name,
                   CI_API_V4_URL=self.fake.url + "/api/v4", CI_SERVER_URL=self.fake.url, CI_DEFAULT_BRANCH="main")
        return env


class GiteaHarness(Harness):
    """A real Gitea (API and git over HTTP) on 127.0.0.1."""

    kind = "gitea"
    token_variable = "GITEA_TOKEN"

    def __init__(self, workdir: str, server: GiteaServer):
        super().__init__(workdir)
        self.server = server
        self.token = server.token

    def remote_env(self):
        env = dict(self.env_git)
        env.update(header_env(basic_header(self.server.user, self.server.token)))
        return env

    def make_repo(self, files):
        name = self.new_name("svc")
        r = self.server.api("POST", "/user/repos", json={"name": name, "default_branch": "main", "auto_init": False, "private": False})
        assert r.status_code == 201, r.text
        full = f"{self.server.user}/{name}"
        remote = f"{self.server.url}/{full}.git"
        self._populate(remote, files)
        return RepoRef(full, remote)

    def bot_env(self, repo, token=None):
        env = dict(self.env_git)
        env.update(GITEA_TOKEN=token or self.token, GITEA_URL=self.server.url, GITEA_REPOSITORY=repo.full_name)
        return env

    def prs(self, repo):
        out = []
        page = 1
        while True:
            r = self.server.api("GET", f"/repos/{repo.full_name}/pulls", params={"state": "all", "limit": 50, "page": page})
            assert r.status_code == 200, r.text
            batch = r.json()
            for p in batch:
                state = "merged" if p.get("merged") else p["state"]
                out.append(PR(p["number"], state, p["head"]["ref"], p["title"], p.get("body") or "", p["head"].get("sha") or "", tuple(lb["name"] for lb in p.get("labels") or ())))
            if len(batch) < 50:
                break
            page += 1
        out.sort(key=lambda p: p.number, reverse=True)
        return out

    def comments(self, repo, number):
        r = self.server.api("GET", f"/repos/{repo.full_name}/issues/{number}/comments")
        assert r.status_code == 200, r.text
        return [c["body"] for c in r.json()]

    def close_pr(self, repo, number):
        r = self.server.api("PATCH", f"/repos/{repo.full_name}/pulls/{number}", json={"state": "closed"})
        assert r.status_code == 201 or r.status_code == 200, r.text

    def merge(self, repo, number):
        deadline = time.monotonic() + 60
        while True:
            r = self.server.api("POST", f"/repos/{repo.full_name}/pulls/{number}/merge", json={"Do": "merge", "delete_branch_after_merge": False})
            if r.status_code in (200, 204):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"gitea merge of #{number} failed: {r.status_code} {r.text}")
            time.sleep(0.5)  # the mergeability check runs in the background


FORGE_KINDS = ("github", "gitlab", "gitea")


def harness_for(kind: str, workdir: str, request=None) -> Harness:
    """A harness of ``kind``; for gitea, ``request`` gives the session's server."""
    if kind == "github":
        return GitHubHarness(workdir)
    if kind == "gitlab":
        return GitLabHarness(workdir)
    if kind == "gitea":
        return GiteaHarness(workdir, request.getfixturevalue("gitea_server"))
    raise ValueError(kind)
