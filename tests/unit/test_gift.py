"""GIFT export and import (`trainer.course.gift`) and their commands (`trainer.gift_cli`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.packs import write_pack
from trainer.commands.gift import export_command, import_command
from trainer.course.diagnostics import Severity
from trainer.course.gift import (
    escape,
    export_quiz,
    format_weight,
    import_gift,
    quiz_yaml,
    slugify,
)
from trainer.course.loader import load_pack
from trainer.course.model import (
    Choice,
    ChoiceQuestion,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    Quiz,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from trainer.quiz.grading import answer_key, grade
from trainer.quiz.pack_check import check_pack
from trainer.records import replace

BUNDLED = Path(__file__).resolve().parents[2]
MOODLE_WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")
"""The weight pattern of Moodle's GIFT reader, which exported weights must match."""


def quiz_of(*questions: Question, **options) -> Quiz:
    return Quiz(
        id="demo",
        language="en",
        title="Demo",
        questions=questions,
        path="quizzes/demo.en.yaml",
        **options,
    )


def single(**fields) -> SingleChoice:
    fields.setdefault("choices", (Choice("Right", True, "Yes"), Choice("Wrong", False, "No")))
    return SingleChoice(id=fields.pop("id", "q"), prompt=fields.pop("prompt", "Which?"), **fields)


def read(text: str) -> Question:
    """The only question of `text`, which must read without errors."""
    imported = import_gift(text, "in.gift")
    assert not imported.has_errors, imported.diagnostics
    assert len(imported.questions) == 1
    return imported.questions[0]


def warnings_of(text: str) -> list[str]:
    return [
        d.message
        for d in import_gift(text, "in.gift").diagnostics
        if d.severity is Severity.WARNING
    ]


def body(question: Question) -> str:
    """The exported text of one question, without the category and title lines."""
    return export_quiz(quiz_of(question), "course").text.split("\n\n", 1)[1]


# escapes -----------------------------------------------------------------------------------------

ESCAPES = [
    ("\\~", "~"),
    ("\\=", "="),
    ("\\#", "#"),
    ("\\{", "{"),
    ("\\}", "}"),
    ("\\:", ":"),
    ("\\\\", "\\"),
    ("\\n", "\n"),
]


@pytest.mark.parametrize(("written", "char"), ESCAPES)
@pytest.mark.parametrize("where", ["prompt", "choice", "feedback", "explanation", "title"])
def test_import_reads_every_escape_in_every_text(written: str, char: str, where: str) -> None:
    text = {
        "prompt": f"::t::A{written}B {{=R ~W}}",
        "choice": f"::t::Q {{=A{written}B ~W}}",
        "feedback": f"::t::Q {{=R#A{written}B ~W}}",
        "explanation": f"::t::Q {{=R ~W ####A{written}B}}",
        "title": f"::A{written}B::Q {{=R ~W}}",
    }[where]
    question = read(text)
    assert isinstance(question, SingleChoice)
    got = {
        "prompt": question.prompt,
        "choice": question.choices[0].text,
        "feedback": question.choices[0].feedback,
        "explanation": question.explanation,
        "title": "A" + char + "B",
    }[where]
    assert got == f"A{char}B"
    if where == "title":
        assert question.id == slugify(f"A{char}B")


@pytest.mark.parametrize(("char", "written"), [(c, w) for w, c in ESCAPES if c != "\n"])
def test_export_escapes_every_reserved_character(char: str, written: str) -> None:
    assert escape(f"a{char}b") == f"a{written}b"
    text = body(
        single(
            prompt=f"P{char}",
            choices=(Choice(f"R{char}", True, f"F{char}"), Choice("W")),
            explanation=f"E{char}",
        )
    )
    for part in (f"P{written}", f"=R{written}#F{written}", f"####E{written}"):
        assert part in text


def test_a_literal_backslash_n_is_not_a_line_break() -> None:
    question = read("::t::C\\:\\\\new {=R ~W}")
    assert question.prompt == "C:\\new"
    assert read(f"::t::{escape('C:' + chr(92) + 'new')} {{=R ~W}}").prompt == "C:\\new"


@pytest.mark.parametrize(
    "prompt",
    [
        "line one\nline two",
        "paragraph\n\nparagraph",
        "- item\n  - nested item",
        "hard break  \nnext",
        "text\n// not a comment",
        "ends with a backslash \\\nnext",
        "a\n\n\nb",
    ],
)
def test_multi_line_texts_come_back_unchanged(prompt: str) -> None:
    question = single(
        prompt=prompt, explanation=prompt, choices=(Choice(prompt, True, prompt), Choice("W"))
    )
    text = body(question)
    assert "\n\n" not in text.strip()  # a blank line would end the question
    assert not any(line.strip().startswith("//") for line in text.splitlines())
    back = read(text)
    assert back.prompt == prompt and back.explanation == prompt
    assert back.choices[0] == Choice(prompt, True, prompt)


def test_import_joins_the_lines_of_a_multi_line_question() -> None:
    question = read("::t::First line\n   second line {\n  =Right\n  ~Wrong\n}")
    assert question.prompt == "First line\nsecond line"
    assert [c.text for c in question.choices] == ["Right", "Wrong"]


# each type, both ways ----------------------------------------------------------------------------

TYPES = [
    (
        single(explanation="Because."),
        "::q::[markdown]Which? {\n\t=Right#Yes\n\t~Wrong#No\n\t####Because.\n}",
    ),
    (
        MultipleChoice(
            id="q",
            prompt="Which?",
            choices=(Choice("A", True, "fa"), Choice("B", True), Choice("C")),
        ),
        "::q::[markdown]Which? {\n\t~%50%A#fa\n\t~%50%B\n\t~%-50%C\n}",
    ),
    (
        TrueFalse(id="q", prompt="Sky is blue.", answer=True),
        "::q::[markdown]Sky is blue. {\n\tTRUE\n}",
    ),
    (
        TrueFalse(id="q", prompt="Sky is green.", answer=False, explanation="No."),
        "::q::[markdown]Sky is green. {\n\tFALSE\n\t####No.\n}",
    ),
    (
        TextAnswer(id="q", prompt="Article?", accept=("226-4-1", "article 226-4-1")),
        "::q::[markdown]Article? {\n\t=226-4-1\n\t=article 226-4-1\n}",
    ),
    (
        Matching(id="q", prompt="Match.", pairs=(("a", "1"), ("b", "2"))),
        "::q::[markdown]Match. {\n\t=a -> 1\n\t=b -> 2\n}",
    ),
]


@pytest.mark.parametrize(
    ("question", "gift"), TYPES, ids=[q.type.value + str(i) for i, (q, _) in enumerate(TYPES)]
)
def test_export_writes_each_type(question: Question, gift: str) -> None:
    assert body(question) == gift + "\n"


@pytest.mark.parametrize(
    ("question", "gift"), TYPES, ids=[q.type.value + str(i) for i, (q, _) in enumerate(TYPES)]
)
def test_import_reads_each_type_back(question: Question, gift: str) -> None:
    assert replace(read(gift), line=0) == question


@pytest.mark.parametrize(
    ("gift", "expected"),
    [
        (
            "Who? {=no one ~Grant ~Jefferson}",
            SingleChoice(
                id="q1",
                prompt="Who?",
                choices=(Choice("no one", True), Choice("Grant"), Choice("Jefferson")),
            ),
        ),
        (
            "Who? {~Grant =no one#Right!}",
            SingleChoice(
                id="q1", prompt="Who?", choices=(Choice("Grant"), Choice("no one", True, "Right!"))
            ),
        ),
        (
            "Which? {~%50%A ~%50%B ~%-100%C}",
            MultipleChoice(
                id="q1",
                prompt="Which?",
                choices=(
                    Choice("A", True, weight=0.5),
                    Choice("B", True, weight=0.5),
                    Choice("C", weight=-1.0),
                ),
            ),
        ),
        (
            "Which? {~%100%A ~%-100%B}",
            MultipleChoice(id="q1", prompt="Which?", choices=(Choice("A", True), Choice("B"))),
        ),
        (
            "Which? {~%33.33333%A ~%33.33333%B ~%33.33333%C ~%-33.33333%D}",
            MultipleChoice(
                id="q1",
                prompt="Which?",
                choices=(Choice("A", True), Choice("B", True), Choice("C", True), Choice("D")),
            ),
        ),
        ("Grant is buried. {T}", TrueFalse(id="q1", prompt="Grant is buried.", answer=True)),
        ("Grant is buried. {TRUE}", TrueFalse(id="q1", prompt="Grant is buried.", answer=True)),
        ("Grant is buried. {F}", TrueFalse(id="q1", prompt="Grant is buried.", answer=False)),
        (
            "Grant is buried. {FALSE####Entombed.}",
            TrueFalse(id="q1", prompt="Grant is buried.", answer=False, explanation="Entombed."),
        ),
        ("Who? {=no one =nobody}", TextAnswer(id="q1", prompt="Who?", accept=("no one", "nobody"))),
        ("Who? {=no one}", TextAnswer(id="q1", prompt="Who?", accept=("no one",))),
        (
            "Match. {=Canada -> Ottawa =Italy->Rome =Japan -> Tokyo}",
            Matching(
                id="q1",
                prompt="Match.",
                pairs=(("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo")),
            ),
        ),
        (
            "Arrows. {=a -> b -> c =d -> e}",
            Matching(id="q1", prompt="Arrows.", pairs=(("a", "b -> c"), ("d", "e"))),
        ),
    ],
)
def test_import_reads_moodle_questions(gift: str, expected: Question) -> None:
    assert replace(read(gift), line=0) == expected


# weights -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("correct", range(1, 10))
def test_multiple_weights_reproduce_trainer_scoring(correct: int) -> None:
    choices = (*(Choice(f"R{i}", True) for i in range(correct)), Choice("W1"), Choice("W2"))
    text = body(MultipleChoice(id="q", prompt="P", choices=choices))
    weights = [float(w) for w in re.findall(r"~%(-?[\d.]+)%", text)]
    share = 100 / correct
    assert weights == pytest.approx([share] * correct + [-share, -share], abs=1e-5)
    assert all(MOODLE_WEIGHT.match(f"%{format_weight(w)}%") for w in weights)
    assert read(text).choices == choices


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (100, "100"),
        (50, "50"),
        (100 / 3, "33.33333"),
        (-100 / 6, "-16.66667"),
        (12.5, "12.5"),
        (100 / 7, "14.28571"),
    ],
)
def test_format_weight(value: float, written: str) -> None:
    assert format_weight(value) == written


def test_positive_weight_is_correct_and_negative_or_zero_is_not() -> None:
    question = read("Q {~%50%A ~%50%B ~%-50%C ~%0%D ~E}")
    assert [c.correct for c in question.choices] == [True, True, False, False, False]


# feedback, general feedback, title, category, comments, format -----------------------------------


def test_feedback_per_choice_and_general_feedback() -> None:
    question = read("::fb::Q {\n=R#Well done\n~W#Not that one\n####Read the lesson again.\n}")
    assert [c.feedback for c in question.choices] == ["Well done", "Not that one"]
    assert question.explanation == "Read the lesson again."


def test_general_feedback_is_the_last_four_hashes() -> None:
    assert read("Q {=R#fb ~W ####one#### two}").explanation == "two"


@pytest.mark.parametrize(
    ("titles", "ids"),
    [
        (
            ["Capital of France", "Capital of France", None],
            ["capital-of-france", "capital-of-france-2", "q3"],
        ),
        (["Q1: Élévation", "?!", None], ["q1-elevation", "q2", "q3"]),
        ([None, None, "q1"], ["q1", "q2", "q1-2"]),
    ],
)
def test_titles_become_unique_ids(titles: list[str | None], ids: list[str]) -> None:
    text = "\n\n".join((f"::{t}::" if t else "") + "Q {=a =b}" for t in titles)
    assert [q.id for q in import_gift(text).questions] == ids


def test_category_lines_are_kept_as_information_and_comments_ignored() -> None:
    text = (
        "// exported from Moodle\n$CATEGORY: $course$/top/Quiz one\n\n// question: 1\n"
        "::a::Q {=x =y}\n\n$CATEGORY: other\n\n::b:: R {T}\n// trailing comment"
    )
    imported = import_gift(text)
    assert imported.categories == ("$course$/top/Quiz one", "other")
    assert [q.id for q in imported.questions] == ["a", "b"]
    assert [q.line for q in imported.questions] == [5, 9]
    assert not imported.diagnostics


def test_a_comment_line_inside_a_question_is_dropped() -> None:
    assert read("Q\n// the answers\n{=R ~W}").prompt == "Q"


@pytest.mark.parametrize("prefix", ["[markdown]", "[plain]", "[moodle]", "[html]", ""])
def test_format_prefixes_are_dropped(prefix: str) -> None:
    question = read(f"::t::{prefix}**Bold** {{={prefix}R#{prefix}fb ~W ####{prefix}Why}}")
    assert (
        question.prompt,
        question.choices[0].text,
        question.choices[0].feedback,
        question.explanation,
    ) == ("**Bold**", "R", "fb", "Why")
    html = [w for w in warnings_of(f"::t::{prefix}Q {{=R ~W}}") if "[html]" in w]
    assert html == (
        [
            "question `t`: [html] text is kept as it is written, tags included (trainer shows "
            "Markdown)"
        ]
        if prefix == "[html]"
        else []
    )


def test_an_unknown_bracket_prefix_is_text() -> None:
    assert read("[link](https\\://example.org) {=R ~W}").prompt == "[link](https://example.org)"


def test_export_starts_with_the_category_and_marks_markdown() -> None:
    text = export_quiz(quiz_of(single()), "course").text
    assert text.startswith("$CATEGORY: course/Demo\n// demo\n")
    assert "\n\n::q::[markdown]Which? {" in text


# unsupported and lossy imports: warnings that name the question -----------------------------------


@pytest.mark.parametrize(
    ("gift", "warning"),
    [
        (
            "::num::When? {#1822:5}",
            "numerical question `num` skipped: trainer has no numerical questions (`{#…}`)",
        ),
        (
            "::essay::Tell. {}",
            "essay question `essay` skipped: trainer has no essay questions (`{}`)",
        ),
        (
            "::essay::Tell. {####Good answers mention X.}",
            "essay question `essay` skipped: trainer has no essay questions (`{}`)",
        ),
    ],
)
def test_unsupported_types_are_skipped_with_a_warning(gift: str, warning: str) -> None:
    imported = import_gift(gift + "\n\n::kept::Q {T}")
    assert [q.id for q in imported.questions] == ["kept"]
    assert warning in [d.message for d in imported.diagnostics if d.severity is Severity.WARNING]


@pytest.mark.parametrize(
    ("gift", "needle"),
    [
        ("::mw::Grant is {~buried =entombed ~living} in Grant's tomb.", "missing word"),
        ("::w::Q {~%50%A ~%30%B ~C}", "sum to 80 %, not 100 %: imported without weights"),
        ("::eq::Q {=A =B ~C}", "several `=` answers"),
        ("::pc::Q {=A ~%50%B ~C}", "partial credit"),
        ("::sa::Q {=yes#good =%0%no#bad}", "weight 0 %"),
        ("::sa::Q {=yes =%50%maybe}", "trainer accepts it for full marks"),
        ("::sa::Q {=ye*}", "wildcard"),
        ("::h::[html]<b>Q</b> {T}", "[html]"),
    ],
)
def test_lossy_imports_warn_and_name_the_question(gift: str, needle: str) -> None:
    imported = import_gift(gift)
    assert not imported.has_errors, imported.diagnostics
    question_id = gift[2:].split("::")[0]
    matching = [d for d in imported.diagnostics if needle in d.message]
    assert matching and all(
        d.message.startswith(f"question `{question_id}`: ") and d.line == 1 for d in matching
    )


def test_missing_word_shows_a_blank() -> None:
    question = read("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert isinstance(question, SingleChoice)
    assert question.prompt == "Grant is _____ in Grant's tomb."
    multiple = read("Pick {~%50%a ~%50%b ~%-100%c} here.")
    assert isinstance(multiple, MultipleChoice) and multiple.prompt == "Pick _____ here."


def test_true_false_feedbacks_go_to_the_learner_who_gave_that_answer() -> None:
    # Moodle's `{T#for a wrong answer#for a right answer}`.
    question = read("Sky is blue. {TRUE#You said false.#You said true.####General.}")
    assert isinstance(question, TrueFalse) and question.explanation == "General."
    assert (question.feedback_true, question.feedback_false) == (
        "You said true.",
        "You said false.",
    )
    question = read("Sky is green. {F#Said true.#Said false.}")
    assert isinstance(question, TrueFalse) and question.explanation is None
    assert (question.feedback_true, question.feedback_false) == ("Said true.", "Said false.")
    question = read("Sky is green. {F##Said false.}")
    assert isinstance(question, TrueFalse)
    assert (question.feedback_true, question.feedback_false) == (None, "Said false.")


def test_short_answer_feedback_is_kept_per_answer() -> None:
    question = read("Q {=yes#Right, yes. =oui =%0%no#bad}")
    assert isinstance(question, TextAnswer)
    assert question.accept == ("yes", "oui")
    assert question.accept_feedback == ("Right, yes.", None)
    assert question.feedback_wrong is None


def test_moodles_catch_all_is_the_wrong_answer_feedback() -> None:
    imported = import_gift("Q {=yes =%0%*#Think of the word for agreement.}")
    assert not imported.diagnostics
    [question] = imported.questions
    assert isinstance(question, TextAnswer) and question.accept == ("yes",)
    assert question.feedback_wrong == "Think of the word for agreement."


@pytest.mark.parametrize(
    ("gift", "weights"),
    [
        # Moodle's own examples: unequal right answers, a wrong answer that costs all.
        ("Q {~%60%A ~%40%B ~C}", (0.6, 0.4, 0.0)),
        ("Q {~%50%A ~%50%B ~C}", (0.5, 0.5, 0.0)),
        ("Q {~%33.33333%A ~%33.33333%B ~%33.33333%C ~%-100%D}", (0.3333333,) * 3 + (-1.0,)),
    ],
)
def test_multiple_answer_weights_are_kept_exactly(gift: str, weights: tuple) -> None:
    imported = import_gift(gift)
    assert not imported.diagnostics
    [question] = imported.questions
    assert isinstance(question, MultipleChoice)
    assert tuple(c.weight for c in question.choices) == weights
    assert [c.correct for c in question.choices] == [w > 0 for w in weights]


def test_trainers_own_shares_need_no_weights() -> None:
    question = read("Q {~%50%A ~%50%B ~%-50%C}")
    assert isinstance(question, MultipleChoice) and not question.weighted


def test_short_answer_with_weight_zero_is_not_accepted() -> None:
    assert read("Q {=yes =%0%no#bad}").accept == ("yes",)


# malformed files: an error at the line the question starts ---------------------------------------

GOOD = "// a good question first\n::ok::Fine {=a ~b}\n\n"  # the bad one starts at line 4


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("::u::Unclosed {=a ~b", "never closed"),
        ("::u::Unclosed {=a ~b\n\n::v::Next {T}", "never closed"),
        ("::u::Two opens {=a {~b}", "never closed"),
        ("::c::Closing } first {=a ~b}", "closes no `{`"),
        ("::m::Two blocks {=a ~b} and {=c ~d}", "more than one answer block"),
        ("::p::Pairs {=a -> =b -> c}", "missing its right side"),
        ("::p::Pairs {= -> x =b -> c}", "at least 2 pairs"),
        ("::p::Pairs {=a -> x =b}", "has no `->`"),
        ("::p::One pair {=a -> x}", "at least 2 pairs"),
        ("::p::Same right {=a -> x =b -> x}", "distinct"),
        ("::n::No answer {=}", "an answer is empty"),
        ("::n::No answer {=a ~}", "an answer is empty"),
        ("::s::No right {~a ~b}", "no right answer"),
        ("::s::One choice {=a ~}", "an answer is empty"),
        ("::s::One choice {~%100%a}", "at least 2 answers"),
        ("::g::Garbage {hello world}", "is not an answer"),
        ("::g::Garbage {hello ~a =b}", "is not an answer"),
        ("::g::Bad weight {~%abc%a =b}", "malformed weight"),
        ("::g::Bad weight {~%150%a =b}", "malformed weight"),
        ("::d::A description with no braces", "no answer block"),
        ("::t::{=a ~b}", "no text before its answers"),
        ("::open title {=a ~b}", "`::` is never closed"),
        ("title: not gift\nquestions: []", "no answer block"),
    ],
)
def test_malformed_questions_are_skipped_with_one_warning_at_their_first_line(
    bad: str, message: str
) -> None:
    imported = import_gift(GOOD + bad, "quiz.gift")
    assert not imported.has_errors
    assert imported.questions[0].id == "ok"
    skipped = [d for d in imported.diagnostics if d.code == "gift-skipped"]
    assert len(skipped) == 1, imported.diagnostics
    warning = skipped[0]
    assert (warning.path, warning.line, warning.column) == ("quiz.gift", 4, 0)
    assert warning.severity is Severity.WARNING
    assert message in warning.message and " skipped: " in warning.message


def test_a_skipped_question_gets_one_warning_only() -> None:
    [warning] = import_gift(GOOD + "::mw::[html]Grant {~a ~b} in.").diagnostics
    assert warning.code == "gift-skipped" and "no right answer" in warning.message


def test_a_skipped_question_names_its_kind() -> None:
    [warning] = import_gift(GOOD + "::p::One pair {=a -> x}").diagnostics
    assert warning.message == "match question `p` skipped: a match question needs at least 2 pairs"


def test_an_empty_file_is_an_error() -> None:
    imported = import_gift("// only comments\n\n")
    assert imported.has_errors and imported.diagnostics[0].message == "no question to import"


def test_a_file_of_unsupported_questions_only_is_an_error() -> None:
    assert import_gift("When? {#1822}").has_errors


def test_crlf_and_bom_are_read() -> None:
    assert read("\ufeff::t::Q\r\n{=R ~W}\r\n").prompt == "Q"


# export losses: warnings that name the question ---------------------------------------------------


@pytest.mark.parametrize(
    ("question", "needle"),
    [
        (
            Ordering(id="steps", prompt="Order.", items=("a {b}", "c"), line=7),
            "Moodle's ordering reader cannot take as written: skipped",
        ),
        (
            Ordering(id="steps", prompt="Order.", items=("two\nlines", "c"), line=7),
            "line break",
        ),
        (single(id="hinted", hint="Think.", line=7), "the hint is dropped"),
        (single(id="heavy", points=2, line=7), "`points: 2` is dropped"),
        (Matching(id="arrow", prompt="M", pairs=(("a -> b", "1"), ("c", "2")), line=7), "`->`"),
        (TextAnswer(id="arrow", prompt="T", accept=("a -> b",), line=7), "`->`"),
        (TextAnswer(id="pct", prompt="T", accept=("%50% off",), line=7), "weight or a text format"),
        (
            single(id="fmt", choices=(Choice("[html] tags", True), Choice("W")), line=7),
            "weight or a text format",
        ),
    ],
)
def test_export_warns_for_what_gift_cannot_hold(question: Question, needle: str) -> None:
    exported = export_quiz(quiz_of(question, single(id="other")), "course")
    [warning] = exported.warnings
    assert warning.message.startswith(f"question `{question.id}`: ") and needle in warning.message
    assert (warning.path, warning.line, warning.severity) == (
        "quizzes/demo.en.yaml",
        7,
        Severity.WARNING,
    )
    assert ("::steps::" in exported.text) is False


@pytest.mark.parametrize(
    ("option", "value"), [("pass_mark", 0.5), ("shuffle", True), ("max_attempts", 3)]
)
def test_export_warns_for_quiz_options(option: str, value: object) -> None:
    [warning] = export_quiz(quiz_of(single(), **{option: value}), "course").warnings
    assert warning.message.startswith("quiz `demo`: ") and f"`{option}`" in warning.message


@pytest.mark.parametrize(("correct", "warned"), [(3, False), (10, False), (11, True), (20, False)])
def test_a_share_moodle_has_no_grade_for_is_warned(correct: int, warned: bool) -> None:
    choices = (*(Choice(f"R{i}", True) for i in range(correct)), Choice("W"))
    exported = export_quiz(quiz_of(MultipleChoice(id="m", prompt="P", choices=choices)), "c")
    assert [w.code for w in exported.warnings] == (["gift-grade"] if warned else [])


def test_a_quiz_of_questions_gift_cannot_hold_exports_its_category_only() -> None:
    exported = export_quiz(quiz_of(Ordering(id="o", prompt="O", items=("{a}", "b"))), "course")
    assert "::" not in exported.text and len(exported.warnings) == 2


def test_order_questions_go_out_as_moodle_ordering_questions() -> None:
    question = Ordering(
        id="steps", prompt="Order.", items=("Étape 1 : noter", "=b", "~c #d"), explanation="Why."
    )
    text = body(question)
    assert text == (
        "::steps::[markdown]Order. {\n\t>3 ALL VERTICAL ALL_OR_NOTHING SHOW\n"
        "\tÉtape 1 : noter\n\t=b\n\t~c #d\n\t####Why.\n}\n"
    )
    assert replace(read(text), line=0) == question


@pytest.mark.parametrize(
    ("head", "needle"),
    [
        (">2 RANDOM VERTICAL ALL_OR_NOTHING SHOW", "Moodle shows 2 of the 3 items"),
        (">3 ALL VERTICAL ABSOLUTE_POSITION SHOW", "`ABSOLUTE_POSITION`"),
        (">3", "`RELATIVE_NEXT_EXCLUDE_LAST`"),
    ],
)
def test_moodle_ordering_options_trainer_lacks_are_warned(head: str, needle: str) -> None:
    imported = import_gift(f"::o::Order. {{{head}\nHuissier\nVote\nAffichage\n}}")
    [question] = imported.questions
    assert isinstance(question, Ordering)
    assert question.items == ("Huissier", "Vote", "Affichage")
    assert any(needle in d.message for d in imported.diagnostics), imported.diagnostics


def test_a_match_distractor_is_dropped_with_a_warning() -> None:
    imported = import_gift("::d::Match. {=a -> 1 =b -> 2 = -> impôts}")
    [question] = imported.questions
    assert isinstance(question, Matching) and question.pairs == (("a", "1"), ("b", "2"))
    [warning] = imported.diagnostics
    assert warning.code == "gift-distractor" and "`impôts`" in warning.message


def test_categories_become_sections_titled_by_their_last_name() -> None:
    text = (
        "::first::Before any category {T}\n\n$CATEGORY: $course$/top/Module A\n\n"
        "::a::Q {T}\n\n$CATEGORY: $course$/top/Empty\n\n$CATEGORY: top/Module B//C\n\n"
        "::b::Q {F}\n\n::c::Q {F}"
    )
    sections = import_gift(text).sections
    assert [(s.title, [q.id for q in s.questions]) for s in sections] == [
        (None, ["first"]),
        ("Module A", ["a"]),
        ("Module B/C", ["b", "c"]),
    ]


# quiz YAML ----------------------------------------------------------------------------------------

SAMPLE = (
    """$CATEGORY: top/Sample quiz

::pick::Which one? {=Right#Yes ~Wrong#No ####Because.}

::many::Which ones? {~%50%A ~%50%B ~%-50%C ####All of A and B.}

::tf::True? {TRUE ####Yes.}

::text::Type it: {=yes =oui ####Either.}

::pairs::Match. {=left one -> right one =left two -> right two ####Pairs.}

"""
    "::long::A long prompt that goes on and on, long enough to need a block scalar in the YAML "
    "file, \\: and more.\\nSecond line. {T####A long explanation that goes on and on, well past "
    "the width of one line in the quiz file.}\n"
)


def test_quiz_yaml_keeps_the_order_of_the_design(tmp_path: Path) -> None:
    text = quiz_yaml("Sample", import_gift(SAMPLE).questions)
    assert text.startswith(
        "title: Sample\nquestions:\n  - id: pick\n    type: single\n    prompt: Which one?\n"
        "    choices:\n"
    )
    assert "      - text: Right\n        correct: true\n        feedback: Yes\n" in text.replace(
        "'Yes'", "Yes"
    )
    assert "    pairs:\n      - [left one, right one]\n" in text
    assert "prompt: |-\n" in text and "explanation: >-\n" in text


def test_quiz_yaml_loads_and_validates(tmp_path: Path) -> None:
    questions = import_gift(SAMPLE).questions
    root = write_pack(tmp_path / "pack", quiz=quiz_yaml("Sample", questions))
    pack, diagnostics = check_pack(root)
    assert pack is not None and not diagnostics, diagnostics
    loaded = pack.quizzes["en"]["one"]
    assert loaded.title == "Sample"
    assert [replace(q, line=0) for q in loaded.questions] == [replace(q, line=0) for q in questions]


FEEDBACK_QUIZ = """title: Feedback everywhere
questions:
  - id: weighted
    type: multiple
    prompt: Which ones?
    choices:
      - text: A
        weight: 0.6
        feedback: Most of it.
      - text: B
        weight: 0.4
      - text: C
        weight: -1
        feedback: Never C.
      - text: D
        weight: 0
    explanation: A and B.
  - id: thirds
    type: multiple
    prompt: Which ones?
    choices:
      - {text: A, weight: 0.3333333}
      - {text: B, weight: 0.3333333}
      - {text: C, weight: 0.3333333}
      - {text: D, weight: -0.5}
    explanation: A, B and C.
  - id: said-true
    type: true_false
    prompt: True?
    answer: true
    feedback_true: Yes, true.
    feedback_false: "No: it is true."
    explanation: It is.
  - id: said-false
    type: true_false
    prompt: False?
    answer: false
    feedback_false: Right, false.
    explanation: It is not.
  - id: typed
    type: text
    prompt: Which article?
    accept:
      - text: 226-4-1
        feedback: "Exactly: impersonation online."
      - article 226-4-1
      - {text: 226 4 1, feedback: "Right, written 226-4-1."}
    feedback_wrong: "Look in the penal code: articles 226-1 and after."
    explanation: The penal code.
"""


def test_every_new_field_comes_back_from_gift_exactly(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "authored", quiz=FEEDBACK_QUIZ)
    pack, diagnostics = check_pack(root)
    assert pack is not None and not diagnostics, diagnostics
    quiz = pack.quizzes["en"]["one"]
    exported = export_quiz(quiz, "course")
    assert not exported.warnings, exported.warnings
    assert "~%60%A#Most of it." in exported.text and "~%-100%C#Never C." in exported.text
    assert "\t~D\n" in exported.text  # a weight of 0 is Moodle's plain wrong answer
    assert "TRUE#No\\: it is true.#Yes, true." in exported.text
    assert "FALSE##Right, false." in exported.text
    assert "=226-4-1#Exactly\\: impersonation online." in exported.text
    assert "=%0%*#Look in the penal code\\: articles 226-1 and after." in exported.text
    imported = import_gift(exported.text)
    assert not imported.diagnostics
    assert [replace(q, line=0) for q in imported.questions] == [
        replace(q, line=0) for q in quiz.questions
    ]
    back = write_pack(tmp_path / "back", quiz=quiz_yaml(quiz.title, imported.questions))
    pack, diagnostics = check_pack(back)
    assert pack is not None and not diagnostics, diagnostics
    assert [replace(q, line=0) for q in pack.quizzes["en"]["one"].questions] == [
        replace(q, line=0) for q in quiz.questions
    ]


def test_order_item_feedback_is_dropped_with_a_warning() -> None:
    question = Ordering(id="o", prompt="Order.", items=("a", "b"), item_feedback=("First.", None))
    exported = export_quiz(quiz_of(question), "course")
    assert [w.code for w in exported.warnings] == ["gift-order-feedback"]
    [back] = import_gift(exported.text).questions
    assert back == replace(question, item_feedback=(), line=back.line)


def test_a_weight_moodle_does_not_list_is_warned() -> None:
    question = MultipleChoice(
        id="w",
        prompt="Which?",
        choices=(Choice("A", True, weight=0.55), Choice("B", True, weight=0.45), Choice("C")),
    )
    question = replace(question, choices=(*question.choices[:2], Choice("C", weight=0.0)))
    [warning] = export_quiz(quiz_of(question), "course").warnings
    assert warning.code == "gift-grade" and "0.55" in warning.message


# the round trip through the bundled course ------------------------------------------------------


def _bundled_quizzes() -> list[Quiz]:
    pack, _ = load_pack(BUNDLED)
    assert pack is not None
    return [quiz for by_id in pack.quizzes.values() for quiz in by_id.values()]


BUNDLED_QUIZZES = _bundled_quizzes()


def _as_gift_keeps(question: Question) -> Question:
    """The question as GIFT gives it back: without what the export warns it drops."""
    kept = replace(question, line=0, hint=None, points=1.0)
    return replace(kept, shuffle=True) if isinstance(kept, ChoiceQuestion) else kept


@pytest.mark.parametrize("quiz", BUNDLED_QUIZZES, ids=[q.path for q in BUNDLED_QUIZZES])
def test_every_bundled_quiz_comes_back_from_gift(quiz: Quiz, tmp_path: Path) -> None:
    exported = export_quiz(quiz, "reseaux-sociaux")
    assert exported.text.startswith(f"$CATEGORY: reseaux-sociaux/{quiz.title}\n")
    imported = import_gift(exported.text, "x.gift")
    assert not imported.diagnostics
    [section] = imported.sections
    assert section.title == quiz.title
    assert [replace(q, line=0) for q in imported.questions] == [
        _as_gift_keeps(q) for q in quiz.questions
    ]
    for question in imported.questions:
        assert grade(question, answer_key(question)).score == 1
    expected = {
        f"question `{q.id}`: GIFT has no hints: the hint is dropped"
        for q in quiz.questions
        if q.hint
    }
    expected |= {
        f"question `{q.id}`: GIFT cannot pin the choices' order: `shuffle: false` is dropped, "
        "untick « Shuffle the choices » in Moodle"
        for q in quiz.questions
        if isinstance(q, ChoiceQuestion) and not q.shuffle
    }
    expected |= {
        f"question `{q.id}`: GIFT has no question weight in its text: `points: {q.points:g}` is "
        "dropped, set the mark in Moodle"
        for q in quiz.questions
        if q.points != 1
    }
    assert {w.message for w in exported.warnings} == expected
    assert all(w.path == quiz.path for w in exported.warnings)
    root = write_pack(tmp_path / "pack", quiz=quiz_yaml(quiz.title, imported.questions))
    pack, diagnostics = check_pack(root)
    assert pack is not None and not [d for d in diagnostics if d.is_error], diagnostics


def test_the_round_trip_covers_every_shared_type_and_its_losses() -> None:
    kinds = {type(q) for quiz in BUNDLED_QUIZZES for q in quiz.questions}
    assert {SingleChoice, MultipleChoice, TrueFalse, TextAnswer, Matching, Ordering} <= kinds
    assert any(q.hint for quiz in BUNDLED_QUIZZES for q in quiz.questions)
    # The feedbacks GIFT holds come back too: a true/false's two, a short answer's own.
    questions = [q for quiz in BUNDLED_QUIZZES for q in quiz.questions]
    assert any(isinstance(q, TrueFalse) and q.feedback_true and q.feedback_false for q in questions)
    assert any(isinstance(q, TextAnswer) and q.accept_feedback for q in questions)
    assert {quiz.language for quiz in BUNDLED_QUIZZES} == {"fr", "en"}


# the commands -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    pack, _ = load_pack(BUNDLED)
    return pack, pack.course("en")


def test_export_command_writes_one_quiz_to_stdout(bundled, capsys) -> None:
    pack, course = bundled
    assert export_command(pack, course, "quatre-traits", False, None) == 0
    out = capsys.readouterr().out
    assert out.startswith("$CATEGORY: reseaux-sociaux/")
    assert out.split("\n")[1] == "// quatre-traits"
    assert [q.id for q in import_gift(out).questions] == [
        q.id for q in course.quizzes["quatre-traits"].questions
    ]


def test_export_command_writes_every_quiz_one_after_the_other(
    bundled, capsys, tmp_path: Path
) -> None:
    pack, course = bundled
    assert export_command(pack, course, None, True, None) == 0
    captured = capsys.readouterr()
    assert captured.out.count("$CATEGORY: ") == len(course.quizzes)
    assert len(import_gift(captured.out).categories) == len(course.quizzes)
    warning = next(line for line in captured.err.splitlines())
    assert re.fullmatch(
        r"quizzes/[a-z0-9-]+\.en\.yaml: warning: question `[a-z0-9-]+`: .+", warning
    )
    output = tmp_path / "all.gift"
    assert export_command(pack, course, None, True, str(output)) == 0
    assert output.read_text(encoding="utf-8") == captured.out


@pytest.mark.parametrize(("quiz_id", "all_quizzes"), [(None, False), ("nope", False)])
def test_export_command_refuses_a_missing_quiz(bundled, capsys, quiz_id, all_quizzes) -> None:
    pack, course = bundled
    assert export_command(pack, course, quiz_id, all_quizzes, None) == 2
    assert len(capsys.readouterr().err.splitlines()) == 1


def _course_dir(tmp_path: Path, languages: str | None = "[fr, en]") -> Path:
    root = tmp_path / "pack"
    root.mkdir()
    if languages:
        (root / "course.yaml").write_text(
            f"id: x\ntitle: X\nlanguages: {languages}\nmodules: []\n", encoding="utf-8"
        )
    return root


def test_import_command_writes_the_quiz_in_the_first_language(tmp_path: Path, capsys) -> None:
    gift = tmp_path / "Mon Quiz.gift.txt"
    gift.write_text(SAMPLE, encoding="utf-8")
    root = _course_dir(tmp_path)
    assert import_command(str(gift), str(root), None, None) == 0
    written = root / "quizzes" / "mon-quiz.fr.yaml"
    assert capsys.readouterr().out.strip() == str(written)
    assert written.read_text(encoding="utf-8").startswith("title: Sample quiz\n")


@pytest.mark.parametrize(
    ("languages", "quiz_id", "language", "name"),
    [
        ("[en]", "chosen", None, "chosen.en.yaml"),
        ("[fr, en]", None, "en", "sample.en.yaml"),
    ],
)
def test_import_command_names_the_file(
    tmp_path: Path, capsys, languages, quiz_id, language, name
) -> None:
    gift = tmp_path / "sample.txt"
    gift.write_text(SAMPLE, encoding="utf-8")
    root = _course_dir(tmp_path, languages)
    assert import_command(str(gift), str(root), quiz_id, language) == 0
    assert (root / "quizzes" / name).is_file()


@pytest.mark.parametrize(
    ("languages", "language", "words"),
    [(None, None, "has no course.yaml"), ("[fr, en]", "de", "this pack is in fr, en, not de")],
)
def test_import_command_refuses_a_folder_or_language_that_is_not_the_pack_s(
    tmp_path: Path, capsys, languages, language, words
) -> None:
    gift = tmp_path / "sample.txt"
    gift.write_text(SAMPLE, encoding="utf-8")
    root = _course_dir(tmp_path, languages)
    assert import_command(str(gift), str(root), None, language) == 2
    assert words in capsys.readouterr().err
    assert not (root / "quizzes").exists() or not any((root / "quizzes").iterdir())


def test_import_command_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    gift = tmp_path / "sample.gift"
    gift.write_text(SAMPLE, encoding="utf-8")
    root = _course_dir(tmp_path)
    (root / "quizzes").mkdir()
    (root / "quizzes" / "sample.fr.yaml").write_text("keep me", encoding="utf-8")
    assert import_command(str(gift), str(root), None, None) == 2
    assert len(capsys.readouterr().err.splitlines()) == 1
    assert (root / "quizzes" / "sample.fr.yaml").read_text(encoding="utf-8") == "keep me"


def test_import_command_skips_what_it_cannot_read_and_says_where(tmp_path: Path, capsys) -> None:
    gift = tmp_path / "bad.gift"
    gift.write_text(GOOD + "::u::Unclosed {=a ~b\n\n::mw::Fill {=a ~b} in.\n", encoding="utf-8")
    root = _course_dir(tmp_path)
    assert import_command(str(gift), str(root), None, None) == 0
    err = capsys.readouterr().err.splitlines()
    assert (
        f"{gift}:4: warning: question `u` skipped: the answer block's `{{` is never "
        "closed (write `\\{` for the character)" in err
    )
    assert any(line.startswith(f"{gift}:6: warning: question `mw`: ") for line in err)
    assert [q["id"] for q in _questions(root / "quizzes" / "bad.fr.yaml")] == ["ok", "mw"]


def test_import_command_fails_on_a_file_with_nothing_to_import(tmp_path: Path, capsys) -> None:
    gift = tmp_path / "bad.gift"
    gift.write_text("::u::Unclosed {=a ~b\n", encoding="utf-8")
    root = _course_dir(tmp_path)
    assert import_command(str(gift), str(root), None, None) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"{gift}:1: error: no question to import"
    assert not (root / "quizzes").exists()


BANK = """$CATEGORY: $course$/top/Module A

::a1::Vrai ? {T}

$CATEGORY: $course$/top/Module B

::b1::Faux ? {F}

$CATEGORY: $course$/top/Module A

::a2::Encore ? {T}
"""


def _questions(path: Path) -> list[dict]:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def test_import_command_writes_one_quiz_a_category(tmp_path: Path, capsys) -> None:
    gift = tmp_path / "banque.gift"
    gift.write_text(BANK, encoding="utf-8")
    root = _course_dir(tmp_path)
    assert import_command(str(gift), str(root), None, None) == 0
    module_a, module_b = (
        root / "quizzes" / "module-a.fr.yaml",
        root / "quizzes" / "module-b.fr.yaml",
    )
    assert capsys.readouterr().out.splitlines() == [str(module_a), str(module_b)]
    assert module_a.read_text(encoding="utf-8").startswith("title: Module A\n")
    assert [q["id"] for q in _questions(module_a)] == ["a1", "a2"]
    assert [q["id"] for q in _questions(module_b)] == ["b1"]


@pytest.mark.parametrize("name", ["Module B", "$course$/top/Module B"])
def test_import_command_imports_the_category_named(tmp_path: Path, capsys, name: str) -> None:
    gift = tmp_path / "banque.gift"
    gift.write_text(BANK, encoding="utf-8")
    root = _course_dir(tmp_path)
    assert import_command(str(gift), str(root), "partie-b", None, name) == 0
    assert [p.name for p in (root / "quizzes").iterdir()] == ["partie-b.fr.yaml"]


@pytest.mark.parametrize(
    ("quiz_id", "category", "words"),
    [
        ("mon-id", None, "holds 2 categories"),
        (None, "Module C", "no category `Module C`"),
    ],
)
def test_import_command_refuses_an_id_or_category_that_does_not_fit(
    tmp_path: Path, capsys, quiz_id, category, words
) -> None:
    gift = tmp_path / "banque.gift"
    gift.write_text(BANK, encoding="utf-8")
    root = _course_dir(tmp_path)
    assert import_command(str(gift), str(root), quiz_id, None, category) == 2
    assert words in capsys.readouterr().err
    assert not (root / "quizzes").exists()


def test_import_command_writes_nothing_when_one_quiz_exists(tmp_path: Path, capsys) -> None:
    gift = tmp_path / "banque.gift"
    gift.write_text(BANK, encoding="utf-8")
    root = _course_dir(tmp_path)
    (root / "quizzes").mkdir()
    (root / "quizzes" / "module-b.fr.yaml").write_text("keep me", encoding="utf-8")
    assert import_command(str(gift), str(root), None, None) == 2
    assert [p.name for p in (root / "quizzes").iterdir()] == ["module-b.fr.yaml"]


def test_a_whole_course_comes_back_under_its_quiz_ids(bundled, tmp_path: Path, capsys) -> None:
    pack, course = bundled
    gift = tmp_path / "all.gift"
    assert export_command(pack, course, None, True, str(gift)) == 0
    root = _course_dir(tmp_path, "[en]")
    assert import_command(str(gift), str(root), None, None) == 0
    written = {p.name for p in (root / "quizzes").iterdir()}
    assert written == {f"{quiz_id}.en.yaml" for quiz_id in course.quizzes}


def test_all_quizzes_go_out_in_course_order(bundled, capsys) -> None:
    pack, course = bundled
    assert export_command(pack, course, None, True, None) == 0
    out = capsys.readouterr().out.split("\n")
    ids = [out[i + 1][3:] for i, line in enumerate(out) if line.startswith("$CATEGORY: ")]
    in_lessons = list(dict.fromkeys(q.id for q in map(course.quiz_of, course.lessons) if q))
    assert ids[: len(in_lessons)] == in_lessons and sorted(ids) == sorted(course.quizzes)


def test_the_quiz_title_survives_export_and_import(bundled, tmp_path: Path, capsys) -> None:
    pack, course = bundled
    gift = tmp_path / "quatre-traits.gift"
    assert export_command(pack, course, "quatre-traits", False, str(gift)) == 0
    root = _course_dir(tmp_path, "[en]")
    assert import_command(str(gift), str(root), None, None) == 0
    written = root / "quizzes" / "quatre-traits.en.yaml"
    title = course.quizzes["quatre-traits"].title
    assert written.read_text(encoding="utf-8").startswith(f"title: {title}\n")


def test_gift_messages_are_shown_in_french() -> None:
    from trainer.i18n import _, current_language, set_language

    before = current_language()
    set_language("fr")
    try:
        imported = import_gift(
            "::p::Une paire {=a -> x}\n\n::n::Combien ? {#3}\n\nOui ? {T}", "f.gift"
        )
        shown = [d.shown(_) for d in imported.diagnostics]
    finally:
        set_language(before)
    assert shown == [
        "question d'association `p` ignorée\u00a0: une question match doit avoir au moins 2 paires",
        "question numérique `n` ignorée\u00a0: trainer n'a pas de questions numériques (`{#…}`)",
    ]


def test_the_command_line_takes_a_category(tmp_path: Path, capsys) -> None:
    from trainer.cli import main

    gift = tmp_path / "banque.gift"
    gift.write_text(BANK, encoding="utf-8")
    root = _course_dir(tmp_path)
    argv = ["--lang", "en", "gift", "import", str(gift), "--into", str(root)]
    assert main([*argv, "--category", "Module A", "--id", "partie-a"]) == 0
    assert [q["id"] for q in _questions(root / "quizzes" / "partie-a.en.yaml")] == ["a1", "a2"]
