"""Ship the bundled course inside the wheel.

The repo is itself a course pack: course.yaml, lessons/ and quizzes/ sit at its top, where a
trainer who forks it expects them. Building copies them into `trainer/bundled/`, where
`trainer.locations.bundled_course()` finds them after `pip install .`. An editable install reads
them in place instead.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
COURSE = ("course.yaml", "lessons", "quizzes")


class BuildWithCourse(build_py):
    """build_py that also copies the bundled course into the package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "trainer" / "bundled"
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for name in COURSE:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(source, target / name)
            elif source.is_file():
                shutil.copy2(source, target / name)


setup(cmdclass={"build_py": BuildWithCourse})
