"""Forge adapters (GitHub, GitLab, Gitea): see base.Forge for the interface.

:func:`config_from_env` reads what CI already sets; :func:`make_forge` builds
the adapter (its library is imported only then).
"""

from __future__ import annotations

import re
from typing import Mapping

from .base import Forge, ForgeConfig, ForgeError

FORGES = ("github", "gitlab", "gitea")


class ConfigurationError(ForgeError):
    """The forge cannot be configured from the environment and the flags."""

    kind = "config"


def detect_forge(env: Mapping[str, str]) -> str | None:
    """Which forge CI runs on, from the variables it sets."""
    if env.get("GITEA_ACTIONS") == "true" or env.get("GITEA_URL") or env.get("GITEA_TOKEN"):
        return "gitea"
    if env.get("GITHUB_ACTIONS") == "true" or env.get("GITHUB_REPOSITORY"):
        return "github"
    if env.get("GITLAB_CI") or env.get("CI_PROJECT_PATH") or env.get("CI_PROJECT_ID") or env.get("GITLAB_TOKEN"):
        return "gitlab"
    if env.get("GITHUB_TOKEN") or env.get("GH_TOKEN"):
        return "github"
    return None


def _token(env: Mapping[str, str], names: tuple[str, ...]) -> tuple[str, str]:
    for name in names:
        if env.get(name):
            return env[name], name
    return "", names[0]


def config_from_env(env: Mapping[str, str], *, forge: str | None = None, repo: str | None = None, api_url: str | None = None) -> ForgeConfig:
    """The adapter's configuration: CI's variables, overridden by the flags."""
    forge = forge or detect_forge(env)
    if forge is None:
        raise ConfigurationError(
            "cannot tell the forge from the environment: pass --forge github|gitlab|gitea "
            "(or run in GitHub Actions / GitLab CI, or set GITEA_URL)"
        )
    if forge == "github":
        token, var = _token(env, ("GITHUB_TOKEN", "GH_TOKEN"))
        url = api_url or env.get("GITHUB_API_URL") or "https://api.github.com"
        return ForgeConfig("github", url, token, var, repo or env.get("GITHUB_REPOSITORY", ""))
    if forge == "gitlab":
        token, var = _token(env, ("GITLAB_TOKEN",))
        url = api_url or env.get("CI_API_V4_URL") or ((env["CI_SERVER_URL"].rstrip("/") + "/api/v4") if env.get("CI_SERVER_URL") else "https://gitlab.com/api/v4")
        return ForgeConfig("gitlab", url, token, var, repo or env.get("CI_PROJECT_PATH") or env.get("CI_PROJECT_ID", ""), env.get("CI_DEFAULT_BRANCH", ""))
    if forge == "gitea":
        names = ("GITEA_TOKEN", "GITHUB_TOKEN") if env.get("GITEA_ACTIONS") == "true" else ("GITEA_TOKEN",)
        token, var = _token(env, names)
        url = api_url or env.get("GITEA_URL") or (env.get("GITHUB_SERVER_URL", "") if env.get("GITEA_ACTIONS") == "true" else "")
        if not url:
            raise ConfigurationError("Gitea: set GITEA_URL (the server's address, e.g. https://gitea.example.com) or pass --api-url")
        r = repo or env.get("GITEA_REPOSITORY") or (env.get("GITHUB_REPOSITORY", "") if env.get("GITEA_ACTIONS") == "true" else "")
        return ForgeConfig("gitea", url, token, var, r)
    raise ConfigurationError(f"unknown forge {forge!r} (github, gitlab or gitea)")


_REMOTE_PATH = re.compile(r"^(?:[a-z+]+://[^/]+/|[^@/]+@[^:]+:)(?P<path>.+?)(?:\.git)?/?$")


def repo_from_url(url: str) -> str:
    """``owner/name`` (GitLab: the path with its groups) from a remote URL, or ''."""
    m = _REMOTE_PATH.match(url.strip())
    return m.group("path") if m else ""


def make_forge(config: ForgeConfig) -> Forge:
    if config.forge == "github":
        from .github import GitHubForge

        return GitHubForge(config)
    if config.forge == "gitlab":
        from .gitlab import GitLabForge

        return GitLabForge(config)
    if config.forge == "gitea":
        from .gitea import GiteaForge

        return GiteaForge(config)
    raise ConfigurationError(f"unknown forge {config.forge!r} (github, gitlab or gitea)")
