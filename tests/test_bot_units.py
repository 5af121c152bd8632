"""The bot's parts that need no forge: configuration from CI's environment,
bounded retries, fingerprints, the PR body and its limit, [tool.gofixleaks.bot]."""

from __future__ import annotations

import pytest

from gofixleaks.bot import body as bodymod
from gofixleaks.bot.config import load_bot_config
from gofixleaks.bot.lifecycle import find_units, unit_branch
from gofixleaks.config import ConfigError, load_config
from gofixleaks.forge import ConfigurationError, config_from_env, detect_forge, repo_from_url
from gofixleaks.forge import retry
from gofixleaks.forge.base import RateLimited
from gofixleaks.model import Finding, Fix, Safety
from gofixleaks.verify import VerifyReport


# ---- configuration from CI ---------------------------------------------------------------------

def test_github_actions_environment():
    env = {"GITHUB_ACTIONS": "true", "GITHUB_TOKEN": "t1", "GITHUB_REPOSITORY": "acme/api", "GITHUB_API_URL": "https://ghe.example/api/v3"}
    c = config_from_env(env)
    assert (c.forge, c.api_url, c.token, c.token_variable, c.repo) == ("github", "https://ghe.example/api/v3", "t1", "GITHUB_TOKEN", "acme/api")
    c = config_from_env({"GH_TOKEN": "t2"}, repo="o/n")
    assert (c.forge, c.api_url, c.token_variable, c.repo) == ("github", "https://api.github.com", "GH_TOKEN", "o/n")
    assert "t1" not in repr(config_from_env(env))  # the token never shows in a repr


def test_gitlab_ci_environment():
    env = {"GITLAB_CI": "true", "GITLAB_TOKEN": "g", "CI_PROJECT_PATH": "grp/sub/api", "CI_SERVER_URL": "https://gl.example", "CI_DEFAULT_BRANCH": "trunk"}
    c = config_from_env(env)
    assert (c.forge, c.api_url, c.repo, c.base, c.token_variable) == ("gitlab", "https://gl.example/api/v4", "grp/sub/api", "trunk", "GITLAB_TOKEN")
    env["CI_API_V4_URL"] = "https://gl.example/api/v4"
    env.pop("CI_PROJECT_PATH")
    env["CI_PROJECT_ID"] = "42"
    assert config_from_env(env).repo == "42"


def test_gitea_environment_and_errors():
    c = config_from_env({"GITEA_TOKEN": "x", "GITEA_URL": "https://git.example"}, repo="o/n")
    assert (c.forge, c.api_url, c.token_variable) == ("gitea", "https://git.example", "GITEA_TOKEN")
    # Gitea Actions sets GitHub's variables too
    c = config_from_env({"GITEA_ACTIONS": "true", "GITHUB_TOKEN": "y", "GITHUB_SERVER_URL": "https://git.example", "GITHUB_REPOSITORY": "o/n"})
    assert (c.forge, c.api_url, c.token, c.repo) == ("gitea", "https://git.example", "y", "o/n")
    with pytest.raises(ConfigurationError, match="GITEA_URL"):
        config_from_env({}, forge="gitea")
    with pytest.raises(ConfigurationError, match="--forge"):
        config_from_env({})
    assert detect_forge({"CI_PROJECT_ID": "1"}) == "gitlab"


@pytest.mark.parametrize(
    "url, repo",
    [
        ("https://github.com/acme/api.git", "acme/api"),
        ("git@github.com:acme/api.git", "acme/api"),
        ("https://gitlab.example/grp/sub/api", "grp/sub/api"),
        ("ssh://git@gitea.example:2222/o/n.git", "o/n"),
        ("/srv/git/n.git", ""),
    ],
)
def test_repo_from_remote_url(url, repo):
    assert repo_from_url(url) == repo


# ---- bounded retries ---------------------------------------------------------------------------

def test_retry_honours_retry_after_within_bounds():
    slept = []
    calls = iter([retry.Throttled("x", 2.0), retry.Throttled("x", None), "ok"])

    def fn():
        v = next(calls)
        if isinstance(v, Exception):
            raise v
        return v

    assert retry.call(fn, "GET", sleep=slept.append) == "ok"
    assert slept == [2.0, 2.0]  # Retry-After, then backoff 2**1


def test_retry_gives_up_without_sleeping_past_the_budget():
    slept = []

    def fn():
        raise retry.Throttled("x", 3600.0)

    with pytest.raises(RateLimited, match="3600s") as e:
        retry.call(fn, "GET repo", sleep=slept.append)
    assert slept == [] and e.value.retry_after == 3600.0


def test_wait_from_headers():
    assert retry.wait_from_headers({"Retry-After": "7"}) == 7.0
    assert retry.wait_from_headers({"X-RateLimit-Reset": "1010"}, now=1000.0) == 10.0
    assert retry.wait_from_headers({"RateLimit-Reset": "990"}, now=1000.0) == 0.0
    assert retry.wait_from_headers({}) is None


# ---- fingerprints and the body ----------------------------------------------------------------

SRC = b"""package p

func A() {
	resp, _ := get()
	_ = resp
}

func B() {
	resp, _ := get()
	_ = resp
}
"""


def finding(line: int, code="LK101", msg="the body of resp is never closed", fix=True, path="/r/p/a.go") -> Finding:
    f = Finding(code, "unclosed-response-body", path, line, 2, line, 20, msg)
    if fix:
        f.fix = Fix("Add defer resp.Body.Close()", (), Safety.SAFE)
    return f


def test_fingerprints_survive_line_moves_and_tell_functions_apart():
    moved = b"// a comment\n// another\n" + SRC
    a = bodymod.fingerprint(finding(4), "p/a.go", SRC)
    assert bodymod.fingerprint(finding(6), "p/a.go", moved) == a  # same finding, two lines lower
    assert bodymod.fingerprint(finding(9), "p/a.go", SRC) != a  # in B
    assert bodymod.fingerprint(finding(4), "p/b.go", SRC) != a
    fps = bodymod.fingerprints([(finding(4), "p/a.go", SRC), (finding(4), "p/a.go", SRC)])
    assert len(set(fps)) == 2  # equal findings stay distinct
    assert bodymod.enclosing_func(SRC, 4) == "A" and bodymod.enclosing_func(SRC, 1) == ""


def report(n_fixed: int, n_left: int = 0, diff_size: int = 0) -> bodymod.Report:
    fixed = [(finding(i + 1, path=f"/r/f{i}.go"), f"f{i}.go") for i in range(n_fixed)]
    left = [(finding(i + 1, code="LK106", msg="the file f is never closed", fix=False, path=f"/r/g{i}.go"), f"g{i}.go") for i in range(n_left)]
    v = VerifyReport(verified=[f for f, _ in fixed])
    return bodymod.Report(
        unit=".", base_branch="main", base_sha="a" * 40, fixed=fixed, left=left, verify=v,
        diffs=[("f0.go", "--- a/f0.go\n+++ b/f0.go\n" + "+x\n" * diff_size)] if diff_size else [],
        fingerprints=tuple(f"LK101:{i:016x}" for i in range(n_fixed)),
        reproduce="gofixleaks --fix --verify .", repo_root="/r",
    )


def test_body_sections_and_metadata_round_trip():
    text = bodymod.render(report(2, 1, diff_size=3))
    for heading in ("### Summary", "### Fixes", "### Verification", "### Left without a fix", "### Reproduce", "### Diff"):
        assert heading in text
    assert "| LK101 | unclosed-response-body | 2 | 0 |" in text
    assert "| `f0.go:1` | LK101 | Add defer resp.Body.Close() | safe | verified |" in text
    assert "| `.` | 2 | 0 | build ✓ vet ✓ | build ✓ vet ✓ |" in text
    assert "<details><summary><code>f0.go</code> (+3 −0)</summary>" in text
    meta = bodymod.read_metadata(text)
    assert meta["base"] == "a" * 40 and meta["fingerprints"] == ["LK101:0000000000000000", "LK101:0000000000000001"]
    assert bodymod.read_metadata("a person's PR") is None


@pytest.mark.parametrize("limit", [65536, 20000, 3000])
def test_body_truncated_at_the_limit_keeps_the_metadata(limit):
    r = report(300, 300, diff_size=5000)
    r.report_url = "https://ci.example/job/1"
    text = bodymod.render(r, limit)
    assert len(text) <= limit
    assert "This description was shortened" in text and "https://ci.example/job/1" in text
    assert bodymod.read_metadata(text)["fingerprints"][0] == "LK101:0000000000000000"
    assert "| LK101 | unclosed-response-body | 300 | 0 |" in text  # the summary always stays


def test_titles_and_branches():
    r = report(1)
    assert bodymod.title(r) == "Fix 1 resource leak (gofixleaks)"
    r.unit = "svc/a"
    assert bodymod.title(r) == "Fix 1 resource leak in svc/a (gofixleaks)"
    assert bodymod.title(r, "leaks: {module} ({count})") == "leaks: svc/a (1)"
    assert unit_branch("gofixleaks/fix-leaks", ".") == "gofixleaks/fix-leaks"
    assert unit_branch("gofixleaks/fix-leaks", "svc/a b") == "gofixleaks/fix-leaks-svc-a-b"


def test_find_units(tmp_path):
    for d in ("", "svc/a", "svc/a/vendor/x", "tools", ".hidden"):
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
        (tmp_path / d / "go.mod").write_text("module x\n")
    assert [u[len(str(tmp_path)):] for u in find_units(str(tmp_path), "module")] == ["", "/svc/a", "/tools"]
    assert find_units(str(tmp_path), "none") == [str(tmp_path)]
    assert find_units(str(tmp_path / "svc"), "module") == [str(tmp_path / "svc" / "a")]


# ---- [tool.gofixleaks.bot] --------------------------------------------------------------------

def test_bot_table(tmp_path):
    p = tmp_path / "pyproject.toml"
    p.write_text('[tool.gofixleaks]\nselect = ["LK1"]\n\n[tool.gofixleaks.bot]\ntitle = "Leaks in {module}"\nlabels = ["leaks", "bot"]\n'
                 'reviewers = "alice"\ndraft = true\nsplit = "none"\nbranch = "bots/leaks"\nauthor = "Leak Bot <leaks@example.com>"\n')
    assert load_config(str(p)).settings.select == ("LK1",)  # the main table still loads
    c = load_bot_config(str(p))
    assert (c.title, c.labels, c.reviewers, c.draft, c.split, c.branch) == ("Leaks in {module}", ("leaks", "bot"), ("alice",), True, "none", "bots/leaks")
    assert c.author.email == "leaks@example.com"
    assert load_bot_config(None).split == "module"


@pytest.mark.parametrize(
    "text, message",
    [
        ("colour = 1", "unknown key 'colour'"),
        ("split = \"repo\"", "bot.split must be one of module, none"),
        ("draft = \"yes\"", "bot.draft must be true or false"),
        ("labels = [1]", "bot.labels must be a list of strings"),
        ("author = \"nobody\"", "bot.author"),
    ],
)
def test_bot_table_errors(tmp_path, text, message):
    p = tmp_path / "gofixleaks.toml"
    p.write_text(f"[bot]\n{text}\n")
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_bot_config(str(p))


def test_body_proven_section_only_when_set_and_after_verification():
    r = report(2, 1, diff_size=3)
    assert "### Proven at run time" not in bodymod.render(r)
    r.proven = "### Proven at run time\n\n- **LK202** `f0.go:1`: proven: 3 goroutines leaked by TestX before this change, 0 after.\n"
    text = bodymod.render(r)
    assert text.index("### Verification") < text.index("### Proven at run time") < text.index("### Left without a fix")
    assert "proven: 3 goroutines leaked by TestX before this change, 0 after." in text
    for limit in (20000, 3000):
        assert len(bodymod.render(r, limit)) <= limit


def test_bot_config_prove(tmp_path):
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text("[tool.gofixleaks.bot]\nprove = true\n")
    assert load_bot_config(str(cfg)).prove is True
    assert load_bot_config(None).prove is False
    cfg.write_text("[tool.gofixleaks.bot]\nprove = 'yes'\n")
    with pytest.raises(ConfigError, match="bot.prove must be true or false"):
        load_bot_config(str(cfg))
