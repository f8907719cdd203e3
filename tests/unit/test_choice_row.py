"""A choice row can be drawn before its parts are mounted (a race the monkey found under load)."""

from textual.app import App, ComposeResult
from textual.content import Content

from trainer.tui.widgets.choice_row import ChoiceRow


async def test_a_row_drawn_before_its_parts_are_mounted_shows_them() -> None:
    row = ChoiceRow(1)
    row.show(Content("[ ]"), Content("Le flux"))

    class Rows(App[None]):
        def compose(self) -> ComposeResult:
            yield row

    async with Rows().run_test() as pilot:
        await pilot.pause()
        assert "Le flux" in str(row._text.render())
        row.show(Content("[x]"), Content("Le stock"))
        await pilot.pause()
        assert "Le stock" in str(row._text.render())
