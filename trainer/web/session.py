"""One browser tab's session: the `trainer` process it runs, started without a shell.

textual-serve runs one shell command for every tab (`create_subprocess_shell`). Here each session
has its own command (the account's data folder), so it is run as a list of arguments
(`create_subprocess_exec`) and the account goes in the environment: nothing an account's name
holds can reach a shell.

`PlainSession` serves plain mode, which is not a Textual app: it runs on a pseudo-terminal, whose
line discipline (the kernel's) echoes what is typed, handles backspace and turns Enter into a
line, as a terminal does; its bytes go to xterm.js as they come.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
import struct
import termios
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

APP_STOP_SECONDS = 10
"""How long a session's process has to quit once told to, before it is killed."""
_KILL_LINE, _END_OF_INPUT = b"\x15", b"\x04"
"""The line discipline's Ctrl+U and Ctrl+D: drop a half-typed line, then end the input."""


class TrainerSession(AppService):
    """textual-serve's session, running `argv` (no shell) with `environment` added to its own."""

    def __init__(
        self,
        argv: Sequence[str],
        environment: Mapping[str, str],
        account: str | None,
        **options: Any,
    ) -> None:
        super().__init__(" ".join(argv), **options)
        self.argv = list(argv)
        self.environment = dict(environment)
        self.account = account
        """The account the session is for; None when the server has no sign-on."""

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment.update(self.environment)
        return environment

    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width, height),
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process


def _set_size(fd: int, width: int, height: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))


class PlainSession:
    """Plain mode in a browser tab, on a pseudo-terminal: what textual-serve's server asks of a
    session (start, stop, keys, size), without Textual's protocol."""

    def __init__(
        self,
        argv: Sequence[str],
        environment: Mapping[str, str],
        account: str | None,
        *,
        write_bytes: Callable[[bytes], Awaitable[Any]],
        write_str: Callable[[str], Awaitable[Any]],
        close: Callable[[], Awaitable[Any]],
        download_manager: DownloadManager,
        debug: bool = False,
    ) -> None:
        self.app_service_id = uuid.uuid4().hex
        self.argv = list(argv)
        self.environment = dict(environment)
        self.account = account
        self.remote_write_bytes = write_bytes
        self.remote_close = close
        self._process: asyncio.subprocess.Process | None = None
        self._terminal: int | None = None
        """The pseudo-terminal's master side: what the process writes is read here."""
        self._task: asyncio.Task[None] | None = None

    async def start(self, width: int, height: int) -> None:
        """Start plain mode on a new pseudo-terminal of the browser's size."""
        master, slave = os.openpty()
        _set_size(slave, width, height)
        environment = {
            **os.environ,
            **self.environment,
            "TERM": "xterm-256color",
            "COLUMNS": str(width),
            "LINES": str(height),
        }
        try:
            self._process = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=environment,
                start_new_session=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)  # the process holds it now: its end closes the terminal
        self._terminal = master
        self._task = asyncio.create_task(self._forward_output())

    async def _forward_output(self) -> None:
        """What the process writes, to the browser, until it exits; then close the tab's session."""
        assert self._terminal is not None
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        # A duplicate for reading: the transport closes its file, and keys are written on the other.
        pipe = os.fdopen(os.dup(self._terminal), "rb", buffering=0)
        transport, _protocol = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), pipe
        )
        try:
            while data := await reader.read(65536):
                await self.remote_write_bytes(data)
        except (OSError, ConnectionError):
            pass  # EIO: the process has exited and the terminal is gone; or the browser went
        finally:
            transport.close()
        with contextlib.suppress(ConnectionError, RuntimeError):
            await self.remote_close()

    async def send_bytes(self, data: bytes) -> bool:
        """Type `data` on the terminal, as keys."""
        if self._terminal is None:
            return False
        while data:
            try:
                written = os.write(self._terminal, data)
            except BlockingIOError:
                await asyncio.sleep(0.01)  # the terminal's input buffer is full: let it read
                continue
            except OSError:
                return False
            data = data[written:]
        return True

    async def set_terminal_size(self, width: int, height: int) -> None:
        """The browser's terminal changed size: so does the pseudo-terminal (the process is told by
        SIGWINCH)."""
        if self._terminal is not None:
            with contextlib.suppress(OSError):
                _set_size(self._terminal, width, height)

    async def blur(self) -> None:
        """Nothing to do: plain mode has no focus."""

    async def focus(self) -> None:
        """Nothing to do: plain mode has no focus."""

    async def send_meta(self, data: dict) -> bool:
        """Plain mode takes no Textual messages."""
        return False

    async def stop(self) -> None:
        """End plain mode's input (it says the answers are saved and exits), wait, then kill."""
        process = self._process
        if process is not None and process.returncode is None:
            await self.send_bytes(_KILL_LINE + _END_OF_INPUT)
            try:
                await asyncio.wait_for(process.wait(), APP_STOP_SECONDS)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                await process.wait()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._terminal is not None:
            os.close(self._terminal)
            self._terminal = None
