"""cmi5's statements and launch, without a network: the context template kept, the categories, the
module's completion and judgement, the launch's parameters and trusted LMSs; and the actor named
by the organisation's account in a sign-on folder (issue 15 §3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers.builders import make_course, make_lesson, make_quiz
from trainer.cmi5.launch import (
    LaunchError,
    actor_account,
    allowed,
    launch_data_from,
    parse_launch,
)
from trainer.cmi5.statements import (
    CMI5_CATEGORY,
    MASTERY_SCORE,
    MOVEON_CATEGORY,
    SESSION_ID,
    SessionStatements,
    module_state,
    with_template,
)
from trainer.course.model import TrueFalse
from trainer.progress.outbox import ACCOUNT_NAME_FILE, learner_key
from trainer.progress.store import STORE_FILE, Store
from trainer.xapi.statements import StatementOptions, learner_statements

ACTOR = {"objectType": "Agent", "account": {"homePage": "https://lms.example.org", "name": "42"}}
REGISTRATION = "760e3480-ba55-4991-94b0-01820dbd23a2"
AU = "https://lms.example.org/aus/7"
PUBLISHER = "https://formation.example.org/courses/c/modules/m"
TEMPLATE = {
    "contextActivities": {"grouping": [{"id": PUBLISHER}], "other": {"id": "https://x.org/o"}},
    "extensions": {SESSION_ID: "session-1", "https://lms.example.org/ext": 1},
}
AT = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
LMS = ["https://lms.example.org/"]


def session(mastery: float | None = 0.8) -> SessionStatements:
    return SessionStatements(ACTOR, REGISTRATION, AU, TEMPLATE, mastery)


def categories(statement) -> list[str]:
    return [a["id"] for a in statement["context"]["contextActivities"].get("category", [])]


def test_the_template_is_kept_whole_and_only_added_to():
    ours = {
        "registration": "not-this-one",
        "contextActivities": {
            "grouping": [{"id": "https://t/course"}],
            "other": [{"id": PUBLISHER}],
        },
        "extensions": {SESSION_ID: "ours", "https://t/review": True},
        "language": "fr",
    }
    merged = with_template(ours, TEMPLATE, REGISTRATION)
    assert merged["registration"] == REGISTRATION
    grouping = [a["id"] for a in merged["contextActivities"]["grouping"]]
    assert grouping == [PUBLISHER, "https://t/course"]
    # The template's single activity became a list; ours with the same id is not doubled.
    assert [a["id"] for a in merged["contextActivities"]["other"]] == ["https://x.org/o", PUBLISHER]
    assert merged["extensions"] == {
        SESSION_ID: "session-1",  # never overwritten
        "https://lms.example.org/ext": 1,
        "https://t/review": True,
    }
    assert merged["language"] == "fr"
    assert TEMPLATE["extensions"][SESSION_ID] == "session-1"  # the template itself untouched


def test_defined_statements_carry_the_categories_cmi5_asks_for():
    statements = session()
    initialized = statements.initialized(AT)
    assert initialized["object"] == {"objectType": "Activity", "id": AU}
    assert initialized["actor"] == ACTOR
    assert categories(initialized) == [CMI5_CATEGORY]
    assert "result" not in initialized
    completed = statements.completed(AT, AT - timedelta(minutes=12))
    assert categories(completed) == [CMI5_CATEGORY, MOVEON_CATEGORY]
    assert completed["result"] == {"completion": True, "duration": "PT12M"}
    passed = statements.judged(True, 0.8571, AT, AT - timedelta(seconds=90))
    assert passed["result"] == {"success": True, "score": {"scaled": 0.8571}, "duration": "PT1M30S"}
    assert passed["context"]["extensions"][MASTERY_SCORE] == 0.8
    assert passed["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    failed = statements.judged(False, 0.5, AT, None)
    assert failed["verb"]["id"].endswith("/failed") and failed["result"]["success"] is False
    terminated = statements.terminated(AT + timedelta(hours=1, seconds=5), AT)
    assert categories(terminated) == [CMI5_CATEGORY]  # no success, no completion: no moveon
    assert terminated["result"] == {"duration": "PT1H5S"}
    for statement in (initialized, completed, passed, failed, terminated):
        assert statement["context"]["registration"] == REGISTRATION
        assert statement["context"]["extensions"][SESSION_ID] == "session-1"
        assert statement["timestamp"].endswith("Z")
    # One id per session and verb: a statement sent again is the same statement.
    assert statements.initialized(AT + timedelta(seconds=3))["id"] == initialized["id"]
    assert len({s["id"] for s in (initialized, completed, passed, failed, terminated)}) == 5


def test_without_an_lms_mastery_score_none_is_claimed():
    passed = session(None).judged(True, 1.0, AT, AT)
    assert MASTERY_SCORE not in passed["context"].get("extensions", {})


def test_allowed_statements_take_the_launch_actor_and_template_but_no_cmi5_category():
    theirs = {
        "id": "11111111-1111-4111-8111-111111111111",
        "actor": {"objectType": "Agent", "account": {"homePage": "https://t", "name": "x"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": "https://t/q"},
        "context": {"registration": "other", "platform": "trainer"},
    }
    made = session().allowed(theirs)
    assert made["actor"] == ACTOR
    assert made["id"] != theirs["id"] and made["id"] == session().allowed(theirs)["id"]
    assert made["context"]["registration"] == REGISTRATION
    assert made["context"]["extensions"][SESSION_ID] == "session-1"
    assert CMI5_CATEGORY not in categories(made)
    assert theirs["actor"]["account"]["name"] == "x"  # the original is left as it was


def _event(n, kind, lesson=None, quiz=None, payload="{}", minutes=0):
    return {
        "id": n,
        "uuid": f"e{n}",
        "course_id": "course",
        "kind": kind,
        "lesson_id": lesson,
        "quiz_id": quiz,
        "question_id": None,
        "attempt_id": None,
        "language": "en",
        "payload": payload,
        "at": (AT + timedelta(minutes=minutes)).isoformat(),
    }


def test_a_module_is_completed_once_every_lesson_is_opened_and_judged_on_its_best_scores():
    quizzes = [
        make_quiz("q1", [TrueFalse(id="t", prompt="?")]),
        make_quiz("q2", [TrueFalse(id="t", prompt="?", points=3)]),
    ]
    course = make_course(
        {"m": [make_lesson("a", "q1"), make_lesson("b", "q2")], "n": [make_lesson("c")]}, quizzes
    )
    module = course.modules[0]
    finished = '{"score": %s, "passed": %s, "answered": 1, "total": 1}'
    events = [
        _event(1, "lesson_opened", "c", minutes=0),  # another module's
        _event(2, "lesson_opened", "a", minutes=1),
        _event(3, "attempt_started", "a", "q1", '{"seed": 1}', minutes=2),
        _event(4, "attempt_finished", None, "q1", finished % (0.0, "false"), minutes=3),
    ]
    state = module_state(course, module, events)
    assert state.first_at == AT + timedelta(minutes=1)
    assert state.completed_at is None and state.score is None
    events += [
        _event(5, "lesson_opened", "b", minutes=4),
        _event(6, "attempt_finished", None, "q1", finished % (1.0, "true"), minutes=5),
        _event(7, "attempt_finished", None, "q2", finished % (0.5, "false"), minutes=6),
        _event(8, "attempt_finished", None, "q1", finished % (0.0, "false"), minutes=7),
    ]
    state = module_state(course, module, events)
    assert state.completed_at == AT + timedelta(minutes=4)
    assert state.attempted_at == AT + timedelta(minutes=2)
    assert state.judged_at == AT + timedelta(minutes=6)
    assert state.score == pytest.approx((1.0 * 1 + 0.5 * 3) / 4)  # best of each, weighed


def _query(**changes):
    query = {
        "endpoint": "https://lms.example.org/xapi/",
        "fetch": "https://lms.example.org/fetch?k=1",
        "actor": '{"objectType": "Agent", "account": {"homePage": "https://lms.example.org", '
        '"name": "42"}}',
        "registration": REGISTRATION.upper(),
        "activityId": AU,
    }
    query.update(changes)
    return {k: v for k, v in query.items() if v is not None}


def test_a_launch_is_read_from_its_parameters():
    launch = parse_launch(_query(), LMS)
    assert launch.registration == REGISTRATION
    assert launch.actor == ACTOR
    assert actor_account(launch.actor) == "42@https://lms.example.org"


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"fetch": None}, "lacks fetch"),
        ({"fetch": "https://lms.example.org.evil.example/fetch"}, "fetch is not on an LMS"),
        ({"endpoint": "http://lms.example.org/xapi/"}, "endpoint is not on an LMS"),
        ({"fetch": "https://user@lms.example.org/fetch"}, "fetch is not on an LMS"),
        ({"actor": '{"mbox": "mailto:a@b.c"}'}, "not an xAPI agent with an account"),
        ({"actor": "not json"}, "not an xAPI agent"),
        ({"registration": "1234"}, "registration is not a UUID"),
        ({"activityId": "not an iri"}, "activityId is not an IRI"),
    ],
)
def test_a_launch_that_is_wrong_or_from_elsewhere_is_refused(changes, why):
    with pytest.raises(LaunchError, match=why):
        parse_launch(_query(**changes), LMS)


def test_only_the_trusted_lms_paths_are_allowed():
    prefixes = ["https://moodle.example.org/moodle/"]
    assert allowed("https://moodle.example.org/moodle/mod/cmi5launch/fetch.php?x", prefixes)
    assert not allowed("https://moodle.example.org/other/fetch.php", prefixes)
    assert not allowed("https://moodle.example.org:8443/moodle/fetch.php", prefixes)
    assert not allowed("http://moodle.example.org/moodle/fetch.php", prefixes)
    assert not allowed("https://moodle.example.org:bad/moodle/", prefixes)


def test_launch_data_needs_a_template_with_the_session_id():
    data = launch_data_from(
        {
            "contextTemplate": TEMPLATE,
            "launchMode": "Review",
            "moveOn": "Passed",
            "masteryScore": 0.9,
        }
    )
    assert data.session_id == "session-1" and not data.records_results
    assert data.mastery_score == 0.9
    for wrong in (
        None,
        {},
        {"contextTemplate": {}},
        {"contextTemplate": TEMPLATE, "launchMode": "Sideways"},
        {"contextTemplate": TEMPLATE, "masteryScore": 1.5},
        {"contextTemplate": TEMPLATE, "masteryScore": True},
    ):
        with pytest.raises(LaunchError):
            launch_data_from(wrong)


def test_a_sign_on_folder_names_the_agent_by_its_account_in_statements(tmp_path):
    store = Store.open(tmp_path / STORE_FILE)
    learner = store.add_learner("Élodie Bernard", AT)
    opaque = learner_key(store, learner)
    assert len(opaque) == 36  # no account: the opaque id
    (tmp_path / ACCOUNT_NAME_FILE).write_text("Elodie.Bernard@cd-exemple.fr\n", encoding="utf-8")
    assert learner_key(store, learner) == "Elodie.Bernard@cd-exemple.fr"
    course = make_course({"m": [make_lesson("a")]})
    store.record_lesson_opened(learner, course.id, "a", "en", AT)
    made = learner_statements(
        store.events(learner),
        {"en": course},
        learner_key(store, learner),
        StatementOptions(home_page="https://cd-exemple.fr"),
    )
    assert made  # experienced the lesson, completed the course
    for statement in made:
        assert statement.body["actor"]["account"] == {
            "homePage": "https://cd-exemple.fr",
            "name": "Elodie.Bernard@cd-exemple.fr",
        }
    store.close()


def test_a_group_in_the_launch_parameters_is_the_learners_group():
    """An LMS may name the learner's service in the AU's launch parameters: the session is started
    in that group, as a sign-on header's group would be."""
    named = launch_data_from(
        {"contextTemplate": TEMPLATE, "launchParameters": '{"group": "Direction des sports"}'}
    )
    assert named.group == "Direction des sports"
    assert launch_data_from({"contextTemplate": TEMPLATE}).group is None
    hostile = launch_data_from(
        {"contextTemplate": TEMPLATE, "launchParameters": {"group": "\x1b[2J"}}
    )
    assert hostile.group is None
