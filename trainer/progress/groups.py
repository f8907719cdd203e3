"""A learner's group: the service, direction or cohort an organisation puts them in.

A group is a name the organisation chooses (« Direction des solidarités », « Promo mars 2027 »),
kept as the learner's `group` setting in the store (the settings table: no schema change), sent in
every xAPI statement as the context's team, and read back by `trainer report --group`. It comes
from `trainer --group NAME`, the settings, the sign-on proxy's group header (`trainer serve
--trusted-group-header`) or, later, a cmi5 launch (`group_from_launch`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from trainer.i18n import _

GROUP_SETTING = "group"
"""The key of the group among the learner's settings."""
GROUP_MAX = 100
"""Characters a group name may have: a service's full name fits, a pasted page does not."""


class GroupError(ValueError):
    """A group name that cannot be one: the message says why, in the interface's language."""


def clean_group(text: str) -> str | None:
    """A group name as kept: on one line, spaces collapsed; None for an empty one (no group).

    `GroupError` for a name too long or holding control or format characters (a bidi override
    would make two groups look alike in the report)."""
    name = " ".join(text.split())
    if not name:
        return None
    if len(name) > GROUP_MAX:
        raise GroupError(_("a group name has at most {count} characters").format(count=GROUP_MAX))
    if any(unicodedata.category(character) in ("Cc", "Cf", "Cs") for character in name):
        raise GroupError(_("a group name cannot hold control characters"))
    return name


def group_key(name: str) -> str:
    """A group as the report compares it: one Unicode form, no case, spaces collapsed, so that
    `--group "direction des solidarités"` finds « Direction des  Solidarités »."""
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


def saved_group(settings: Mapping[str, str]) -> str | None:
    """The group among a learner's saved settings; None when there is none (or it is not one)."""
    try:
        return clean_group(settings.get(GROUP_SETTING) or "")
    except GroupError:
        return None  # written by hand into the file: no group rather than a strange one


def group_from_launch(launch_data: Mapping[str, object]) -> str | None:
    """The group a cmi5 launch names, for the cmi5 launch to save as the learner's group.

    cmi5 leaves LMS.LaunchData's content to the LMS: trainer reads a `group` key of its
    `launchParameters` (the AU's launch parameters, as the course structure or the LMS sets them,
    JSON text or an object), else a top-level `group`. None when neither is there or it is not a
    group name."""
    candidates: list[object] = []
    parameters = launch_data.get("launchParameters")
    if isinstance(parameters, str):
        import json

        try:
            parameters = json.loads(parameters)
        except ValueError:
            parameters = None
    if isinstance(parameters, Mapping):
        candidates.append(parameters.get("group"))
    candidates.append(launch_data.get("group"))
    for candidate in candidates:
        if isinstance(candidate, str):
            try:
                return clean_group(candidate)
            except GroupError:
                return None
    return None
