"""``[tool.gofixleaks.bot]`` (``[bot]`` in a gofixleaks.toml): the bot's settings
in the repository, under the command-line flags."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..config import ConfigError, _table
from ..gitops import BOT_IDENTITY, Identity
from .lifecycle import DEFAULT_BRANCH, SPLITS

KEYS = ("title", "labels", "reviewers", "draft", "split", "branch", "author", "prove")


@dataclass(frozen=True)
class BotConfig:
    title: str | None = None  # "{module}" and "{count}" are replaced
    labels: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()
    draft: bool = False
    split: str = "module"
    branch: str = DEFAULT_BRANCH
    author: Identity = BOT_IDENTITY
    prove: bool = False  # run `gofixleaks prove` and put the evidence in the body


def _strings(path: str, key: str, value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{path}: bot.{key} must be a list of strings, not {value!r}")
    return tuple(v.strip() for v in value)


def load_bot_config(path: str | None) -> BotConfig:
    """The bot table of the configuration file ``path`` (defaults without one)."""
    if path is None:
        return BotConfig()
    table = _table(path).get("bot", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: bot must be a table")
    where = "[tool.gofixleaks.bot]" if os.path.basename(path) == "pyproject.toml" else "[bot]"
    out: dict = {}
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown key {key!r} in {where} (known keys: {', '.join(KEYS)})")
        if key in ("title", "branch"):
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{path}: bot.{key} must be a non-empty string, not {value!r}")
            out[key] = value.strip()
        elif key in ("labels", "reviewers"):
            out[key] = _strings(path, key, value)
        elif key in ("draft", "prove"):
            if not isinstance(value, bool):
                raise ConfigError(f"{path}: bot.{key} must be true or false, not {value!r}")
            out[key] = value
        elif key == "split":
            if value not in SPLITS:
                raise ConfigError(f"{path}: bot.split must be one of {', '.join(SPLITS)}, not {value!r}")
            out[key] = value
        elif key == "author":
            try:
                out[key] = Identity.parse(value) if isinstance(value, str) else None
            except ValueError as e:
                raise ConfigError(f"{path}: bot.author: {e}") from None
            if out[key] is None:
                raise ConfigError(f"{path}: bot.author must be a string 'Name <email>', not {value!r}")
    return BotConfig(**out)
