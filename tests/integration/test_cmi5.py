"""cmi5 against a real LRS: a test LMS (`tests/helpers/cmi5/lms.py`) plays the LMS's part as the
spec has it, in front of Ralph; the trainer's relay plays the AU's, its learner's progress written
by the real quiz engine. The statements are read back from Ralph and checked against the cmi5
rules (§7.1, §9): order, context template, registration, session id, moveOn category, durations,
masteryScore, one completed and one passed per registration, failed never after passed.
"""

from __future__ import annotations

import urllib.parse
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers.cmi5.lms import CMI5, SESSION_ID, Lms
from tests.helpers.packs import BILINGUAL
from trainer.cmi5.launch import (
    LaunchError,
    client_for,
    fetch_token,
    parse_launch,
    read_launch_data,
)
from trainer.cmi5.relay import Relay
from trainer.cmi5.structure import au_iri, launch_url
from trainer.course.loader import load_pack
from trainer.course.model import ChoiceQuestion, Matching, Ordering, TextAnswer, TrueFalse
from trainer.progress.store import STORE_FILE, Store
from trainer.session import Session
from trainer.xapi.sync import courses_of

pytestmark = pytest.mark.lrs

BASE = "https://formation.example.org"
MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
ADL = "http://adlnet.gov/expapi/verbs/"
DEFINED = {"launched", "initialized", "completed", "passed", "failed", "terminated"}
ACTOR = {
    "objectType": "Agent",
    "name": "Élodie Bernard",
    "account": {"homePage": "https://lms.example.org", "name": "1625378"},
}


@pytest.fixture
def lms(ralph):
    lms = Lms(ralph.endpoint, ralph.user, ralph.password)
    yield lms
    lms.close()


def right(question):
    """The right response to a question, in the grading's terms."""
    if isinstance(question, TrueFalse):
        return question.answer
    if isinstance(question, ChoiceQuestion):
        positions = sorted(question.correct_positions)
        return positions if question.type.value == "multiple" else positions[0]
    if isinstance(question, TextAnswer):
        return question.accept[0]
    if isinstance(question, Ordering):
        return list(range(1, len(question.items) + 1))
    if isinstance(question, Matching):
        return list(range(1, len(question.pairs) + 1))
    raise TypeError(question)


def take(session: Session, quiz_id: str, lesson_id: str, good: bool) -> None:
    quiz = session.course.quizzes[quiz_id]
    run = session.start(quiz, lesson_id)
    for question in quiz.questions:
        run.answer(question, right(question) if good else None)
    run.finish()


def started(lms: Lms, tmp_path: Path, module: str = "bases", **launch_options):
    """A launch of `module` made by the LMS, taken by the trainer: the relay and the learner's
    session on the actor's folder."""
    pack = load_pack(BILINGUAL)[0]
    courses = courses_of(pack)
    course = courses["fr"]
    info = lms.launch(
        launch_url(BASE, module), au_iri(BASE, course, module), ACTOR, **launch_options
    )
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(info.url).query))
    launch = parse_launch(query, [lms.url + "/"])
    token = fetch_token(launch)
    client = client_for(launch, token)
    data = read_launch_data(launch, client)
    folder = tmp_path / "learner"
    folder.mkdir(exist_ok=True)
    store = Store.open(folder / STORE_FILE)
    learner = store.last_learner() or store.add_learner("Élodie Bernard", datetime.now(UTC))
    relay = Relay(
        launch,
        data,
        client,
        courses,
        next(m for m in course.modules if m.id == module),
        folder,
        BASE,
    )
    return info, launch, relay, Session(course, store, learner), store


def au_statements(lms: Lms, registration: str) -> list[dict]:
    found = lms.statements(registration=registration)
    return sorted(found, key=lambda s: s["timestamp"])


def verb(statement: dict) -> str:
    return statement["verb"]["id"].rsplit("/", 1)[-1]


def categories(statement: dict) -> set[str]:
    return {a["id"] for a in statement["context"].get("contextActivities", {}).get("category", [])}


def au_defined(statements: list[dict]) -> list[str]:
    """The verbs of the AU's cmi5 defined statements (the LMS's `launched` left out), in order."""
    return [verb(s) for s in statements if CMI5 in categories(s) and verb(s) != "launched"]


def check_session(statements: list[dict], info) -> None:
    """The rules every session of the AU keeps (cmi5 §7.1, §9)."""
    mine = [s for s in statements if s["context"]["extensions"][SESSION_ID] == info.session_id]
    assert verb(mine[0]) == "launched"  # the LMS's, before the AU's
    assert verb(mine[1]) == "initialized"  # the AU's first, of any kind
    assert verb(mine[-1]) == "terminated"  # the AU's last, of any kind
    for statement in mine:
        context = statement["context"]
        assert statement["actor"]["account"] == ACTOR["account"]
        assert context["registration"] == info.registration
        assert context["extensions"][SESSION_ID] == info.session_id
        grouping = {a["id"] for a in context["contextActivities"]["grouping"]}
        assert info.publisher_id in grouping  # the template's, kept
        defined = CMI5 in categories(statement)
        if verb(statement) in DEFINED and statement["object"]["id"] == info.activity_id:
            assert defined
            result = statement.get("result", {})
            moveon = "success" in result or "completion" in result
            assert (MOVEON in categories(statement)) == moveon
            if verb(statement) in ("completed", "passed", "failed", "terminated"):
                assert result["duration"].startswith("PT")
            if verb(statement) in ("passed", "failed"):
                assert "completion" not in result and "score" in result
            else:
                assert "score" not in result and "success" not in result
        else:
            assert not defined  # a cmi5 allowed statement: no cmi5 category
    counted = Counter(verb(s) for s in mine if CMI5 in categories(s))
    assert all(count == 1 for count in counted.values()), counted
    assert not ({"passed", "failed"} <= set(counted))


def test_a_module_read_and_passed_sends_the_cmi5_statements_in_order(lms, tmp_path):
    info, launch, relay, session, store = started(lms, tmp_path, mastery_score=0.8)
    # The fetch URL is one-time: the second POST gets the spec's error, never a token.
    with pytest.raises(LaunchError, match="already been returned"):
        fetch_token(launch)
    assert "auth-token" in lms.fetch_answers[0]
    assert lms.fetch_answers[1]["error-code"] == "1"

    relay.begin()
    for lesson in ("premiere", "deuxieme"):
        session.open_lesson(session.course.lesson(lesson))
    take(session, "premiere", "premiere", good=True)
    assert relay.poll().error is None
    take(session, "deuxieme", "deuxieme", good=True)
    assert relay.poll().error is None
    assert relay.end().error is None
    store.close()

    statements = au_statements(lms, info.registration)
    check_session(statements, info)
    verbs = [verb(s) for s in statements]
    assert verbs[:2] == ["launched", "initialized"] and verbs[-1] == "terminated"
    assert verbs.count("completed") == 1  # the course is not: its other module is unread
    assert au_defined(statements) == ["initialized", "completed", "passed", "terminated"]
    passed = next(s for s in statements if verb(s) == "passed" and CMI5 in categories(s))
    assert passed["result"]["success"] is True
    assert passed["result"]["score"]["scaled"] >= 0.8
    assert passed["context"]["extensions"][MASTERY] == 0.8
    # The trainer's own statements, allowed: its answers and quizzes, in the same session.
    allowed = Counter(verb(s) for s in statements if CMI5 not in categories(s))
    assert allowed["experienced"] == 2 and allowed["answered"] >= 6 and allowed["attempted"] == 2


def test_a_module_below_its_mastery_score_fails_once_and_passes_in_a_later_session(lms, tmp_path):
    info, _launch, relay, session, store = started(lms, tmp_path, mastery_score=0.8)
    relay.begin()
    take(session, "premiere", "premiere", good=False)
    take(session, "deuxieme", "deuxieme", good=False)
    relay.poll()
    relay.end()
    store.close()
    first = au_statements(lms, info.registration)
    check_session(first, info)
    # Starting a lesson's quiz opens the lesson: both read, the module is completed, then judged.
    assert au_defined(first) == [
        "initialized",
        "completed",
        "failed",
        "terminated",
    ]
    failed = next(s for s in first if verb(s) == "failed")
    assert failed["result"]["success"] is False and failed["result"]["score"]["scaled"] < 0.8

    # The same registration launched again: this session passes, and only passes (completed is
    # the registration's already).
    again, _launch, relay, session, store = started(
        lms, tmp_path, registration=info.registration, mastery_score=0.8
    )
    relay.begin()
    take(session, "premiere", "premiere", good=True)
    take(session, "deuxieme", "deuxieme", good=True)
    relay.end()
    store.close()
    second = [
        s
        for s in au_statements(lms, info.registration)
        if s["context"]["extensions"][SESSION_ID] == again.session_id
    ]
    check_session(second, again)
    assert au_defined(second) == [
        "initialized",
        "passed",
        "terminated",
    ]

    # A third session: passed and completed are the registration's already; nothing more to
    # send but initialized and terminated, and never failed after passed.
    third, _launch, relay, session, store = started(
        lms, tmp_path, registration=info.registration, mastery_score=0.8
    )
    relay.begin()
    take(session, "premiere", "premiere", good=False)
    relay.end()
    store.close()
    last = [
        s
        for s in au_statements(lms, info.registration)
        if s["context"]["extensions"][SESSION_ID] == third.session_id
    ]
    assert au_defined(last) == ["initialized", "terminated"]


def test_browse_mode_sends_only_initialized_and_terminated(lms, tmp_path):
    info, _launch, relay, session, store = started(lms, tmp_path, launch_mode="Browse")
    relay.begin()
    for lesson in ("premiere", "deuxieme"):
        session.open_lesson(session.course.lesson(lesson))
    take(session, "premiere", "premiere", good=True)
    take(session, "deuxieme", "deuxieme", good=True)
    relay.end()
    store.close()
    statements = au_statements(lms, info.registration)
    check_session(statements, info)
    assert au_defined(statements) == [
        "initialized",
        "terminated",
    ]


def test_a_forged_actor_has_no_launch_data_and_is_refused(lms, tmp_path):
    info, *_rest = started(lms, tmp_path)
    # Someone edits their own launch URL to name another learner: the LMS has no launch data
    # for that actor, so the trainer opens nobody's record.
    forged = lms.launch(
        launch_url(BASE, "bases"), info.publisher_id, ACTOR, registration=info.registration
    )
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(forged.url).query))
    query["actor"] = (
        '{"objectType": "Agent", "account": {"homePage": "https://lms.example.org", '
        '"name": "someone-else"}}'
    )
    launch = parse_launch(query, [lms.url + "/"])
    client = client_for(launch, fetch_token(launch))
    with pytest.raises(LaunchError, match="no launch data"):
        read_launch_data(launch, client)
