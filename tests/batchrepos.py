"""Real git repositories on disk for the batch tests and benchmark: each is
built in a work tree, committed, and pushed to a bare repository that serves
as the remote (``file://`` URLs).  Small stdlib-only modules, so that builds
need no network."""

from __future__ import annotations

import os
import subprocess

IDENT = {
    "GIT_AUTHOR_NAME": "Dev", "GIT_AUTHOR_EMAIL": "dev@example.com",
    "GIT_COMMITTER_NAME": "Dev", "GIT_COMMITTER_EMAIL": "dev@example.com",
}

LEAKY = '''package {pkg}

import (
	"io"
	"net/http"
)

// Fetch reads a page; its response body is never closed.
func Fetch(url string) (int, error) {{
	resp, err := http.Get(url)
	if err != nil {{
		return 0, err
	}}
	b, err := io.ReadAll(resp.Body)
	return len(b), err
}}
'''

LEAKY_FILE = '''package {pkg}

import (
	"encoding/json"
	"os"
)

// Load decodes a file that is never closed.
func Load(path string, v any) {{
	in, err := os.Open(path)
	if err != nil {{
		panic(err)
	}}
	if err := json.NewDecoder(in).Decode(v); err != nil {{
		panic(err)
	}}
}}
'''

CLEAN = '''package {pkg}

// Add adds.
func Add(a, b int) int {{ return a + b }}
'''

BROKEN = '''package {pkg}

func Broken() int {{ return undefinedThing }}
'''


def git(cwd: str, *args: str) -> str:
    env = dict(os.environ, **IDENT, GIT_CONFIG_GLOBAL="/nonexistent/gofixleaks-test-gitconfig", GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def module(root: str, rel: str, path: str, files: dict[str, str]) -> None:
    d = os.path.join(root, rel)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "go.mod"), "w") as fh:
        fh.write(f"module {path}\n\ngo 1.22\n")
    for name, text in files.items():
        with open(os.path.join(d, name), "w") as fh:
            fh.write(text)


def make_repo(base: str, repo: str, modules: list[tuple[str, dict[str, str]]], extra: dict[str, str] | None = None,
              branch: str = "main") -> str:
    """A bare repository ``<base>/remotes/<repo>.git`` holding one commit; its URL."""
    work = os.path.join(base, "work", repo)
    bare = os.path.join(base, "remotes", repo + ".git")
    os.makedirs(work)
    os.makedirs(os.path.dirname(bare), exist_ok=True)
    for rel, files in modules:
        module(work, rel, "example.com/" + repo + ("" if rel == "." else "/" + rel), files)
    for name, text in (extra or {}).items():
        p = os.path.join(work, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as fh:
            fh.write(text)
    git(work, "init", "-q", "-b", branch)
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "initial")
    git(base, "init", "-q", "--bare", "-b", branch, bare)
    git(bare, "config", "uploadpack.allowFilter", "true")
    git(work, "push", "-q", bare, f"{branch}:{branch}")
    return "file://" + bare


def pkg(repo_rel: str) -> str:
    return "p" + "".join(c for c in os.path.basename(repo_rel) if c.isalnum())


def leaky_module(name: str) -> dict[str, str]:
    return {"fetch.go": LEAKY.format(pkg=name), "load.go": LEAKY_FILE.format(pkg=name)}


def clean_module(name: str) -> dict[str, str]:
    return {"add.go": CLEAN.format(pkg=name)}


def broken_module(name: str) -> dict[str, str]:
    return {"broken.go": BROKEN.format(pkg=name)}


def standard_fleet(base: str) -> dict[str, str]:
    """repo -> URL: a leaky repository, a clean one, a monorepo (root and
    svc/api leaky, tools broken), and one that cannot be cloned."""
    urls = {
        "acme/leaky": make_repo(base, "acme/leaky", [(".", leaky_module("leaky"))]),
        "acme/clean": make_repo(base, "acme/clean", [(".", clean_module("clean"))]),
        "acme/mono": make_repo(
            base, "acme/mono",
            [(".", leaky_module("mono")), ("svc/api", leaky_module("api")), ("tools", broken_module("tools"))],
        ),
        "acme/gone": "file://" + os.path.join(base, "remotes", "acme", "does-not-exist.git"),
    }
    return urls


def campaign_text(name: str, forge: str, urls: dict[str, str], extra: str = "") -> str:
    lines = ["[campaign]", f'name = "{name}"', f'forge = "{forge}"', extra, ""]
    for repo, url in urls.items():
        lines += ["[[target]]", f'repo = "{repo}"', f'url = "{url}"', ""]
    return "\n".join(lines)
