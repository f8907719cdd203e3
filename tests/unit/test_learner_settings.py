"""A learner's settings as a typed record, kept in the store as the texts it always held."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.progress.records import LearnerSettings
from trainer.progress.store import Store
from trainer.records import replace


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "data" / "progress.sqlite3")
    yield opened
    opened.close()


def test_settings_never_saved_are_the_defaults() -> None:
    settings = LearnerSettings.from_saved({})
    assert settings == LearnerSettings()
    assert settings.shuffle and settings.show_pass_mark
    assert settings.language is None and settings.theme is None and settings.review_size is None


@pytest.mark.parametrize(
    ("saved", "expected"),
    [
        ({"shuffle": "off"}, LearnerSettings(shuffle=False)),
        ({"shuffle": "on", "show_pass_mark": "off"}, LearnerSettings(show_pass_mark=False)),
        ({"review_size": "12"}, LearnerSettings(review_size=12)),
        ({"language": "en", "theme": "nord"}, LearnerSettings(language="en", theme="nord")),
        # Values edited by hand that make no sense are the defaults.
        ({"review_size": "0"}, LearnerSettings()),
        ({"review_size": "-3"}, LearnerSettings()),
        ({"review_size": "many"}, LearnerSettings()),
        ({"shuffle": "yes", "language": ""}, LearnerSettings()),
    ],
)
def test_saved_texts_read_as_settings(saved: dict[str, str], expected: LearnerSettings) -> None:
    assert LearnerSettings.from_saved(saved) == expected


def test_settings_are_saved_as_the_texts_the_store_always_held() -> None:
    settings = LearnerSettings(language="fr", shuffle=False, review_size=30)
    assert settings.to_saved() == {
        "language": "fr",
        "shuffle": "off",
        "show_pass_mark": "on",
        "review_size": "30",
    }
    assert LearnerSettings.from_saved(settings.to_saved()) == settings


def test_the_store_saves_and_reads_settings(store: Store, clock) -> None:
    ada = store.add_learner("Ada", clock())
    other = store.add_learner("Grace", clock())
    store.save_setting(ada, "theme", "nord")  # as the Settings screen saves one setting
    changed = replace(store.learner_settings(ada), shuffle=False, review_size=5)
    store.save_learner_settings(ada, changed)
    assert store.learner_settings(ada) == LearnerSettings(
        theme="nord", shuffle=False, review_size=5
    )
    assert store.settings(ada)["shuffle"] == "off"
    assert store.learner_settings(other) == LearnerSettings()


def test_only_the_settings_changed_are_written(store: Store, clock) -> None:
    ada = store.add_learner("Ada", clock())
    store.save_learner_settings(ada, replace(store.learner_settings(ada), review_size=12))
    assert store.settings(ada) == {"review_size": "12"}
    store.save_learner_settings(ada, replace(store.learner_settings(ada), shuffle=False))
    store.save_learner_settings(ada, replace(store.learner_settings(ada), shuffle=True))
    assert store.settings(ada) == {"review_size": "12", "shuffle": "on"}
