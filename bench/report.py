"""The results as a table for the terminal and as bench/RESULTS.md."""

from __future__ import annotations

from collections.abc import Sequence

from bench.timing import Figure


def _number(value: float, unit: str) -> str:
    if unit == "ms" and value < 10:
        return f"{value:.2f} {unit}"
    return f"{value:,.1f} {unit}" if value < 1000 else f"{value:,.0f} {unit}"


def _verdict(figure: Figure) -> str:
    if figure.met is None:
        return "(information)"
    return "met" if figure.met else "**missed**"


def rows(figures: Sequence[Figure]) -> list[list[str]]:
    """One row a figure: name, trainer, baseline, ratio, target, verdict."""
    return [
        [
            figure.name,
            _number(figure.value, figure.unit),
            f"{_number(figure.baseline, figure.unit)} — {figure.baseline_name}",
            f"{figure.ratio:.2f}×",
            f"≤ {figure.target:g}×" if figure.target is not None else "—",
            _verdict(figure),
        ]
        for figure in figures
    ]


HEADINGS = ["figure", "trainer", "baseline in the same run", "ratio", "target", ""]


def render_table(figures: Sequence[Figure]) -> str:
    """The table as Markdown, which also reads well in a terminal."""
    lines = ["| " + " | ".join(HEADINGS) + " |", "|" + "|".join("---" for _ in HEADINGS) + "|"]
    lines += ["| " + " | ".join(cells).replace("**", "") + " |" for cells in rows(figures)]
    return "\n".join(lines)


def render_markdown(
    figures: Sequence[Figure],
    machine: list[tuple[str, str]],
    command: str,
    elapsed: float,
    repeats: dict[str, int],
    notes: str,
) -> str:
    """RESULTS.md: the machine, the table, how it was measured, and the notes on each miss."""
    lines = [
        "# Benchmarks: results",
        "",
        f"Written by `{command}` (run from the checkout with the project's venv), in "
        f"{elapsed:.0f} s. Every figure is the median of interleaved repeats, after a warm-up "
        "round, divided by the median of its baseline measured in the same run.",
        "",
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in machine],
        "",
        "## Figures",
        "",
        "| " + " | ".join(HEADINGS) + " |",
        "|" + "|".join("---" for _ in HEADINGS) + "|",
        *["| " + " | ".join(cells) + " |" for cells in rows(figures)],
        "",
        "Repeats (after one warm-up round): "
        + ", ".join(f"{name} {count}" for name, count in repeats.items())
        + ".",
        "",
    ]
    if notes:
        lines += [notes.rstrip(), ""]
    return "\n".join(lines)
