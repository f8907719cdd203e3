"""Statements per second of `trainer sync` to a local Ralph LRS (fs backend, 127.0.0.1).

    eval "$(bash .ci/ralph.sh)"; python -m bench.lrs_sync [LEARNERS] [BATCH_SIZE]

Each learner takes the bilingual test pack's course (14 statements); the sync then sends them all.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from tests.conftest import BILINGUAL, FixedClock
from tests.integration.conftest import RalphServer, _ralph_bin
from tests.learner_paths import take_course
from trainer.progress.store import Store
from trainer.quiz.pack_check import check_pack
from trainer.xapi.config import XapiConfig
from trainer.xapi.sync import client_for, courses_of, sync


def main(learners: int = 50, batch_size: int = 50) -> None:
    """Fill a store, start Ralph, time one full sync."""
    binary = _ralph_bin()
    auth = os.environ.get("TRAINER_RALPH_AUTH_FILE")
    if binary is None or not auth:
        sys.exit('run `eval "$(bash .ci/ralph.sh)"` first')
    pack, _ = check_pack(BILINGUAL)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        store = Store.open(home / "progress.sqlite3")
        clock = FixedClock()
        for n in range(learners):
            take_course(store, pack, f"learner {n}", clock)
        server = RalphServer(
            binary,
            home / "ralph",
            Path(auth),
            os.environ["TRAINER_RALPH_USER"],
            os.environ["TRAINER_RALPH_PASSWORD"],
        )
        server.start()
        try:
            os.environ["BENCH_LRS_PASSWORD"] = server.password
            config = XapiConfig(
                endpoint=server.endpoint,
                user=server.user,
                password_env="BENCH_LRS_PASSWORD",
                batch_size=batch_size,
            )
            started = time.perf_counter()
            report = sync(store, courses_of(pack), config, client_for(config))
            elapsed = time.perf_counter() - started
            held = len(server.statements())
        finally:
            server.stop()
        print(
            f"{report.statements} statements in {elapsed:.2f} s: "
            f"{report.statements / elapsed:.0f} statements/s (batches of {batch_size}; LRS holds "
            f"{held}; error: {report.error})"
        )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
