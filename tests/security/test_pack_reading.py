"""Issue 11 §8 and §9: every file the trainer reads from a pack is read under the loader's limits,
and YAML aliases cannot multiply the work past them.

§8: `--course DIR` chose the interface's language by reading course.yaml with `Path.read_text`
and an unbounded `yaml.load`, before the loader: a FIFO hung, a link to /dev/zero was read until
memory ran out, an alias bomb took a minute. The same went for `gift import --into` and
`trainer new lesson/quiz`. §9: an alias was built and checked again at each reference (a 1 MB
string referenced 20,000 times took four minutes), and the translation check was quadratic.

No assertion is on time: work is bounded by what is refused, or by counting calls. A subprocess
timeout is only a backstop against a hang.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.packs import write_pack
from trainer import records
from trainer.authoring.gift import first_language as _first_language
from trainer.authoring.scaffold import ScaffoldError, new_lesson
from trainer.commands.common import course_languages
from trainer.course import validate, yamlmarks
from trainer.course.diagnostics import Report
from trainer.course.loader import MAX_FILE_BYTES, load_pack
from trainer.course.yamlmarks import YamlError, parse

COURSE = (
    "id: demo\ntitle: Demo\nlanguages: [{languages}]\nmodules:\n  - id: m\n    title: M\n"
    "    lessons: [one]\n"
)


def _course(root: Path, languages: str = "de") -> Path:
    write_pack(root)
    (root / "course.yaml").write_text(COURSE.format(languages=languages), encoding="utf-8")
    return root


# §8: course.yaml read before the loader ---------------------------------------------------------


def test_the_language_of_a_sound_pack_is_still_read(tmp_path: Path) -> None:
    _course(tmp_path, "de, fr")
    assert course_languages(str(tmp_path)) == ["de", "fr"]
    assert _first_language(tmp_path) == "de"


def test_course_yaml_linked_out_of_the_pack_is_not_read_for_the_language(tmp_path: Path) -> None:
    pack = _course(tmp_path / "pack")
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(COURSE.format(languages="de"), encoding="utf-8")
    (pack / "course.yaml").unlink()
    (pack / "course.yaml").symlink_to(outside)
    assert course_languages(str(pack)) == []
    assert _first_language(pack) is None


def test_course_yaml_larger_than_a_pack_file_is_not_read_for_the_language(tmp_path: Path) -> None:
    pack = _course(tmp_path)
    text = COURSE.format(languages="de") + "#" * MAX_FILE_BYTES + "\n"
    (pack / "course.yaml").write_text(text, encoding="utf-8")
    assert course_languages(str(pack)) == []
    assert _first_language(pack) is None


def test_an_alias_bomb_in_languages_is_refused_by_the_node_limit(tmp_path: Path) -> None:
    # 9**6 = 531,441 languages once expanded: past the loader's 400,000 values.
    levels = ["a0: &a0 [de, de, de, de, de, de, de, de, de]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 6)]
    pack = _course(tmp_path)
    text = (
        "bomb:\n"
        + "".join(f"  {line}\n" for line in levels)
        + COURSE.format(languages="de").replace("[de]", "*a5")
    )
    (pack / "course.yaml").write_text(text, encoding="utf-8")
    assert course_languages(str(pack)) == []


def test_a_course_yaml_link_to_dev_zero_is_refused_unread(tmp_path: Path) -> None:
    pack = _course(tmp_path)
    (pack / "course.yaml").unlink()
    (pack / "course.yaml").symlink_to("/dev/zero")
    assert course_languages(str(pack)) == []


def _trainer(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,  # a backstop: before the fix this never returned
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_course_yaml_gives_a_diagnostic_not_a_hang(tmp_path: Path) -> None:
    pack = _course(tmp_path / "pack")
    (pack / "course.yaml").unlink()
    os.mkfifo(pack / "course.yaml")
    done = _trainer("--course", str(pack), "progress", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "course.yaml" in done.stderr


def test_scaffolding_reads_course_yaml_under_the_limits(tmp_path: Path) -> None:
    pack = _course(tmp_path / "pack")
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(COURSE.format(languages="de"), encoding="utf-8")
    (pack / "course.yaml").unlink()
    (pack / "course.yaml").symlink_to(outside)
    with pytest.raises(ScaffoldError, match="symbolic link leading out of the pack"):
        new_lesson(pack, "second")
    assert outside.read_text(encoding="utf-8") == COURSE.format(languages="de")  # never rewritten


# §9: aliases are built and checked once, and their expanded text is bounded -----------------------


class _CountingSearch:
    """Stands for `CONTROLS`: counts the characters it is asked to search."""

    def __init__(self, pattern) -> None:
        self.pattern = pattern
        self.searched = 0

    def search(self, text: str, *args):
        self.searched += len(text)
        return self.pattern.search(text, *args)


def test_an_aliased_string_is_searched_for_controls_once(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _CountingSearch(yamlmarks.CONTROLS)
    monkeypatch.setattr(yamlmarks, "CONTROLS", counting)
    long = "a" * 10_000
    references = 500
    text = f'anchor: &s "\\e{long}"\nitems:\n' + "".join("  - *s\n" for _ in range(references))
    parsed = parse(text)
    assert len(parsed.value["items"]) == references
    # Once in the whole text (could any value hold a control?), once in the string: not 500 times.
    assert counting.searched <= 2 * len(text)
    assert len(parsed.controls) == 1  # the escape is reported once, where it is written


def test_an_alias_is_the_same_value_not_a_copy() -> None:
    value = parse("a: &x {k: [1, 2]}\nb: *x\nc: [*x, *x]\n").value
    assert value["b"] is value["a"] and value["c"][0] is value["a"]


def test_aliases_still_count_what_they_expand_to_against_the_node_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlmarks, "MAX_NODES", 1_000)
    text = "a: &a [" + ", ".join(["x"] * 100) + "]\nb: [" + ", ".join(["*a"] * 20) + "]\n"
    with pytest.raises(YamlError, match="expands to more than 1,000 values"):
        parse(text)


def test_aliases_to_a_long_string_are_bounded_by_the_expanded_text() -> None:
    # 200 references to 100 kB: a 100 kB file that is 20 MB for whatever reads its values.
    text = f'anchor: &s "{"a" * 100_000}"\nitems:\n' + "".join("  - *s\n" for _ in range(200))
    with pytest.raises(YamlError, match="expands to more than 16 MB of text") as raised:
        parse(text)
    assert raised.value.mark == yamlmarks.Mark(1, 9)  # at the string referred to too often


def test_aliases_cannot_nest_past_the_depth_limit() -> None:
    # Each level is 10 lists deep, and refers to the level before: 10 × 8 = 80 levels.
    lines = ["l0: &l0 " + "[" * 10 + "x" + "]" * 10]
    lines += [f"l{i}: &l{i} " + "[" * 10 + f"*l{i - 1}" + "]" * 10 for i in range(1, 8)]
    with pytest.raises(YamlError, match="nests deeper than 64 levels"):
        parse("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    "text",
    ["a: " + "[" * 50_000 + "]" * 50_000 + "\n", "- " * 50_000 + "x\n", "? " * 50_000 + "x\n"],
    ids=["flow", "compact sequences", "complex keys"],
)
def test_tens_of_thousands_of_levels_are_refused_before_libyaml_composes_them(text: str) -> None:
    # LibYAML's composer recursed in C on these and crashed the process (a segmentation fault).
    with pytest.raises(YamlError, match="nests deeper than 64 levels"):
        parse(text)


# §9: the translation check is linear --------------------------------------------------------------


class _CountedId(str):
    """A question id that counts how often it is compared."""

    comparisons = 0

    def __eq__(self, other: object) -> bool:
        _CountedId.comparisons += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def _bilingual_quiz(root: Path, count: int) -> Path:
    write_pack(root)
    (root / "course.yaml").write_text(
        "id: demo\ntitle: Demo\nlanguages: [fr, en]\nmodules:\n  - id: m\n    title: M\n"
        "    lessons: [one]\n",
        encoding="utf-8",
    )
    for language in ("fr", "en"):
        lesson = (root / "lessons" / "one.md").read_text(encoding="utf-8")
        (root / "lessons" / f"one.{language}.md").write_text(lesson, encoding="utf-8")
        questions = "".join(
            f"  - {{id: q{n}, type: true_false, prompt: P, answer: true, explanation: E}}\n"
            for n in range(count)
        )
        (root / "quizzes" / f"one.{language}.yaml").write_text(
            f"title: Quiz\nquestions:\n{questions}", encoding="utf-8"
        )
    (root / "lessons" / "one.md").unlink()
    return root


def test_the_translation_check_compares_each_question_a_bounded_number_of_times(
    tmp_path: Path,
) -> None:
    count = 2_000
    pack, report = load_pack(_bilingual_quiz(tmp_path, count))
    assert pack is not None and not report.has_errors, report.sorted()[:3]
    original, translation = (pack.quizzes[language]["one"] for language in ("fr", "en"))

    def counted(quiz):
        questions = tuple(records.replace(q, id=_CountedId(q.id)) for q in quiz.questions)
        return records.replace(quiz, questions=questions)

    original, translation = counted(original), counted(translation)
    _CountedId.comparisons = 0
    checked = Report()
    validate._same_quiz(pack, checked, original, translation)
    assert not checked.diagnostics
    # Linear: a few comparisons a question. The list lookups it replaces made count² / 2
    # (2 million).
    assert _CountedId.comparisons <= 10 * count
