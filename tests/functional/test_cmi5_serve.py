"""`trainer serve --cmi5-lms`: what it needs, said before anything is served (exit 2)."""

from __future__ import annotations

import pytest

from tests.helpers.packs import BILINGUAL
from trainer.cli import main


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--cmi5-lms", "https://lms.example.org/"], "--cmi5-lms needs --data-root"),
        (["--cmi5-lms", "lms.example.org", "--data-root", "{root}"], "--cmi5-lms takes"),
        (
            ["--cmi5-lms", "https://lms.example.org/", "--data-root", "{root}", "--data-dir", "x"],
            "--data-dir and --learner do not apply",
        ),
    ],
)
def test_cmi5_launches_need_a_data_root_and_an_lms_address(tmp_path, capsys, extra, said):
    arguments = [a.replace("{root}", str(tmp_path / "root")) for a in extra]
    code = main(["serve", "--course", str(BILINGUAL), "--lang", "en", "--port", "0", *arguments])
    assert code == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
