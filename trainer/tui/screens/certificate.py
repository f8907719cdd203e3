"""The certificate dialog: the name to print, where the PDF goes, its verification code, then the
PDF written with visible progress and the outcome left on screen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Static
from textual.worker import get_current_worker

from trainer.certificate.award import Award, current_award
from trainer.certificate.files import CertificateError, default_file_name, save_award
from trainer.certificate.pdf import long_date, percent
from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.session import Session
from trainer.tui.bindings import translate_bindings
from trainer.tui.messages import LearnerRenamed

FOLDER = "certificates"
"""The folder of the data folder where certificates go unless the learner chooses another path."""


def default_folder(session: Session) -> Path:
    """`certificates/` in the learner's data folder (beside the progress file)."""
    store_path = session.store.path
    return (store_path.parent if store_path is not None else Path()) / FOLDER


class CertificateScreen(ModalScreen[None]):
    """Shows what the certificate will say and writes it where the learner wants."""

    BINDINGS = [Binding("escape", "close", N_("Close"))]
    HELP = N_(
        "The name is printed on the certificate as typed; changing it renames you in trainer, so "
        "the verification code stays checkable with `trainer certificate verify`. Tab moves "
        "between the fields, enter writes the PDF, escape closes."
    )

    def __init__(self, session: Session, award: Award) -> None:
        super().__init__()
        translate_bindings(self)
        self.session = session
        self.award = award
        self.writing = False
        """A PDF is being written: keys that would start another wait."""

    @property
    def served(self) -> bool:
        """Served to an account in a browser: the PDF is written in the account's own folder and
        handed to the browser. A path typed here would be one on the server, anywhere its user may
        write (another account's folder), so there is none to type."""
        return getattr(self.app, "account", None) is not None

    def compose(self) -> ComposeResult:
        award = self.award
        facts = [_("completed on {date}").format(date=long_date(award.completed_on))]
        if award.overall is not None:
            facts.append(_("average score {percent}").format(percent=percent(award.overall)))
        path = default_folder(self.session) / default_file_name(
            self.session.course, self.session.learner
        )
        with Vertical(id="dialog", classes="certificate"):
            yield Static(_("Certificate of completion"), classes="title")
            with VerticalScroll(id="certificate-body"):
                yield Static(
                    Content.assemble((inert(award.course_title), "bold"), "\n", " · ".join(facts))
                )
                yield Label(_("Name printed on the certificate"), classes="field-label")
                yield Input(award.learner, id="certificate-name")
                if not self.served:
                    yield Label(_("PDF file"), classes="field-label")
                    yield Input(str(path), id="certificate-path")
                yield Static("", id="certificate-code")
                yield ProgressBar(
                    total=None, show_eta=False, show_percentage=False, id="certificate-progress"
                )
                yield Static("", id="certificate-outcome")
            with Horizontal(classes="dialog-actions"):
                yield Button(_("Close") + " (" + _("esc") + ")", id="close", compact=True)
                yield Button(_("Write the PDF") + " ⏎", id="write", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#certificate-progress").display = False
        self._show_code(self.award.learner)
        self.query_one("#certificate-name", Input).focus()

    def _typed_name(self) -> str:
        return " ".join(self.query_one("#certificate-name", Input).value.split())

    def _show_code(self, name: str) -> None:
        """The code of the certificate with this name: it is computed over the name, so it changes
        as the name is edited."""
        code = replace(self.award, learner=name).code if name else "—"
        self.query_one("#certificate-code", Static).update(
            Content.assemble((_("Verification code:") + " ", "bold"), code)
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "certificate-name":
            self._show_code(self._typed_name())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    @on(Button.Pressed, "#write")
    def _write_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_write()

    @on(Button.Pressed, "#close")
    def _close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    def _outcome(self, text: str, style: str = "") -> None:
        self.query_one("#certificate-outcome", Static).update(
            Content.styled(text, style) if style else Content(text)
        )

    def _target(self) -> Path | None:
        """The PDF's path as typed: a folder gets the default file name; None (with a message)
        when the folder does not exist, except the default one, which is created. Served to an
        account, always the default one."""
        if self.served:
            folder = default_folder(self.session)
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            return folder / default_file_name(self.session.course, self.session.learner)
        typed = self.query_one("#certificate-path", Input).value.strip()
        if not typed:
            self._outcome(_("Type where to write the PDF."), "$text-error")
            return None
        path = Path(typed).expanduser()
        if path.is_dir() or typed.endswith(("/", "\\")):
            path = path / default_file_name(self.session.course, self.session.learner)
        elif path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")  # a PDF reader finds it only with its suffix
        folder = default_folder(self.session)
        if path.parent == folder:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.parent.is_dir():
            self._outcome(_("no such folder: {path}").format(path=path.parent), "$text-error")
            return None
        return path

    def action_write(self) -> None:
        """Rename the learner if the name was edited, then write the PDF in the background."""
        if self.writing:
            return
        name = self._typed_name()
        if not name:
            self._outcome(_("Please type a name."), "$text-error")
            return
        path = self._target()
        if path is None:
            return
        session = self.session
        if name != session.learner.name:
            try:
                renamed = session.store.rename_learner(session.learner, name)
            except ValueError:
                self._outcome(_("This name is already taken."), "$text-error")
                return
            session.learner = renamed  # the award below is computed for the new name
            self.post_message(LearnerRenamed(renamed))  # the header follows
        award = current_award(session.course, session.store, session.learner)
        if award is None:  # cannot happen once complete; said plainly rather than crash
            self._outcome(_("The course is not complete yet."), "$text-error")
            return
        self.award = award
        self._show_code(award.learner)
        self.writing = True
        self.query_one("#write", Button).disabled = True
        self.query_one("#certificate-progress").display = True
        self._outcome(_("Writing the certificate…"))
        self._write(award, path)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _write(self, award: Award, path: Path) -> None:
        """Draw and save the PDF off the screen's thread (it takes a second or two)."""
        try:
            save_award(award, path, self.session.clock(), self.session.course.language)
        except CertificateError as error:
            message, ok = str(error), False
        else:
            message, ok = str(path.resolve()), True
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._written, message, ok)

    def _written(self, message: str, ok: bool) -> None:
        """Leave the outcome on screen: where the PDF is, and its code."""
        if self not in self.app.screen_stack:  # closed while writing: say it where it will be seen
            self.app.notify(
                _("Certificate written to {path}").format(path=message) if ok else message,
                timeout=15,
            )
            return
        self.writing = False
        self.query_one("#certificate-progress").display = False
        self.query_one("#write", Button).disabled = False
        if ok and self.served:
            # The browser downloads it (textual-serve's download, for this session only).
            self.app.deliver_binary(
                Path(message), open_method="download", mime_type="application/pdf"
            )
            self._outcome(
                "✓ " + _("Certificate written: your browser downloads it."), "$text-success"
            )
            self.query_one("#close", Button).focus()
        elif ok:
            self._outcome(
                "✓ " + _("Certificate written to {path}").format(path=message), "$text-success"
            )
            self.query_one("#close", Button).focus()
        else:
            self._outcome(message, "$text-error")

    def action_close(self) -> None:
        """Close the dialog (a PDF being written is still finished and kept)."""
        self.dismiss(None)
