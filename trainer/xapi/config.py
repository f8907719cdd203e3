"""Where statements go: the LRS settings, from `xapi.toml` or `xapi.yaml` and the command line.

```toml
endpoint = "https://lrs.example.org/xAPI"   # statements are POSTed to <endpoint>/statements
user = "trainer"
password_env = "TRAINER_LRS_PASSWORD"        # the password is read from this variable, never a file
home_page = "https://formation.example.org"  # the actor account's homePage
activity_base = "https://formation.example.org"  # activity ids: <base>/courses/<course>/…
actor_name = false                           # true sends the learner's real name too
batch_size = 50
timeout = 10                                 # seconds a request may take, its whole answer included
tries = 4                                    # per request, the first included
run_timeout = 300                            # seconds a whole sync may take; it stops there
sync_after_quiz = false                      # send after each finished quiz
```
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.xapi.statements import StatementOptions

CONFIG_FILES = ("xapi.toml", "xapi.yaml", "xapi.yml")
DEFAULT_BASE = "https://trainer.invalid"


class ConfigError(Exception):
    """The xAPI settings are missing or wrong; the message says which and where."""


def password_from(variable: str | None) -> str | None:
    """An LRS password, read from the environment variable `variable` (never from a file or the
    command line); None without a variable; ConfigError when the variable is not set."""
    if not variable:
        return None
    value = os.environ.get(variable)
    if value is None:
        raise ConfigError(
            _("the LRS password is to be read from ${variable}, which is not set").format(
                variable=variable
            )
        )
    return value


@dataclass(frozen=True)
class XapiConfig:
    """The LRS to send to and how statements name things."""

    endpoint: str | None = None
    user: str | None = None
    password_env: str | None = None
    home_page: str = DEFAULT_BASE
    activity_base: str | None = None
    """None: the home page."""
    actor_name: bool = False
    batch_size: int = 50
    timeout: float = 10.0
    tries: int = 4
    backoff: float = 0.5
    run_timeout: float = 300.0
    """Seconds a whole sync may take, pauses between tries included."""
    sync_after_quiz: bool = False
    source: str | None = None
    """The file the settings came from, for messages."""

    @property
    def options(self) -> StatementOptions:
        """How statements name the actor and the activities."""
        return StatementOptions(
            self.home_page, self.activity_base or self.home_page, self.actor_name
        )

    def password(self) -> str | None:
        """The password, read from the environment variable the settings name."""
        return password_from(self.password_env)

    def with_flags(self, **flags: Any) -> XapiConfig:
        """These settings with the command line's flags (those given) on top."""
        given = {key: value for key, value in flags.items() if value is not None}
        return _checked(replace(self, **given), _("the command line"))


KIND_WORDS = {
    str: N_("a string"),
    bool: N_("true or false"),
    int: N_("a whole number"),
    float: N_("a number"),
}

_TYPES: dict[str, tuple[type, ...]] = {
    "endpoint": (str,),
    "user": (str,),
    "password_env": (str,),
    "home_page": (str,),
    "activity_base": (str,),
    "actor_name": (bool,),
    "batch_size": (int,),
    "timeout": (int, float),
    "tries": (int,),
    "backoff": (int, float),
    "run_timeout": (int, float),
    "sync_after_quiz": (bool,),
}


def _checked(config: XapiConfig, where: str) -> XapiConfig:
    if (
        config.batch_size < 1
        or config.tries < 1
        or config.timeout <= 0
        or config.run_timeout <= 0
        or config.backoff < 0
    ):
        raise ConfigError(
            _(
                "{where}: batch_size and tries must be at least 1, timeout and run_timeout more "
                "than 0, backoff 0 or more"
            ).format(where=where)
        )
    for name in ("home_page", "activity_base", "endpoint"):
        value = getattr(config, name)
        if value is not None and not value.startswith(("http://", "https://")):
            raise ConfigError(
                _("{where}: {name} must be an http or https URL, not {value}").format(
                    where=where, name=name, value=inert(repr(value))
                )
            )
    return config


def parse_config(data: Mapping[str, Any], where: str) -> XapiConfig:
    """Settings from a parsed file; unknown keys and wrong types are errors (no typo may pass)."""
    if not isinstance(data, Mapping):
        raise ConfigError(_("{where}: expected a table of settings").format(where=where))
    known = {f.name for f in fields(XapiConfig)} - {"source"}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(
                _("{where}: unknown setting {key}; the settings are {known}").format(
                    where=where, key=inert(repr(key)), known=", ".join(sorted(known))
                )
            )
        kinds = _TYPES[key]
        if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
            raise ConfigError(
                _("{where}: {key} must be {kinds}, not {value}").format(
                    where=where,
                    key=key,
                    kinds=_(KIND_WORDS[kinds[-1]]),  # (int, float): a number
                    value=inert(repr(value)),
                )
            )
        values[key] = value
    return _checked(XapiConfig(**values, source=where), where)


def read_config(path: Path) -> XapiConfig:
    """Settings from one TOML or YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror)
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(_("{path}: not UTF-8 text").format(path=path)) from None
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: {inert(str(error))}") from None
    else:
        import yaml

        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            raise ConfigError(f"{path}: {inert(str(error))}") from None
    return parse_config(data, str(path))


def find_config(data_dir: Path, flag: str | os.PathLike[str] | None = None) -> XapiConfig | None:
    """`--config FILE`, else the first of xapi.toml, xapi.yaml, xapi.yml in the data folder; None
    when there is none (sync is not set up)."""
    if flag:
        return read_config(Path(flag))
    for name in CONFIG_FILES:
        path = Path(data_dir) / name
        if path.is_file():
            return read_config(path)
    return None


def resolve_config(
    data_dir: Path, config_file: str | os.PathLike[str] | None = None, **flags: Any
) -> XapiConfig | None:
    """The settings `trainer sync` uses: the file (`--config`, else the data folder's), with the
    flags given (`endpoint`, `user`, `password_env`, `home_page`…) on top; None when neither is."""
    config = find_config(data_dir, config_file)
    if config is None and not any(value is not None for value in flags.values()):
        return None
    return (config or XapiConfig()).with_flags(**flags)
