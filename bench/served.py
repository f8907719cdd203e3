"""Memory of served sessions: `trainer serve` against the bare Textual app served by textual-serve,
with 1, 10 and 20 browser sessions open.

Each side is a real server on 127.0.0.1: `trainer serve --port 0` (the bundled course, a real data
folder, a named learner), and textual-serve's own `Server` running `python -m bench.probe served`,
the bare app of the first-frame figure (Header, Markdown, Footer) kept running. Sessions are
opened as the page opens them: a websocket to `/ws?width=80&height=24` with the page's origin,
speaking textual-serve's protocol; each client reads its session's screen until the app has
drawn it, and keeps reading (so that no app blocks on its output) while memory is measured. A
warm-up round (one session of each side, thrown away) comes first, so that neither side's first
session compiles the modules only a served session imports.

Memory is read from `/proc/PID/smaps_rollup` of every process the server started for a session
(the Python processes among its descendants): its unique memory (USS: private clean + private
dirty pages, what closing that session would give back), its proportional share (PSS: private
pages plus its share of those it shares) and its resident size (RSS). The figure with a target
is the USS of one session, the first one opened (the median over the sessions open when more
are); the totals (PSS of the sessions and of the server together) for 1, 10 and 20 sessions are
shown for information.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.timing import CHECKOUT, Figure, child_environment, python

COUNTS = (1, 10, 20)
START_SECONDS = 60
"""Upper bound for a server to listen, and for one session's app to draw its first screen."""
SETTLE_SECONDS = 2.0
"""How long the sessions run after the last one drew its screen, before memory is read."""
URL = re.compile(rb"http://[^\s;]+:(\d+)")


@dataclass(frozen=True)
class Memory:
    """One process's memory, in KiB."""

    rss: int
    pss: int
    uss: int


def memory_of(pid: int) -> Memory | None:
    """The process's memory from /proc/PID/smaps_rollup; None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    fields = {}
    for line in text.splitlines()[1:]:
        name, _colon, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            fields[name] = int(parts[0])
    return Memory(
        fields.get("Rss", 0),
        fields.get("Pss", 0),
        fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0),
    )


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, from /proc/PID/task/*/children."""
    found: list[int] = []
    pending = [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{current}/task").iterdir():
                with contextlib.suppress(OSError):
                    for child in (task / "children").read_text().split():
                        found.append(int(child))
                        pending.append(int(child))
    return found


def is_python(pid: int) -> bool:
    """True for a Python process (not the shell textual-serve may start it through)."""
    try:
        executable = os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return False
    return "python" in Path(executable).name


class Served:
    """A server running as a child process, in its own process group."""

    def __init__(self, command: list[str], work: Path, name: str, port: int | None = None) -> None:
        self.out = work / f"{name}.out"
        self.err = work / f"{name}.err"
        with self.out.open("wb") as stdout, self.err.open("wb") as stderr:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                env=child_environment(),
                cwd=CHECKOUT,
                start_new_session=True,
            )
        self.port = port if port is not None else self._printed_port()
        self._wait_listening()

    def _printed_port(self) -> int:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            found = URL.search(self.out.read_bytes())
            if found:
                return int(found.group(1))
            self._still_running()
            time.sleep(0.05)
        raise RuntimeError(f"the server printed no address: {self.err.read_text()}")

    def _wait_listening(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            self._still_running()
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            time.sleep(0.05)
        raise RuntimeError(f"the server does not listen on {self.port}: {self.err.read_text()}")

    def _still_running(self) -> None:
        if self.process.poll() is not None:
            raise RuntimeError(
                f"the server exited with {self.process.returncode}: {self.err.read_text()}"
            )

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def sessions(self) -> list[int]:
        """The Python processes the server started for its sessions."""
        return [pid for pid in descendants(self.process.pid) if is_python(pid)]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Reading:
    """The memory of a server's sessions with `count` of them open, in KiB."""

    count: int
    first_uss: int
    """The USS of the first session opened."""
    median_uss: float
    total_pss: int
    """The sessions' PSS and the server's, added."""
    median_rss: float


async def _open_session(origin: str, needle: bytes, readers: list[asyncio.Task]) -> None:
    """One browser session: the handshake, then its screen read until `needle` is drawn; a task
    keeps reading it afterwards."""
    import aiohttp

    client = aiohttp.ClientSession()
    websocket = await client.ws_connect(
        f"{origin}/ws?width=80&height=24", headers={"Origin": origin}, heartbeat=None
    )
    drawn = asyncio.Event()

    async def read() -> None:
        screen = b""
        try:
            async for message in websocket:
                if message.type == aiohttp.WSMsgType.BINARY and not drawn.is_set():
                    screen += message.data
                    if needle in screen:
                        drawn.set()
        finally:
            await client.close()

    readers.append(asyncio.create_task(read()))
    async with asyncio.timeout(START_SECONDS):
        await drawn.wait()


async def _readings(served: Served, needle: bytes, counts: tuple[int, ...]) -> list[Reading]:
    readers: list[asyncio.Task] = []
    readings = []
    first: int | None = None
    try:
        opened = 0
        for count in counts:
            while opened < count:
                await _open_session(served.origin, needle, readers)
                opened += 1
                if first is None:
                    first = served.sessions()[0]
            await asyncio.sleep(SETTLE_SECONDS)
            sessions = served.sessions()
            if len(sessions) != count:
                raise RuntimeError(f"{count} sessions opened, {len(sessions)} processes found")
            memories = [m for m in (memory_of(pid) for pid in sessions) if m is not None]
            server = memory_of(served.process.pid)
            first_memory = memory_of(first) if first is not None else None
            readings.append(
                Reading(
                    count,
                    first_memory.uss if first_memory else 0,
                    statistics.median(m.uss for m in memories),
                    sum(m.pss for m in memories) + (server.pss if server else 0),
                    statistics.median(m.rss for m in memories),
                )
            )
    finally:
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
    return readings


def trainer_readings(
    work: Path, counts: tuple[int, ...] = COUNTS, data: str = "served-data"
) -> list[Reading]:
    """`trainer serve` on the bundled course, a named learner, a real data folder (new: the
    deployment's first start)."""
    served = Served(
        [
            python(),
            "-m",
            "trainer",
            "serve",
            "--port",
            "0",
            "--data-dir",
            str(work / data),
            "--learner",
            "bench",
            "--max-sessions",
            str(max(counts)),
        ],
        work,
        "trainer-serve",
    )
    try:
        # The learner's name in the header: the course map is drawn.
        return asyncio.run(_readings(served, b"bench", counts))
    finally:
        served.stop()


def baseline_readings(
    work: Path, markdown: Path, counts: tuple[int, ...] = COUNTS
) -> list[Reading]:
    """The bare app (Header, Markdown, Footer) served by textual-serve's own Server."""
    port = free_port()
    served = Served(
        [python(), "-m", "bench.served", "serve-baseline", str(port), str(markdown)],
        work,
        "baseline-serve",
        port,
    )
    try:
        # The Markdown's heading is drawn once the app has composed its screen.
        title = markdown.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").split()[0]
        return asyncio.run(_readings(served, title.encode(), counts))
    finally:
        served.stop()


def session_memory(work: Path, counts: tuple[int, ...] = COUNTS) -> list[Figure]:
    """The figures: the USS of one session (target ≤ 1.2× the bare app's), then the totals."""
    from bench.startup import baseline_markdown

    markdown = work / "served-baseline.md"
    markdown.write_text(baseline_markdown(), encoding="utf-8")
    # A warm-up round, as for every figure: one session of each, thrown away. The modules only a
    # served session imports (Textual's web driver and what it needs) are compiled then, and
    # their bytecode cached, as an installed copy has it; without it, the side measured first
    # pays for compiling them in its first session, and the other side does not.
    trainer_readings(work, (1,), data="served-warm-up")
    baseline_readings(work, markdown, (1,))
    trainer = trainer_readings(work, counts)
    baseline = baseline_readings(work, markdown, counts)
    first_trainer, first_baseline = trainer[0], baseline[0]
    figures = [
        Figure(
            "memory unique to one served session (USS), `trainer serve`",
            "the bare Textual app served by textual-serve, the same way",
            first_trainer.first_uss / 1024,
            first_baseline.first_uss / 1024,
            "MiB",
            1.2,
        )
    ]
    for mine, theirs in zip(trainer, baseline, strict=True):
        figures.append(
            Figure(
                f"{mine.count} served session{'s' if mine.count > 1 else ''}: total PSS "
                f"(sessions and server; median session USS {mine.median_uss / 1024:.1f} MiB, "
                f"RSS {mine.median_rss / 1024:.1f} MiB)",
                f"the same for the bare app (median USS {theirs.median_uss / 1024:.1f} MiB, "
                f"RSS {theirs.median_rss / 1024:.1f} MiB)",
                mine.total_pss / 1024,
                theirs.total_pss / 1024,
                "MiB",
                None,
            )
        )
    return figures


def serve_baseline(port: int, markdown: str) -> None:
    """textual-serve's Server running the bare app for each session."""
    from textual_serve.server import Server

    command = f"{sys.executable} -m bench.probe served {markdown}"
    Server(command, host="127.0.0.1", port=port, title="baseline").serve()


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve-baseline"]:
        serve_baseline(int(sys.argv[2]), sys.argv[3])
    else:  # python -m bench.served: the figures alone
        import tempfile

        from bench.timing import use_bytecode_cache

        with tempfile.TemporaryDirectory(prefix="trainer-bench-served-") as folder:
            # As in `python -m bench`: children cache their bytecode (filled by the warm-up).
            use_bytecode_cache(Path(folder) / "bytecode")
            for figure in session_memory(Path(folder)):
                print(
                    f"{figure.name}: {figure.value:.1f} {figure.unit} / {figure.baseline:.1f} "
                    f"{figure.unit} = {figure.ratio:.2f}×"
                )
