"""The parser of `trainer.cli`: shared options before or after the command, a table of commands."""

from __future__ import annotations

import importlib

import pytest

from trainer.cli import COMMANDS, SHARED_OPTIONS, build_parser, named_command, names_the_app


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "en", "--course", "pack", "--data-dir", "data", "--learner", "Anne", "progress"],
        ["progress", "--lang", "en", "--course", "pack", "--data-dir", "data", "--learner", "Anne"],
        ["--lang", "en", "--data-dir", "data", "progress", "--course", "pack", "--learner", "Anne"],
    ],
)
def test_the_shared_options_count_before_and_after_the_command(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.lang, args.course, args.data_dir, args.learner) == ("en", "pack", "data", "Anne")


@pytest.mark.parametrize("argv", [[], ["validate"], ["quiz", "q", "--answers", "a.yaml"]])
def test_a_shared_option_not_given_is_none(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert all(getattr(args, name) is None for name in SHARED_OPTIONS)


def test_every_command_of_the_parser_has_a_function_to_run_it() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert set(commands) | {None} == set(COMMANDS)
    for module, function in COMMANDS.values():
        assert callable(getattr(importlib.import_module(f"trainer.commands.{module}"), function))


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["quiz", "q", "--answers", "a.yaml", "--json"], "quiz"),
        (["--lang", "fr", "--course=pack", "validate", "pack"], "validate"),
        (["--data-dir", "d", "--learner", "quiz", "progress", "--csv"], "progress"),
        (["--plain", "certificate", "--output", "c.pdf"], "certificate"),
        (["report", "--store", "a.sqlite", "b.sqlite"], "report"),
        (["gift", "export", "pack", "--output", "out.gift"], "gift"),
    ],
)
def test_a_named_command_parses_as_with_the_whole_parser(argv: list[str], command: str) -> None:
    assert named_command(argv) == command
    alone = build_parser(command).parse_args(argv)
    assert vars(alone) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv", [[], ["--help"], ["-h", "quiz"], ["--version"], ["bogus"], ["--la", "fr", "quiz"]]
)
def test_a_command_line_naming_no_command_plainly_gets_the_whole_parser(argv: list[str]) -> None:
    assert named_command(argv) is None


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--plain"],
        ["--lang", "fr", "--data-dir", "d", "--learner", "Ada", "--group", "DRH"],
        ["--course=pack", "--learner=Ada", "--plain"],
    ],
)
def test_a_command_line_that_starts_the_app_parses_as_with_the_whole_parser(
    argv: list[str],
) -> None:
    """The app's start builds no command's parser, and reads its options the same."""
    assert names_the_app(argv)
    alone = build_parser(app=True).parse_args(argv)
    assert vars(alone) == vars(build_parser().parse_args(argv))
    assert alone.command is None


@pytest.mark.parametrize(
    "argv", [["--help"], ["-h"], ["--version"], ["quiz"], ["bogus"], ["--la", "fr"], ["--learn"]]
)
def test_help_a_command_or_an_unknown_word_is_not_the_app_alone(argv: list[str]) -> None:
    assert not names_the_app(argv)
