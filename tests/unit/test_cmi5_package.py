"""`trainer cmi5 package`: the cmi5 course structure, valid against the spec's XSD, in a zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema

from tests.helpers.builders import make_course, make_lesson, make_quiz
from tests.helpers.packs import BILINGUAL
from trainer.cli import main
from trainer.cmi5.structure import (
    NAMESPACE,
    StructureError,
    course_package,
    course_structure,
    mastery_score,
)
from trainer.course.loader import load_pack
from trainer.course.model import TrueFalse
from trainer.xapi.sync import courses_of

XSD = Path(__file__).resolve().parent.parent / "helpers" / "cmi5" / "CourseStructure.xsd"
NS = {"c": NAMESPACE}
BASE = "https://formation.example.org/trainer"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(XSD)


def test_the_bilingual_pack_makes_a_valid_structure_with_one_au_per_module(schema):
    courses = courses_of(load_pack(BILINGUAL)[0])
    xml = course_structure(courses, BASE + "/")
    schema.validate(xml.decode("utf-8"))
    root = ElementTree.fromstring(xml)
    course = root.find("c:course", NS)
    assert course.get("id") == f"{BASE}/courses/demo"
    titles = {s.get("lang"): s.text for s in course.findall("c:title/c:langstring", NS)}
    assert titles == {"fr": "Cours de démonstration", "en": "Demo course"}
    aus = root.findall("c:au", NS)
    assert [au.get("id") for au in aus] == [
        f"{BASE}/courses/demo/modules/bases",
        f"{BASE}/courses/demo/modules/suite",
    ]
    assert [au.find("c:url", NS).text for au in aus] == [
        f"{BASE}/cmi5/bases",
        f"{BASE}/cmi5/suite",
    ]
    for au in aus:
        assert au.get("launchMethod") == "OwnWindow"
        assert {s.get("lang") for s in au.findall("c:title/c:langstring", NS)} == {"fr", "en"}
        descriptions = au.findall("c:description/c:langstring", NS)
        assert {s.get("lang") for s in descriptions} == {"fr", "en"}
        assert all(s.text for s in descriptions)
    first = {s.get("lang"): s.text for s in aus[0].findall("c:title/c:langstring", NS)}
    assert first == {"fr": "Les bases", "en": "The basics"}


def test_a_module_with_quizzes_must_be_completed_and_passed_at_the_pass_mark():
    quiz = make_quiz("q", [TrueFalse(id="t", prompt="Yes?")], pass_mark=0.75)
    other = make_quiz("r", [TrueFalse(id="t", prompt="No?")])  # the course's mark, 0.8
    course = make_course(
        {"m": [make_lesson("a", "q"), make_lesson("b", "r")], "n": [make_lesson("c")]},
        [quiz, other],
    )
    assert mastery_score(course, course.modules[0]) == 0.75
    assert mastery_score(course, course.modules[1]) is None
    root = ElementTree.fromstring(course_structure({"en": course}, BASE))
    graded, reading = root.findall("c:au", NS)
    assert graded.get("moveOn") == "CompletedAndPassed"
    assert graded.get("masteryScore") == "0.75"
    # Nothing to pass in a module without a quiz: read it all, and it is satisfied.
    assert reading.get("moveOn") == "Completed"
    assert reading.get("masteryScore") is None


@pytest.mark.parametrize("base", ["", "formation.example.org", "ftp://x.org", "https://"])
def test_a_base_that_is_not_a_web_address_is_refused(base):
    course = make_course({"m": [make_lesson("a")]})
    with pytest.raises(StructureError):
        course_structure({"en": course}, base)


def test_the_command_writes_a_zip_with_cmi5_xml_at_its_root(tmp_path, capsys, schema):
    output = tmp_path / "cours.zip"
    code = main(["cmi5", "package", "--course", str(BILINGUAL), "--url", BASE, "-o", str(output)])
    assert code == 0
    with zipfile.ZipFile(output) as package:
        assert package.namelist() == ["cmi5.xml"]
        schema.validate(package.read("cmi5.xml").decode("utf-8"))
    assert "2" in capsys.readouterr().out


def test_the_command_refuses_a_base_that_is_not_an_address(tmp_path, capsys):
    code = main(
        [
            "cmi5",
            "package",
            "--course",
            str(BILINGUAL),
            "--url",
            "example",
            "-o",
            str(tmp_path / "x.zip"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "--url" in err and "Traceback" not in err
    assert not (tmp_path / "x.zip").exists()


def test_a_package_is_a_zip_of_one_file():
    course = make_course({"m": [make_lesson("a")]})
    with zipfile.ZipFile(io.BytesIO(course_package({"en": course}, BASE))) as package:
        assert package.namelist() == ["cmi5.xml"]
