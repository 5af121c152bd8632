"""The campaign file (TOML): what to fix, where, and how to publish it.

```toml
[campaign]
name = "fix-leaks"
forge = "github"                # github | gitlab | gitea | none (patches only)
branch = "gofixleaks/fix-leaks" # per-module branches derive from it
split = "module"                # module (default) | repo
select = ["LK1", "LK2"]         # and the other keys of the configuration file

[[target]]
repo = "acme/payments"
url = "https://github.com/acme/payments.git"   # optional
base = "main"                                  # optional
```

or ``targets = "repos.txt"`` in ``[campaign]`` (one ``owner/name [url] [base]``
per line, ``#`` comments; relative to the campaign file).  An unknown key or a
bad value is a :class:`CampaignError` naming the key (exit 2).
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from ..config import KEYS as CONFIG_KEYS
from ..config import ConfigError, settings_from_table
from ..discovery import UsageError
from ..settings import Settings

FORGES = ("github", "gitlab", "gitea", "none")
SPLITS = ("module", "repo")

# defaults of the publish stage's token bucket, per forge: publishes (one
# push and the PR calls of one module) per minute, and the burst.  GitHub's
# secondary limits allow about 80 content-creating requests a minute and 500
# an hour; a publish makes 2-4 of them.
RATE_DEFAULTS = {"github": (6.0, 10), "gitlab": (30.0, 20), "gitea": (120.0, 20), "none": (0.0, 0)}

# the environment variable of each forge's API URL, and its default
API_URL_ENV = {
    "github": ("GITHUB_API_URL", "https://api.github.com"),
    "gitlab": ("CI_API_V4_URL", "https://gitlab.com/api/v4"),
    "gitea": ("GITEA_URL", ""),
}

CAMPAIGN_KEYS = (
    "name", "forge", "branch", "split", "targets", "api-url", "publish-rate", "publish-burst",
    "timeout", "labels", "draft", "title",
)

_REPO = re.compile(r"^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+$")
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


class CampaignError(UsageError):
    """A problem in the campaign file or its targets file (exit 2)."""


@dataclass(frozen=True)
class Target:
    repo: str  # the forge's path, owner/name (GitLab: group/subgroup/name)
    url: str = ""  # clone URL; default from the forge
    base: str = ""  # base branch; default: the forge's (or the remote's) default branch

    @property
    def owner(self) -> str:
        return self.repo.rsplit("/", 1)[0]

    @property
    def name(self) -> str:
        return self.repo.rsplit("/", 1)[1]


@dataclass(frozen=True)
class Campaign:
    path: str  # the campaign file
    name: str
    forge: str
    branch: str
    split: str
    settings: Settings
    targets: tuple[Target, ...]
    api_url: str = ""
    publish_rate: float = 0.0  # per minute
    publish_burst: int = 0
    timeout: float = 1800.0  # seconds per repository
    labels: tuple[str, ...] = ()
    draft: bool = False
    title: str = ""
    rule_table: dict = field(default_factory=dict, compare=False)  # the configuration keys as written

    @property
    def directory(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))

    @property
    def ledger_path(self) -> str:
        return os.path.join(self.directory, f"{self.name}.ledger.sqlite")

    @property
    def patches_dir(self) -> str:
        return os.path.join(self.directory, "patches")

    @property
    def report_path(self) -> str:
        return os.path.join(self.directory, "report.md")

    def url_for(self, target: Target) -> str:
        """The clone URL of a target: its own, or the forge's convention."""
        if target.url:
            return target.url
        if self.forge == "github":
            web = "https://github.com" if self.api_url.rstrip("/") == "https://api.github.com" else self.api_url.rstrip("/").removesuffix("/api/v3")
            return f"{web}/{target.repo}.git"
        if self.forge == "gitlab":
            return f"{self.api_url.rstrip('/').removesuffix('/api/v4')}/{target.repo}.git"
        if self.forge == "gitea":
            return f"{self.api_url.rstrip('/').removesuffix('/api/v1')}/{target.repo}.git"
        return ""


def _fail(path: str, message: str) -> CampaignError:
    return CampaignError(f"{path}: {message}")


def _str(path: str, key: str, value: Any, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not value.strip() and not allow_empty):
        raise _fail(path, f"{key} must be a non-empty string, not {value!r}")
    return value.strip()


def _check_repo(path: str, key: str, repo: str) -> str:
    if not _REPO.match(repo) or any(part in (".", "..") for part in repo.split("/")):
        raise _fail(path, f"{key}: not a repository path like owner/name: {repo!r}")
    return repo


def _check_branch(path: str, key: str, branch: str) -> str:
    bad = (
        not branch or branch.startswith(("/", "-")) or branch.endswith(("/", ".lock", "."))
        or ".." in branch or "//" in branch or "@{" in branch
        or any(c in branch for c in " ~^:?*[\\\t\n") or any(ord(c) < 32 for c in branch)
    )
    if bad:
        raise _fail(path, f"{key}: not a valid git branch name: {branch!r}")
    return branch


def _target(path: str, where: str, raw: Any) -> Target:
    if not isinstance(raw, dict):
        raise _fail(path, f"{where} must be a table with repo = \"owner/name\", not {raw!r}")
    for key in raw:
        if key not in ("repo", "url", "base"):
            raise _fail(path, f"{where}: unknown key {key!r} (known keys: repo, url, base)")
    if "repo" not in raw:
        raise _fail(path, f"{where}: repo is missing")
    repo = _check_repo(path, f"{where}.repo", _str(path, f"{where}.repo", raw["repo"]))
    url = _str(path, f"{where}.url", raw["url"]) if "url" in raw else ""
    base = _check_branch(path, f"{where}.base", _str(path, f"{where}.base", raw["base"])) if "base" in raw else ""
    return Target(repo, url, base)


def read_targets_file(path: str) -> list[Target]:
    """``owner/name [url] [base]`` per line; ``#`` starts a comment."""
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        raise CampaignError(f"{path}: targets file not found") from None
    except UnicodeDecodeError as e:
        raise CampaignError(f"{path}: not valid UTF-8 (byte {e.start})") from None
    except OSError as e:
        raise CampaignError(f"{path}: cannot read the targets file: {e.strerror}") from None
    out = []
    for n, line in enumerate(lines, 1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        where = f"line {n}"
        if len(fields) > 3:
            raise _fail(path, f"{where}: expected 'owner/name [url] [base]', got {len(fields)} fields")
        repo = _check_repo(path, where, fields[0])
        url, base = "", ""
        rest = fields[1:]
        if rest and ("://" in rest[0] or rest[0].startswith(("/", "file:", "git@", "."))):
            url = rest.pop(0)
        if rest:
            base = _check_branch(path, f"{where}: base", rest.pop(0))
        if rest:
            raise _fail(path, f"{where}: expected 'owner/name [url] [base]': {line.strip()!r}")
        out.append(Target(repo, url, base))
    return out


def load(path: str, env: dict | None = None) -> Campaign:
    """Read and validate a campaign file."""
    env = os.environ if env is None else env
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise CampaignError(f"{path}: campaign file not found") from None
    except OSError as e:
        raise CampaignError(f"{path}: cannot read the campaign file: {e.strerror}") from None
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise CampaignError(f"{path}: not valid UTF-8 (byte {e.start})") from None
    except tomllib.TOMLDecodeError as e:
        raise CampaignError(f"{path}: invalid TOML: {e}") from None

    for key in doc:
        if key not in ("campaign", "target"):
            raise _fail(path, f"unknown key {key!r} (known: [campaign], [[target]])")
    table = doc.get("campaign")
    if not isinstance(table, dict):
        raise _fail(path, "a [campaign] table is required")
    camp_keys = {k: v for k, v in table.items() if k in CAMPAIGN_KEYS}
    rule_keys = {k: v for k, v in table.items() if k not in CAMPAIGN_KEYS}
    for key in rule_keys:
        if key not in CONFIG_KEYS:
            raise _fail(
                path,
                f"unknown key {key!r} in [campaign] (known keys: {', '.join(CAMPAIGN_KEYS + CONFIG_KEYS)})",
            )
    try:
        settings = settings_from_table(path, rule_keys, "[campaign]")
    except ConfigError as e:
        raise CampaignError(str(e)) from None

    if "name" not in camp_keys:
        raise _fail(path, "campaign.name is missing")
    name = _str(path, "campaign.name", camp_keys["name"])
    if not _NAME.match(name):
        raise _fail(path, f"campaign.name may hold only letters, digits, '.', '_' and '-': {name!r}")
    forge = camp_keys.get("forge", "none")
    if forge not in FORGES:
        raise _fail(path, f"campaign.forge must be one of {', '.join(FORGES)}, not {forge!r}")
    branch = _check_branch(path, "campaign.branch", _str(path, "campaign.branch", camp_keys.get("branch", f"gofixleaks/{name}")))
    split = camp_keys.get("split", "module")
    if split not in SPLITS:
        raise _fail(path, f"campaign.split must be one of {', '.join(SPLITS)}, not {split!r}")

    api_url = ""
    if forge != "none":
        var, default = API_URL_ENV[forge]
        api_url = _str(path, "campaign.api-url", camp_keys["api-url"]) if "api-url" in camp_keys else env.get(var, default)
        if not api_url:
            raise _fail(path, f"campaign.api-url is needed for forge {forge!r} (or set {var})")
    elif "api-url" in camp_keys:
        raise _fail(path, "campaign.api-url: forge = \"none\" has no API")

    rate, burst = RATE_DEFAULTS[forge]
    if "publish-rate" in camp_keys:
        v = camp_keys["publish-rate"]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0:
            raise _fail(path, f"campaign.publish-rate must be a positive number of publishes per minute, not {v!r}")
        rate = float(v)
    if "publish-burst" in camp_keys:
        v = camp_keys["publish-burst"]
        if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
            raise _fail(path, f"campaign.publish-burst must be a positive integer, not {v!r}")
        burst = v
    timeout = 1800.0
    if "timeout" in camp_keys:
        v = camp_keys["timeout"]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0:
            raise _fail(path, f"campaign.timeout must be a positive number of seconds, not {v!r}")
        timeout = float(v)
    labels: tuple[str, ...] = ()
    if "labels" in camp_keys:
        v = camp_keys["labels"]
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            raise _fail(path, f"campaign.labels must be a list of strings, not {v!r}")
        labels = tuple(v)
    draft = camp_keys.get("draft", False)
    if not isinstance(draft, bool):
        raise _fail(path, f"campaign.draft must be true or false, not {draft!r}")
    title = _str(path, "campaign.title", camp_keys["title"]) if "title" in camp_keys else ""

    targets: list[Target] = []
    raw_targets = doc.get("target", [])
    if not isinstance(raw_targets, list):
        raise _fail(path, "target must be an array of tables ([[target]])")
    for i, raw in enumerate(raw_targets):
        targets.append(_target(path, f"target[{i}]", raw))
    if "targets" in camp_keys:
        tfile = _str(path, "campaign.targets", camp_keys["targets"])
        tpath = tfile if os.path.isabs(tfile) else os.path.join(os.path.dirname(os.path.abspath(path)), tfile)
        targets.extend(read_targets_file(tpath))
    if not targets:
        raise _fail(path, "no targets: add [[target]] tables or campaign.targets = \"repos.txt\"")
    seen: set[str] = set()
    for t in targets:
        if t.repo in seen:
            raise _fail(path, f"target {t.repo!r} is listed twice")
        seen.add(t.repo)
        if forge == "none" and not t.url:
            raise _fail(path, f"target {t.repo!r}: url is needed with forge = \"none\"")

    return Campaign(
        path=os.path.abspath(path), name=name, forge=forge, branch=branch, split=split, settings=settings,
        targets=tuple(targets), api_url=api_url, publish_rate=rate, publish_burst=burst, timeout=timeout,
        labels=labels, draft=draft, title=title, rule_table=rule_keys,
    )


def parse_shard(text: str) -> tuple[int, int]:
    """``I/N`` with 1 <= I <= N."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not m:
        raise UsageError(f"--shard must look like I/N (for example 1/4), not {text!r}")
    i, n = int(m.group(1)), int(m.group(2))
    if n < 1 or not 1 <= i <= n:
        raise UsageError(f"--shard {text}: I must be between 1 and N")
    return i, n


def in_shard(repo: str, shard: tuple[int, int] | None) -> bool:
    """Deterministic: the same repository is in the same shard on every machine
    and whatever the order or the other targets of the file."""
    if shard is None:
        return True
    i, n = shard
    h = int.from_bytes(hashlib.sha256(repo.encode()).digest()[:8], "big")
    return h % n == i - 1
