"""One SVG snapshot per screen at 80×24, on the bilingual fixture pack, clock and seeds fixed.

Update them after a deliberate change of the look with `pytest --snapshot-update`, and look at
snapshot_report.html before committing.
"""

from __future__ import annotations

from datetime import UTC

from textual.widgets import Input

from tests.helpers.clock import FixedClock, seeds_from
from tests.helpers.packs import BILINGUAL
from trainer.course.validate import ADVICE_CODES
from trainer.i18n import set_language
from trainer.progress.store import Store
from trainer.quiz.pack_check import check_pack
from trainer.tui.app import TrainerApp

SIZE = (80, 24)


def app_for(
    learners: tuple[str, ...] = ("Anne",), learner_name: str | None = "Anne", language: str = "fr"
) -> TrainerApp:
    set_language(language)
    pack, _ = check_pack(BILINGUAL)
    store = Store.in_memory()
    clock = FixedClock()
    for name in learners:
        store.add_learner(name, clock())
    return TrainerApp(
        pack.course(language),
        store,
        learner_name=learner_name,
        clock=clock,
        seeds=seeds_from(),
        default_name="agent",
    )


async def _steady(pilot) -> None:
    for input_widget in pilot.app.screen.query(Input):
        input_widget.cursor_blink = False
    await pilot.pause()


def test_first_run(snap_compare) -> None:
    assert snap_compare(
        app_for(learners=(), learner_name=None), terminal_size=SIZE, run_before=_steady
    )


def test_learner_choice(snap_compare) -> None:
    assert snap_compare(app_for(learners=("Anne", "Bruno"), learner_name=None), terminal_size=SIZE)


def test_course_map(snap_compare) -> None:
    assert snap_compare(app_for(), terminal_size=SIZE)


def test_lesson(snap_compare) -> None:
    assert snap_compare(app_for(), terminal_size=SIZE, press=["enter"])


def test_quiz_question(snap_compare) -> None:
    assert snap_compare(app_for(), terminal_size=SIZE, press=["enter", "enter", "2"])


def test_quiz_feedback(snap_compare) -> None:
    assert snap_compare(app_for(), terminal_size=SIZE, press=["enter", "enter", "2", "enter"])


def test_true_false_wrong_answer_feedback(snap_compare) -> None:
    """« Vrai » to a false statement: the verdict says « Réponse incorrecte » and names the right
    answer, never a bare « Faux » that reads as the answer itself."""
    keys = ["enter", "enter", "2", "enter", "enter", "1", "2", "enter", "enter", "1", "enter"]
    assert snap_compare(app_for(), terminal_size=SIZE, press=keys)


def test_quiz_order_question(snap_compare) -> None:
    assert snap_compare(
        app_for(),
        terminal_size=SIZE,
        press=["down", "enter", "enter", *"226-4-1", "enter", "enter", "1"],
    )


def test_quiz_match_question(snap_compare) -> None:
    keys = [
        "down",
        "enter",
        "enter",
        *"226-4-1",
        "enter",
        "enter",
        "1",
        "2",
        "3",
        "enter",
        "enter",
        "1",
    ]
    assert snap_compare(app_for(), terminal_size=SIZE, press=keys)


def test_results(snap_compare) -> None:
    keys = [
        "enter",
        "enter",
        "1",
        "enter",
        "enter",
        "1",
        "3",
        "enter",
        "enter",
        "2",
        "enter",
        "enter",
    ]
    assert snap_compare(app_for(), terminal_size=SIZE, press=keys)


def test_help(snap_compare) -> None:
    """The help over a question: trainer's keys, how to answer each type, the closing line shown."""
    assert snap_compare(app_for(), terminal_size=SIZE, press=["enter", "enter", "question_mark"])


def test_course_map_in_english(snap_compare) -> None:
    assert snap_compare(app_for(language="en"), terminal_size=SIZE)


def test_course_map_wide(snap_compare) -> None:
    assert snap_compare(app_for(), terminal_size=(120, 30))


def test_preview_pack_errors(snap_compare, tmp_path) -> None:
    from trainer.authoring.scaffold import new_course
    from trainer.tui.preview import PreviewApp

    set_language("en")
    root = tmp_path / "pack"
    new_course(root, ["en", "fr"], "Preview")
    quiz = root / "quizzes" / "introduction.fr.yaml"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("correct: true", "corect: true"), encoding="utf-8"
    )
    assert snap_compare(PreviewApp(root, "en", poll=60), terminal_size=SIZE)


def test_settings(snap_compare) -> None:
    app = app_for()
    app.pack, _ = check_pack(BILINGUAL)
    assert snap_compare(app, terminal_size=SIZE, press=["s"])


def test_dashboard(snap_compare) -> None:
    keys = [
        "enter",
        "enter",
        "1",
        "enter",
        "enter",
        "1",
        "3",
        "enter",
        "enter",
        "2",
        "enter",
        "enter",
        "enter",
        "d",
    ]
    assert snap_compare(app_for(), terminal_size=(100, 30), press=keys)


def test_delete_confirmation(snap_compare) -> None:
    assert snap_compare(app_for(learners=("Anne", "Bruno")), terminal_size=SIZE, press=["l", "d"])


def test_review(snap_compare) -> None:
    from datetime import datetime

    from tests.helpers.clock import FixedClock
    from trainer.session import Session

    set_language("fr")
    pack, _ = check_pack(BILINGUAL)
    course = pack.course("fr")
    store = Store.in_memory()
    earlier = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    session = Session(course, store, store.add_learner("Anne", earlier()), earlier, seeds_from())
    run = session.start(course.quizzes["premiere"], "premiere")
    for question, response in zip(
        course.quizzes["premiere"].questions, (2, [1, 3], False), strict=True
    ):
        run.answer(question, response)
    run.finish()
    later = FixedClock(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    app = TrainerApp(
        course, store, learner_name="Anne", clock=later, seeds=seeds_from(), default_name="agent"
    )
    assert snap_compare(app, terminal_size=SIZE, press=["v"])


def test_resume_button(snap_compare) -> None:
    """A paused quiz: the lesson says where it resumes."""
    assert snap_compare(
        app_for(), terminal_size=SIZE, press=["enter", "enter", "1", "enter", "escape"]
    )


def test_certificate_dialog(snap_compare, monkeypatch) -> None:
    """A completed course: the name to print, where the PDF goes, the verification code."""
    # The code hashes attempt ids, which are random: a fixed one keeps the picture the same.
    monkeypatch.setattr(
        "trainer.certificate.award.verification_code", lambda *facts: "ABCD-EFGH-JK23"
    )
    app = app_for()
    store, clock = app.store, app.clock
    anne = store.learner("Anne")
    for lesson in app.course.lessons:
        store.record_lesson_opened(anne, app.course.id, lesson.id, "fr", clock())
    for quiz_id in ("premiere", "deuxieme"):
        attempt = store.start_attempt(anne, app.course.id, quiz_id, quiz_id, 1, "fr", clock())
        store.finish_attempt(anne, app.course.id, attempt, 1.0, True, "fr", clock())

    async def open_the_dialog(pilot) -> None:
        await pilot.press("c")
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_the_dialog)


FEEDBACK_QUIZ = """\
title: Quiz – Réponses expliquées
questions:
  - id: long
    type: single
    shuffle: false
    prompt: Une habitante signale sous une publication que les horaires de la piscine sont faux.
      Que faites-vous d'abord ?
    choices:
      - text: Je supprime son commentaire pour garder la page propre
        feedback: Non, le commentaire dit vrai et d'autres habitants le liront.
      - text: Je vérifie les horaires auprès du service, je corrige la publication et je la remercie
        correct: true
      - text: Je ne réponds pas, la page n'est pas un guichet
    explanation: >-
      Une remarque juste est une aide : vérifier auprès du service concerné, corriger la
      publication à la source (site, fiche de carte, page) puis remercier publiquement montre
      que la collectivité écoute. Supprimer le commentaire laisserait l'erreur en ligne et
      donnerait l'impression de cacher quelque chose ; ne pas répondre laisse les autres
      habitants dans le doute. Notez aussi la correction dans le suivi des publications, pour
      que le même horaire faux ne revienne pas au prochain partage, et prévenez l'accueil, qui
      recevra sans doute des appels à ce sujet dans la journée.
  - id: oubli
    type: multiple
    shuffle: false
    prompt: Quelles informations faut-il garder avant de signaler un faux compte ?
    choices:
      - text: L'adresse (URL) du profil
        correct: true
      - text: Des captures datées des messages
        correct: true
      - text: Le mot de passe du compte officiel
        feedback: Non, un mot de passe ne se transmet jamais.
    explanation: L'adresse et des captures datées suffisent pour le signalement et la plainte.
  - id: ordre
    type: order
    prompt: Remettez dans l'ordre la réponse à un compte piraté.
    items:
      - Reprendre la main sur le compte
      - Changer les mots de passe
      - Prévenir les abonnés
      - Porter plainte
    explanation: D'abord reprendre la main, puis sécuriser, prévenir, et enfin porter plainte.
"""


def feedback_app(tmp_path):
    """A one-lesson course in French whose quiz has a long explanation, a several-answer
    question and an order question."""
    root = tmp_path / "feedback"
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text(
        "id: retours\ntitle: Retours\nlanguages: [fr]\n"
        "modules: [{id: m, title: Module, lessons: [un]}]\n",
        encoding="utf-8",
    )
    (root / "lessons" / "un.md").write_text(
        "---\ntitle: Une leçon\n---\nTexte.\n", encoding="utf-8"
    )
    (root / "quizzes" / "un.yaml").write_text(FEEDBACK_QUIZ, encoding="utf-8")
    set_language("fr")
    pack, diagnostics = check_pack(root)
    # A pack for the feedback's layout: the advice on teaching (item writing, « À retenir ») aside.
    diagnostics = [d for d in diagnostics if d.code not in ADVICE_CODES]
    assert pack is not None and not diagnostics, diagnostics
    course = pack.course("fr")
    store = Store.in_memory()
    store.add_learner("Anne", FixedClock()())
    app = TrainerApp(
        course,
        store,
        learner_name="Anne",
        clock=FixedClock(),
        seeds=seeds_from(),
        default_name="agent",
    )
    return app, course.quizzes["un"]


def test_feedback_with_a_long_explanation(snap_compare, tmp_path) -> None:
    app, _ = feedback_app(tmp_path)
    assert snap_compare(app, terminal_size=SIZE, press=["enter", "enter", "1", "enter"])


def test_feedback_marks_a_missed_right_choice(snap_compare, tmp_path) -> None:
    app, _ = feedback_app(tmp_path)
    keys = [
        "enter",
        "enter",
        "2",
        "enter",
        "enter",
        "1",
        "3",
        "enter",
    ]  # 2 right, then 1 and 3 ticked: 2 missed
    assert snap_compare(app, terminal_size=SIZE, press=keys)


def test_order_feedback_marks_each_position(snap_compare, tmp_path) -> None:
    from trainer.quiz.attempts import present

    app, quiz = feedback_app(tmp_path)
    shown = present(quiz, 7).order_of(quiz.question("ordre"))  # the first attempt's seed is 7
    # The first two steps swapped: places 1 and 2 wrong, 3 and 4 right.
    digits = [str(shown.index(position) + 1) for position in (2, 1, 3, 4)]
    keys = ["enter", "enter", "2", "enter", "enter", "1", "enter", "enter", *digits, "enter"]
    assert snap_compare(app, terminal_size=SIZE, press=keys)


def test_results_of_a_drawn_quiz(snap_compare) -> None:
    """A quiz that draws 4 of its 8 questions: « 4 questions tirées parmi 8 », the four listed."""
    from tests.helpers.packs import PACKS

    set_language("fr")
    pack, _ = check_pack(PACKS / "bank")
    store = Store.in_memory()
    clock = FixedClock()
    store.add_learner("Anne", clock())
    app = TrainerApp(pack.course("fr"), store, learner_name="Anne", clock=clock, seeds=seeds_from())
    keys = ["enter", "enter", *["1", "enter", "enter"] * 4]
    assert snap_compare(app, terminal_size=SIZE, press=keys)
