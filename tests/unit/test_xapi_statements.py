"""Events as xAPI 1.0.3 statements: every kind, every interaction type, the actor kept opaque."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

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
from trainer.locations import bundled_course
from trainer.progress.store import Store
from trainer.report.figures import AnswerRow
from trainer.report.sources import statement_row
from trainer.xapi.statements import (
    StatementBuilder,
    StatementOptions,
    _between,
    _short,
    completion_id,
    interaction,
    learner_statements,
    registration_of,
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


# what an LMS or LRS reports on ---------------------------------------------------------------

DURATION = re.compile(r"PT(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


def test_every_statement_reports_as_xapi_1_0_3_asks(store, pack, clock) -> None:
    take_course(store, pack, "Ada", clock)
    take_course(store, pack, "Ada", clock, right=False)
    for statement in statements_of(store, pack, "Ada"):
        body = statement.body
        result = body.get("result", {})
        if "score" in result:
            score = result["score"]
            assert score["min"] <= score["raw"] <= score["max"] and score["min"] < score["max"]
            assert score["raw"] == round(score["scaled"] * score["max"], 4)
        if "duration" in result:
            assert DURATION.fullmatch(result["duration"]) and result["duration"] != "PT"
        if body["verb"]["display"]["en-US"] in ("answered", "skipped", "passed", "failed"):
            assert "duration" in result
        assert UUID.fullmatch(body["context"]["registration"])
        definition = body["object"]["definition"]
        for part in ("name", "description"):  # language maps: RFC 5646 tags to non-empty text
            for language, text in definition.get(part, {}).items():
                assert LANGUAGE_TAG.fullmatch(language) and text.strip()
        for activity in [
            body["object"],
            *body["context"].get("contextActivities", {}).get("grouping", []),
        ]:
            assert activity["definition"]["type"].startswith("http://adlnet.gov/expapi/activities/")


def test_one_registration_per_enrolment_stable_across_runs(store, pack, clock) -> None:
    take_course(store, pack, "Ada", clock)
    registrations = {s.body["context"]["registration"] for s in statements_of(store, pack, "Ada")}
    assert registrations == {registration_of("key-1", "demo")}
    assert UUID.fullmatch(registration_of("key-1", "demo"))
    assert registration_of("key-1", "demo") == registration_of("key-1", "demo")
    assert registration_of("key-2", "demo") != registration_of("key-1", "demo")
    assert registration_of("key-1", "other") != registration_of("key-1", "demo")


def test_a_registration_the_lms_gave_is_kept(store, pack, clock) -> None:
    take_course(store, pack, "Ada", clock)
    given = "9d5c6a4e-2b1f-4f0a-8c3d-7e6f5a4b3c2d"
    options = StatementOptions(OPTIONS.home_page, OPTIONS.activity_base, registration=given)
    statements = statements_of(store, pack, "Ada", options)
    assert {s.body["context"]["registration"] for s in statements} == {given}


def test_the_quiz_attempt_is_a_grouping_activity(store, pack, clock) -> None:
    take_course(store, pack, "Ada", clock)
    learner = store.learner("Ada")
    attempts = [e["uuid"] for e in store.events(learner) if e["kind"] == "attempt_started"]
    statements = statements_of(store, pack, "Ada")
    grouped: dict[str, set[str]] = {}
    for statement in statements:
        for activity in statement.body["context"].get("contextActivities", {}).get("grouping", []):
            if "/attempts/" in activity["id"]:
                assert activity["definition"] == {
                    "type": "http://adlnet.gov/expapi/activities/attempt"
                }
                grouped.setdefault(activity["id"], set()).add(
                    statement.body["verb"]["display"]["en-US"]
                )
    assert sorted(grouped) == sorted(
        f"https://trainer.invalid/courses/demo/quizzes/{quiz}/attempts/{uuid}"
        for quiz, uuid in zip(["premiere", "deuxieme"], attempts, strict=True)
    )
    assert all(verbs == {"attempted", "answered", "passed"} for verbs in grouped.values())
    for statement in by_verb(statements, "experienced") + by_verb(statements, "completed"):
        groups = statement["context"].get("contextActivities", {}).get("grouping", [])
        assert not any("/attempts/" in g["id"] for g in groups)


def test_durations_are_the_time_between_events(store, pack) -> None:
    learner = store.add_learner("Ada", T0)
    store.record_lesson_opened(learner, "demo", "premiere", "en", T0)
    attempt = store.start_attempt(learner, "demo", "premiere", "premiere", 1, "en", T0 + MINUTE)
    store.record_answer(learner, "demo", attempt, "moteur", 1, 1.0, "en", T0 + 2 * MINUTE)
    store.record_answer(
        learner, "demo", attempt, "traits", None, 0.0, "en", T0 + timedelta(seconds=130.25)
    )
    store.finish_attempt(learner, "demo", attempt, 0.5, False, "en", T0 + 3 * MINUTE)
    statements = statements_of(store, pack, "Ada")
    durations = {
        s.body["verb"]["display"]["en-US"]: s.body.get("result", {}).get("duration")
        for s in statements
    }
    assert durations == {
        "experienced": None,
        "attempted": None,
        "answered": "PT1M",  # since the attempt began
        "skipped": "PT10.25S",  # since the previous answer
        "failed": "PT2M",  # since the attempt began
    }


def test_the_course_completion_takes_the_time_since_the_first_event(store) -> None:
    quiz = make_quiz("q", [TrueFalse("t", "?", answer=True)])
    course = make_course({"m": [make_lesson("only", quiz="q")]}, [quiz])
    learner = store.add_learner("Ada", T0)
    store.record_lesson_opened(learner, "course", "only", "en", T0)
    attempt = store.start_attempt(learner, "course", "only", "q", 1, "en", T0 + 2 * HOUR)
    store.record_answer(learner, "course", attempt, "t", True, 1.0, "en", T0 + 2 * HOUR + MINUTE)
    store.finish_attempt(learner, "course", attempt, 1.0, True, "en", T0 + 2 * HOUR + MINUTE)
    completed = learner_statements(store.events(learner), {"en": course}, "k", OPTIONS)[-1].body
    assert completed["verb"]["display"]["en-US"] == "completed"
    assert completed["result"]["duration"] == "PT2H1M"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "PT0S"), (0.5, "PT0.5S"), (59.999, "PT1M"), (3725.25, "PT1H2M5.25S"), (7200, "PT2H")],
)
def test_durations_in_iso_8601(seconds, text) -> None:
    assert _between(T0, T0 + timedelta(seconds=seconds)) == text
    assert _between(None, T0) is None


def test_a_skipped_question_is_skipped_not_answered(store, pack, clock) -> None:
    take_course(store, pack, "Grace", clock, right=False)  # every question left blank
    statements = statements_of(store, pack, "Grace")
    assert not by_verb(statements, "answered")
    skipped = by_verb(statements, "skipped")
    assert len(skipped) == 6
    for statement in skipped:
        assert statement["verb"] == {
            "id": "http://id.tincanapi.com/verb/skipped",
            "display": {"en-US": "skipped"},
        }
        result = statement["result"]
        assert "response" not in result
        assert result["success"] is False and result["completion"] is False
        assert result["score"]["scaled"] == 0.0 and result["score"]["raw"] == 0.0
        assert statement["object"]["definition"]["interactionType"] in set(TYPES.values())


def test_a_skipped_question_reads_back_as_a_blank_answer(store, pack, clock) -> None:
    take_course(store, pack, "Grace", clock, right=False)
    course = pack.course("en")
    rows = [statement_row(s.body, course) for s in statements_of(store, pack, "Grace")]
    answers = [row for row in rows if isinstance(row, AnswerRow)]
    assert len(answers) == 6
    assert all(row.score == 0.0 and row.response is None for row in answers)
    attempts = {
        e["uuid"]
        for e in store.events(store.learner("Grace"))
        if e["attempt_id"] is None and e["kind"] == "attempt_started"
    }
    assert {row.attempt_id for row in answers} == attempts


def test_names_are_titles_and_prompts_never_slugs(store, pack, clock) -> None:
    take_course(store, pack, "Ada", clock)
    course = pack.course("en")
    for statement in by_verb(statements_of(store, pack, "Ada"), "answered"):
        definition = statement["object"]["definition"]
        quiz_id, question_id = statement["object"]["id"].split("/quizzes/")[1].split("/questions/")
        assert definition["name"]["en"] == " ".join(
            course.quizzes[quiz_id].question(question_id).prompt.split()
        )
        assert question_id not in definition["name"].values()
        assert set(definition["name"]) == set(definition["description"]) == {"fr", "en"}


def test_a_long_prompt_is_named_by_its_beginning() -> None:
    prompt = "Un agent " + "publie " * 40 + "fin ?"
    name = _short(prompt)
    assert len(name) <= 120 and name.endswith("…") and prompt.startswith(name[:-1])


def test_one_definition_per_activity_whatever_the_language(store, pack, clock) -> None:
    take_course(store, pack, "Ada", clock, language="en")
    take_course(store, pack, "Bob", clock, language="fr")
    definitions: dict[str, set[str]] = {}
    for name in ("Ada", "Bob"):
        for statement in statements_of(store, pack, name):
            body = statement.body
            activities = [
                body["object"],
                *body["context"].get("contextActivities", {}).get("grouping", []),
            ]
            for activity in activities:
                definitions.setdefault(activity["id"], set()).add(
                    json.dumps(activity.get("definition"), sort_keys=True)
                )
    assert len(definitions) > 10
    assert {key: len(found) for key, found in definitions.items()} == dict.fromkeys(definitions, 1)


def test_the_bundled_courses_text_questions_have_one_pattern_list_tagged_by_language() -> None:
    from trainer.quiz.pack_check import check_pack

    loaded, _diagnostics = check_pack(bundled_course())
    assert loaded is not None
    courses = {language: loaded.course(language) for language in loaded.languages}
    builder = StatementBuilder(courses, "k", "", OPTIONS)
    texts = 0
    for quiz in builder.default.quizzes.values():
        for question in quiz.questions:
            definition = builder._question_activity(quiz.id, question.id)["definition"]
            if isinstance(question, TextAnswer):
                texts += 1
                patterns = definition["correctResponsesPattern"]
                tagged = {p.split("}", 1)[0] + "}" for p in patterns}
                assert tagged == {f"{{lang={language}}}" for language in courses}, question.id
    assert texts >= 19
