"""The configuration file: ``[tool.gofixleaks]`` in ``pyproject.toml``, or a
``gofixleaks.toml`` / ``.gofixleaks.toml`` (top-level keys, no table).

It is found by walking up from the paths given on the command line (from their
common directory), stopping at the repository root (the directory holding
``.git``).  In one directory ``.gofixleaks.toml`` wins over ``gofixleaks.toml``,
which wins over ``pyproject.toml``; a ``pyproject.toml`` without a
``[tool.gofixleaks]`` table is passed over.  ``--config FILE`` names the file;
``--isolated`` ignores every configuration file.

Command-line flags override the file: ``--select``/``--ignore`` replace the
file's lists, ``--unsafe-fixes`` turns unsafe fixes on, a rule-option flag
replaces that option.  An unknown key, a value of the wrong type or an unknown
rule code is an error naming the key and the file (exit 2).

Globs (``exclude``, ``per-file-ignores``) are relative to the file's directory;
a glob without ``/`` matches a file or directory name anywhere.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, replace
from typing import Any, Callable

from .discovery import UsageError
from .engine import rules_for
from .registry import valid_selector
from .settings import Settings

CONFIG_NAMES = (".gofixleaks.toml", "gofixleaks.toml", "pyproject.toml")

_DURATION = re.compile(r"^(?:\d+(?:ns|us|µs|ms|s|m|h))+$")  # as --cache-ttl takes it


class ConfigError(UsageError):
    """A problem in a configuration file (exit 2)."""


def _positive_int(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{key} must be a positive integer, not {value!r}")
    return value


def _duration(key: str, value: Any) -> str:
    """A Go duration ("10m", "1h30m") or a whole number of seconds."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return f"{value}s"
    if isinstance(value, str) and _DURATION.match(value) and re.search(r"[1-9]", value):
        return value
    raise ValueError(f"{key} must be a Go duration such as \"10m\" or a positive number of seconds, not {value!r}")


def _build_tags(key: str, value: Any) -> str:
    """Build tags for --verify's go build/vet: a list of names or a comma-separated string."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(t, str) and re.match(r"^[A-Za-z0-9_.]+$", t.strip()) for t in items):
        raise ValueError(f"{key} must be a list of build tags such as [\"integration\"], not {value!r}")
    return ",".join(t.strip() for t in items)


# Rule options: key in the file -> (name in ``Settings.options``, validator);
# the names are those the rule-option flags use (``--cache-size`` gives
# ``settings.option("cache_size")``), so a flag replaces the file's value.
RULE_OPTIONS: dict[str, tuple[str, Callable[[str, Any], Any]]] = {
    "cache-size": ("cache_size", _positive_int),
    "cache-ttl": ("cache_ttl", _duration),
    "build-tags": ("build_tags", _build_tags),  # not a rule's, but passed the same way
}

KEYS = ("select", "ignore", "per-file-ignores", "exclude", "force-exclude", "unsafe-fixes", "max-file-size", *RULE_OPTIONS)


@dataclass(frozen=True)
class Config:
    path: str | None  # the file, or None when no file applies
    settings: Settings  # the file's settings on top of the defaults
    keys: tuple[str, ...] = ()  # the keys the file set


def find_config(paths: list[str]) -> str | None:
    """The configuration file for these command-line paths, or None."""
    starts = []
    for p in paths or ["."]:
        if p == "..." or p.endswith("/..."):
            p = p[:-3].rstrip("/") or "."
        a = os.path.abspath(p)
        starts.append(a if os.path.isdir(a) else os.path.dirname(a))
    try:
        directory = os.path.commonpath(starts)
    except ValueError:
        directory = starts[0]
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
        if os.path.exists(os.path.join(directory, ".git")):
            return None  # the repository root: stop here
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _has_table(pyproject: str) -> bool:
    try:
        with open(pyproject, "rb") as fh:
            data = fh.read()
    except OSError:
        return False
    if b"gofixleaks" not in data:
        return False
    return "gofixleaks" in _load_toml(pyproject, data).get("tool", {})


def _load_toml(path: str, data: bytes) -> dict:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not valid UTF-8 (byte {e.start})") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from e


def _table(path: str) -> dict:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the configuration: {e.strerror}") from e
    doc = _load_toml(path, data)
    if os.path.basename(path) == "pyproject.toml":
        table = doc.get("tool", {}).get("gofixleaks")
        if table is None:
            raise ConfigError(f"{path}: no [tool.gofixleaks] table")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.gofixleaks must be a table")
        return table
    tool = doc.get("tool")
    if isinstance(tool, dict) and "gofixleaks" in tool:
        # the pyproject.toml form in a file of another name (--config other.toml)
        others = sorted(k for k in doc if k != "tool")
        if others or set(tool) != {"gofixleaks"}:
            extra = ", ".join(others + [f"tool.{k}" for k in sorted(tool) if k != "gofixleaks"])
            raise ConfigError(
                f"{path}: holds a [tool.gofixleaks] table and other keys ({extra}): use either the table "
                "(the pyproject.toml form) or top-level keys (the gofixleaks.toml form)"
            )
        if not isinstance(tool["gofixleaks"], dict):
            raise ConfigError(f"{path}: tool.gofixleaks must be a table")
        return tool["gofixleaks"]
    if "tool" in doc:
        raise ConfigError(
            f"{path}: unknown key 'tool': a gofixleaks.toml holds top-level keys; "
            "a [tool.gofixleaks] table is read from pyproject.toml, or from any file that holds only that table"
        )
    return doc


def _codes(path: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise ConfigError(f"{path}: {key} must be a list of rule codes, not {value!r}")
    from .registry import RULES

    names = {r.name: r.code for r in RULES}  # rule names are accepted too
    out = []
    for c in value:
        c = names.get(c.strip().lower(), c.strip().upper())
        if not valid_selector(c):
            raise ConfigError(f"{path}: {key}: unknown rule code, prefix or name {c!r} (see 'gofixleaks rules')")
        out.append(c)
    return tuple(out)


def _glob(base: str, glob: str) -> str:
    """A glob relative to the file's directory, made absolute (the engine
    matches absolute paths too), so that it means the same from any directory."""
    if "/" not in glob:
        return glob  # matches a name anywhere
    return os.path.join(base, glob.removeprefix("./"))


def _globs(path: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(g, str) and g for g in value):
        raise ConfigError(f"{path}: {key} must be a list of globs, not {value!r}")
    return tuple(_glob(os.path.dirname(os.path.abspath(path)), g) for g in value)


def load_config(path: str) -> Config:
    """Read and validate one configuration file."""
    table = _table(path)
    where = "[tool.gofixleaks]" if os.path.basename(path) == "pyproject.toml" else "the file"
    return Config(path, settings_from_table(path, table, where), tuple(table))


def settings_from_table(path: str, table: dict, where: str) -> Settings:
    """The settings a table of configuration keys gives (also the rule options
    of a batch campaign's ``[campaign]`` table); errors name the key."""
    s = Settings()
    options: dict[str, Any] = {}
    for key, value in table.items():
        if key == "bot" and isinstance(value, dict):
            continue  # [tool.gofixleaks.bot]: read and checked by gofixleaks.bot.config
        if key not in KEYS:
            hint = f"; did you mean {key.replace('_', '-')!r}?" if key.replace("_", "-") in KEYS else ""
            raise ConfigError(
                f"{path}: unknown key {key!r} in {where}{hint} (known keys: {', '.join(KEYS)})"
            )
        if key == "select":
            s = replace(s, select=_codes(path, key, value))
        elif key == "ignore":
            s = replace(s, ignore=_codes(path, key, value))
        elif key == "exclude":
            s = replace(s, exclude=_globs(path, key, value))
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: per-file-ignores must be a table of glob = [codes], not {value!r}")
            pfi = tuple(
                (_globs(path, f"per-file-ignores.{g!r}", g)[0], _codes(path, f"per-file-ignores.{g!r}", codes))
                for g, codes in value.items()
            )
            s = replace(s, per_file_ignores=pfi)
        elif key in ("unsafe-fixes", "force-exclude"):
            if not isinstance(value, bool):
                raise ConfigError(f"{path}: {key} must be true or false, not {value!r}")
            s = replace(s, **{key.replace("-", "_"): value})
        elif key == "max-file-size":
            try:
                s = replace(s, max_file_size=_positive_int(key, value))
            except ValueError as e:
                raise ConfigError(f"{path}: {e}") from e
        else:
            name, validate = RULE_OPTIONS[key]
            try:
                options[name] = validate(key, value)
            except ValueError as e:
                raise ConfigError(f"{path}: {e}") from e
    return replace(s, options=tuple(sorted(options.items())))


def resolve(args, cli: Settings) -> tuple[Settings, Config]:
    """The settings of a run: the configuration file, then the command line.

    ``cli`` is what the flags alone give (``settings_from_args``); ``args`` tells
    which flags were given.
    """
    if getattr(args, "isolated", False):
        cfg = Config(None, Settings())
    else:
        path = getattr(args, "config", None) or find_config(args.paths)
        if path is not None and not os.path.isfile(path):
            raise ConfigError(f"{path}: no such configuration file")
        cfg = load_config(path) if path else Config(None, Settings())
    f = cfg.settings
    options = dict(f.options)
    options.update(dict(cli.options))  # a rule-option flag wins
    return (
        replace(
            cli,
            select=cli.select if args.select is not None else f.select,
            ignore=cli.ignore if args.ignore is not None else f.ignore,
            per_file_ignores=f.per_file_ignores + cli.per_file_ignores,
            exclude=f.exclude + cli.exclude,
            unsafe_fixes=cli.unsafe_fixes or f.unsafe_fixes,
            force_exclude=getattr(args, "force_exclude", False) or f.force_exclude,
            max_file_size=f.max_file_size if "max-file-size" in cfg.keys else cli.max_file_size,
            options=tuple(sorted(options.items())),
        ),
        cfg,
    )


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return _toml_value(str(v))


def show(settings: Settings, cfg: Config) -> str:
    """The resolved settings, as TOML (what ``--show-settings`` prints); valid
    as a ``gofixleaks.toml`` itself."""
    lines = [f"# configuration file: {cfg.path or '(none)'}"]
    lines.append(f"select = {_toml_value(settings.select)}  # empty = every rule")
    lines.append(f"ignore = {_toml_value(settings.ignore)}")
    lines.append(f"exclude = {_toml_value(settings.exclude)}")
    lines.append(f"force-exclude = {_toml_value(settings.force_exclude)}")
    lines.append(f"unsafe-fixes = {_toml_value(settings.unsafe_fixes)}")
    lines.append(f"max-file-size = {settings.max_file_size}")
    lines.append(f"# fix = {_toml_value(settings.fix)}  (command line only: --fix, --diff)")
    file_key = {name: key for key, (name, _v) in RULE_OPTIONS.items()}
    for k, v in settings.options:
        lines.append(f"{file_key.get(k, k)} = {_toml_value(v)}")
    lines.append("")
    lines.append("[per-file-ignores]")
    for glob, codes in settings.per_file_ignores:
        lines.append(f"{_toml_value(glob)} = {_toml_value(codes)}")
    lines.append("")
    lines.append("# rules enabled: " + ", ".join(r.code for r in rules_for(settings)))
    return "\n".join(lines) + "\n"


def add_arguments(p) -> None:
    """The configuration flags of the command line."""
    p.add_argument("--config", metavar="FILE", help="the configuration file (default: found by walking up from the paths)")
    p.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    p.add_argument("--show-settings", action="store_true", help="print the resolved settings and exit")
    p.add_argument("--force-exclude", action="store_true", help="apply exclude to files named on the command line too (for pre-commit)")
