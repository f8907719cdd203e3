"""The long monkey run only when asked for: `pytest -m monkey_long`."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "monkey_long" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="the long monkey run: pytest -m monkey_long")
    for item in items:
        if "monkey_long" in item.keywords:
            item.add_marker(skip)
