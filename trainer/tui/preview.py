"""`trainer preview`: the app on a pack being written, reloaded whenever one of its files changes.

The preview keeps its progress in memory, never in the learner's store. When the pack has errors
it shows them, `path:line:col` each, and comes back as soon as they are fixed, on the same lesson
or quiz where it still exists.
"""

from __future__ import annotations

from pathlib import Path

from trainer.course.loader import COURSE_FILE, LESSONS_DIR, QUIZZES_DIR, Pack
from trainer.course.media import IMAGES_DIR
from trainer.i18n import _, choose_language
from trainer.inert import inert
from trainer.progress.store import Store
from trainer.quiz.pack_check import check_pack
from trainer.tui.app import TrainerApp

POLL_SECONDS = 0.5
PREVIEW_LEARNER = "preview"

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(root: Path) -> Fingerprint:
    """Every pack file (pictures included) with its modification time and size: a change in any
    of them shows."""
    paths = [
        root / COURSE_FILE,
        *sorted((root / LESSONS_DIR).glob("*")),
        *sorted((root / QUIZZES_DIR).glob("*")),
        *sorted((root / IMAGES_DIR).glob("*")),  # a picture redrawn shows too
    ]
    entries = []
    for path in paths:
        try:
            status = path.stat()
        except OSError:
            continue
        entries.append((str(path), status.st_mtime_ns, status.st_size))
    return tuple(entries)


class PreviewApp(TrainerApp):
    """The app on a pack in the making."""

    def __init__(
        self, root: Path, language: str | None = None, poll: float = POLL_SECONDS, **options
    ) -> None:
        self.root = root
        self.language_flag = language
        self.pack_title: str | None = None
        self.poll = poll
        pack, self.diagnostics = check_pack(root)
        super().__init__(
            self._course(pack), Store.in_memory(), learner_name=PREVIEW_LEARNER, **options
        )
        self.seen = fingerprint(root)
        self.reloads = 0

    def _course(self, pack: Pack | None):
        if pack is not None and pack.titles:
            # Shown in the header even while errors keep the course from opening.
            language = self.language_flag if self.language_flag in pack.titles else None
            self.pack_title = pack.titles[language or next(iter(pack.titles))]
        if pack is None or any(d.blocks_use for d in self.diagnostics):
            return None
        language = (
            self.language_flag
            if self.language_flag in pack.languages
            else choose_language(None, pack.languages)
        )
        return pack.course(language)

    def start(self) -> None:
        """Watch the pack's files; show the course, or its errors."""
        self.set_interval(self.poll, self.check_files)
        if self.course is None:
            self._show_errors()
        else:
            super().start()
        self.sub_title = _("preview")

    def check_files(self) -> None:
        """Reload when a file of the pack changed."""
        current = fingerprint(self.root)
        if current != self.seen:
            self.seen = current
            self.reload()

    def reload(self) -> None:
        """Load the pack again and rebuild the screens, or show its errors."""
        from trainer.tui.screens.pack_errors import PackErrorsScreen

        self.reloads += 1
        pack, self.diagnostics = check_pack(self.root)
        course = self._course(pack)
        if course is None:
            self._show_errors()
            return
        if self.session is None:
            self.course = course
            self.title = inert(course.title)
            while len(self.screen_stack) > 1:
                self.pop_screen()
            learner = self.store.learner_or_new(PREVIEW_LEARNER, self.clock())
            self.begin(learner)
        else:
            self.rebuild(course)
        self.sub_title = _("preview")
        if not isinstance(self.screen, PackErrorsScreen):
            self.notify(_("Reloaded"), timeout=1.5)

    def _show_errors(self) -> None:
        from trainer.tui.screens.pack_errors import PackErrorsScreen

        if self.pack_title:
            self.title = inert(self.pack_title)
        if isinstance(self.screen, PackErrorsScreen):
            self.screen.show(self.diagnostics)
        else:
            self.push_screen(PackErrorsScreen(self.diagnostics))
