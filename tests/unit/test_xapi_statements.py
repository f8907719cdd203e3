"""Events as xAPI 1.0.3 statements: every kind, every interaction type, the actor kept opaque."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from tests.helpers.builders import make_course, make_lesson, make_quiz
from tests.helpers.paths import take_course
from trainer.course.model import (
    Choice,
    Matching,
    MultipleChoice,
    Ordering,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from trainer.progress.store import Store
from trainer.xapi.statements import (
    StatementOptions,
    completion_id,
    interaction,
    learner_statements,
    response_text,
)

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
OPTIONS = StatementOptions(
    home_page="https://formation.example.org", activity_base="https://trainer.invalid"
)
TYPES = {
    "moteur": "choice",
    "traits": "choice",
    "flux": "true-false",
    "article": "fill-in",
    "etapes": "sequencing",
    "paires": "matching",
}


@pytest.fixture
def store():
    opened = Store.in_memory()
    yield opened
    opened.close()


def statements_of(store: Store, pack, name: str, options: StatementOptions = OPTIONS):
    learner = store.learner(name)
    courses = {language: pack.course(language) for language in pack.languages}
    return learner_statements(store.events(learner), courses, "key-1", options, learner.name)


def by_verb(statements, verb: str):
    return [s.body for s in statements if s.body["verb"]["id"].endswith("/" + verb)]


def test_every_event_kind_becomes_its_statement(store, pack, clock) -> None:
    take_course(store, pack, "Ada Lovelace", clock)
    statements = statements_of(store, pack, "Ada Lovelace")
    verbs = Counter(s.body["verb"]["display"]["en-US"] for s in statements)
    assert verbs == {"experienced": 3, "attempted": 2, "answered": 6, "passed": 2, "completed": 1}
    events = store.events(store.learner("Ada Lovelace"))
    assert [
        s.event_uuid for s in statements if s.body["verb"]["display"]["en-US"] != "completed"
    ] == [e["uuid"] for e in events]
    # The course's `completed` statement, the last, has no event of its own: zip leaves it out.
    for statement, event in zip(statements, events, strict=False):
        assert statement.id == event["uuid"]
        assert statement.body["timestamp"] == event["at"]
        assert (
            statement.body["verb"]["id"]
            == "http://adlnet.gov/expapi/verbs/" + statement.body["verb"]["display"]["en-US"]
        )


def test_statement_shapes_follow_xapi(store, pack, clock) -> None:
    take_course(store, pack, "Ada", clock)
    for statement in statements_of(store, pack, "Ada"):
        body = statement.body
        assert UUID.fullmatch(body["id"])
        assert set(body) <= {"id", "actor", "verb", "object", "result", "context", "timestamp"}
        assert body["object"]["objectType"] == "Activity"
        assert body["object"]["id"].startswith("https://trainer.invalid/courses/demo")
        assert body["context"]["platform"] == "trainer" and body["context"]["language"] == "en"
        if "result" in body and "score" in body["result"]:
            assert -1 <= body["result"]["score"]["scaled"] <= 1
        if "registration" in body["context"]:
            assert UUID.fullmatch(body["context"]["registration"])


def test_the_actor_is_an_opaque_account_never_the_name(store, pack, clock) -> None:
    take_course(store, pack, "Ada Lovelace", clock)
    statements = statements_of(store, pack, "Ada Lovelace")
    actors = {json.dumps(s.body["actor"], sort_keys=True) for s in statements}
    assert actors == {
        json.dumps(
            {
                "objectType": "Agent",
                "account": {"homePage": "https://formation.example.org", "name": "key-1"},
            },
            sort_keys=True,
        )
    }
    assert "Lovelace" not in json.dumps([s.body for s in statements])


def test_the_name_goes_out_only_when_configured(store, pack, clock) -> None:
    take_course(store, pack, "Ada Lovelace", clock)
    options = StatementOptions(OPTIONS.home_page, OPTIONS.activity_base, actor_name=True)
    statements = statements_of(store, pack, "Ada Lovelace", options)
    assert {s.body["actor"]["name"] for s in statements} == {"Ada Lovelace"}


def test_answers_are_interactions_with_type_pattern_response_and_score(store, pack, clock) -> None:
    take_course(store, pack, "Ada", clock)
    answered = {
        s["object"]["id"].rsplit("/", 1)[-1]: s
        for s in by_verb(statements_of(store, pack, "Ada"), "answered")
    }
    assert set(answered) == set(TYPES)
    for question_id, statement in answered.items():
        definition = statement["object"]["definition"]
        assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        assert definition["interactionType"] == TYPES[question_id]
        assert (
            statement["result"]["success"] is True and statement["result"]["score"]["scaled"] == 1.0
        )
        language = statement["context"]["language"]
        patterns = [
            pattern.removeprefix(f"{{lang={language}}}")
            for pattern in definition["correctResponsesPattern"]
        ]
        assert statement["result"]["response"] in patterns
        assert statement["context"]["contextActivities"]["parent"][0]["id"].endswith(
            "/quizzes/" + statement["object"]["id"].split("/quizzes/")[1].split("/")[0]
        )
        assert (
            statement["context"]["contextActivities"]["grouping"][0]["id"]
            == "https://trainer.invalid/courses/demo"
        )


def choice(*correct: bool):
    return tuple(Choice(f"choice {i}", flag) for i, flag in enumerate(correct, 1))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            SingleChoice("q", "?", choices=choice(False, True, False)),
            {
                "interactionType": "choice",
                "correctResponsesPattern": ["2"],
                "choices": ["1", "2", "3"],
            },
        ),
        (
            MultipleChoice("q", "?", choices=choice(True, False, True)),
            {
                "interactionType": "choice",
                "correctResponsesPattern": ["1[,]3"],
                "choices": ["1", "2", "3"],
            },
        ),
        (
            TrueFalse("q", "?", answer=False),
            {"interactionType": "true-false", "correctResponsesPattern": ["false"]},
        ),
        (
            TextAnswer("q", "?", accept=("226-4-1", "article 226-4-1")),
            {
                "interactionType": "fill-in",
                "correctResponsesPattern": ["{lang=fr}226-4-1", "{lang=fr}article 226-4-1"],
            },
        ),
        (
            Ordering("q", "?", items=("a", "b", "c")),
            {
                "interactionType": "sequencing",
                "correctResponsesPattern": ["1[,]2[,]3"],
                "choices": ["1", "2", "3"],
            },
        ),
        (
            Matching("q", "?", pairs=(("l1", "r1"), ("l2", "r2"))),
            {
                "interactionType": "matching",
                "correctResponsesPattern": ["1[.]1[,]2[.]2"],
                "source": ["1", "2"],
                "target": ["1", "2"],
            },
        ),
    ],
    ids=["single", "multiple", "true_false", "text", "order", "match"],
)
def test_interaction_definition_per_type(question, expected) -> None:
    definition = interaction(question, "fr")
    assert definition["interactionType"] == expected["interactionType"]
    assert definition["correctResponsesPattern"] == expected["correctResponsesPattern"]
    for component in ("choices", "source", "target", "steps", "scale"):
        if component in expected:
            assert [c["id"] for c in definition[component]] == expected[component]
            assert all(set(c["description"]) == {"fr"} for c in definition[component])
        else:
            assert component not in definition


@pytest.mark.parametrize(
    ("question", "response", "text"),
    [
        (SingleChoice("q", "?", choices=choice(True, False)), 2, "2"),
        (MultipleChoice("q", "?", choices=choice(True, True, False)), [1, 3], "1[,]3"),
        (TrueFalse("q", "?"), True, "true"),
        (TrueFalse("q", "?"), False, "false"),
        (TextAnswer("q", "?", accept=("x",)), "Article 226-4-1 ", "Article 226-4-1 "),
        (TextAnswer("q", "?", accept=("x",)), "a[,]b", "a[ ,]b"),
        (Ordering("q", "?", items=("a", "b", "c")), [2, 1, 3], "2[,]1[,]3"),
        (
            Matching("q", "?", pairs=(("a", "x"), ("b", "y"), ("c", "z"))),
            [2, None, 3],
            "1[.]2[,]3[.]3",
        ),
        (TrueFalse("q", "?"), None, None),
    ],
)
def test_responses_in_the_xapi_format(question, response, text) -> None:
    assert response_text(question, response) == text


def test_a_failed_quiz_is_failed_with_its_scaled_score(store, pack, clock) -> None:
    take_course(store, pack, "Grace", clock, right=False)
    statements = statements_of(store, pack, "Grace")
    failed = by_verb(statements, "failed")
    assert (
        len(failed) == 2
        and not by_verb(statements, "passed")
        and not by_verb(statements, "completed")
    )
    assert [s["result"]["score"] for s in failed] == [
        {"scaled": 0.0, "raw": 0.0, "min": 0.0, "max": 3.0},  # three questions of 1 point
        {"scaled": 0.0, "raw": 0.0, "min": 0.0, "max": 4.0},  # and three of 1, 1 and 2
    ]
    assert all(s["result"]["success"] is False and s["result"]["completion"] for s in failed)
    assert failed[0]["context"]["contextActivities"]["parent"][0]["id"].endswith(
        "/lessons/premiere"
    )


def test_the_course_is_completed_once_by_the_event_that_completes_it(store, pack, clock) -> None:
    take_course(store, pack, "Ada", clock)
    take_course(store, pack, "Ada", clock)  # done again: still one completion
    statements = statements_of(store, pack, "Ada")
    [completed] = by_verb(statements, "completed")
    last_lesson = [s for s in statements if s.body["verb"]["display"]["en-US"] == "experienced"][2]
    assert completed["id"] == completion_id(last_lesson.event_uuid)
    assert completed["object"]["id"] == "https://trainer.invalid/courses/demo"
    assert completed["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/course"


def test_completion_derived_when_the_finishing_attempt_ends(store, clock) -> None:
    quiz = make_quiz("q", [TrueFalse("t", "?", answer=True)])
    course = make_course({"m": [make_lesson("only", quiz="q")]}, [quiz])
    learner = store.add_learner("Ada", clock())
    store.record_lesson_opened(learner, "course", "only", "en", clock())
    attempt = store.start_attempt(learner, "course", "only", "q", 1, "en", clock())
    store.record_answer(learner, "course", attempt, "t", True, 1.0, "en", clock())
    store.finish_attempt(learner, "course", attempt, 1.0, True, "en", clock())
    statements = learner_statements(store.events(learner), {"en": course}, "k", OPTIONS)
    assert [s.body["verb"]["display"]["en-US"] for s in statements] == [
        "experienced",
        "attempted",
        "answered",
        "passed",
        "completed",
    ]
    assert statements[-1].event_uuid == statements[-2].event_uuid


def test_reviews_are_answers_marked_as_reviews(store, pack, clock) -> None:
    take_course(store, pack, "Ada", clock)
    learner = store.learner("Ada")
    store.record_review(learner, "demo", "premiere", "flux", False, 1.0, "en", clock(), hinted=True)
    review = statements_of(store, pack, "Ada")[-1].body
    assert review["verb"]["display"]["en-US"] == "answered"
    assert review["context"]["extensions"] == {
        "https://trainer.invalid/xapi/extensions/review": True
    }
    assert review["result"]["extensions"] == {
        "https://trainer.invalid/xapi/extensions/hinted": True
    }
    assert "duration" not in review["result"]  # no event says when the question was shown
    assert [
        a["id"].rsplit("/", 1)[0] for a in review["context"]["contextActivities"]["grouping"]
    ] == ["https://trainer.invalid/courses"]  # the course, and no attempt


def test_statements_are_the_same_every_time(store, pack, clock) -> None:
    take_course(store, pack, "Ada", clock)
    assert [s.body for s in statements_of(store, pack, "Ada")] == [
        s.body for s in statements_of(store, pack, "Ada")
    ]


def test_french_events_are_described_in_french(store, pack, clock) -> None:
    take_course(store, pack, "Ada", clock, language="fr")
    statements = statements_of(store, pack, "Ada")
    assert {s.body["context"]["language"] for s in statements} == {"fr"}
    lesson = by_verb(statements, "experienced")[0]
    assert lesson["object"]["definition"]["name"] == {"fr": "Première leçon", "en": "First lesson"}


def test_events_of_another_course_make_no_statement(store, pack, clock) -> None:
    learner = store.add_learner("Ada", clock())
    store.record_lesson_opened(learner, "another-course", "x", "en", clock())
    assert statements_of(store, pack, "Ada") == []


def test_a_question_removed_from_the_pack_still_makes_its_statement(store, clock) -> None:
    quiz = make_quiz("q", [TrueFalse("t", "?")])
    course = make_course({"m": [make_lesson("only", quiz="q")]}, [quiz])
    learner = store.add_learner("Ada", clock())
    attempt = store.start_attempt(learner, "course", "only", "q", 1, "en", clock())
    store.record_answer(learner, "course", attempt, "gone", [1, 2], 0.5, "en", clock())
    answered = learner_statements(store.events(learner), {"en": course}, "k", OPTIONS)[-1].body
    assert answered["object"]["definition"] == {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction"
    }
    assert answered["result"]["response"] == "1[,]2" and answered["result"]["success"] is False
