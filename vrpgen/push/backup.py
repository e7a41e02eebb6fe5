"""Read the running configuration of many devices in parallel; one failure stays with its device."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from vrpgen.errors import VrpgenError
from vrpgen.files import write_atomic
from vrpgen.push.targets import Credentials, Target

Fetch = Callable[[Target, Credentials], str]


@dataclass(frozen=True, slots=True)
class BackupResult:
    device: str
    path: Path | None  # written file, or None when the device failed
    lines: int
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None


def backup(targets: Sequence[Target], credentials: Credentials, out_dir: Path, fetch: Fetch,
           workers: int = 8, on_done: Callable[[BackupResult], None] | None = None,
           ) -> list[BackupResult]:
    """Write OUT/<device>.cfg for each device that answered; never a partial file. Each
    device's file is atomic on its own (one device's failure does not undo another's)."""

    stop = threading.Event()  # set on an interrupt: devices not yet started are not read

    def one(target: Target) -> BackupResult:
        if stop.is_set():
            return BackupResult(target.name, None, 0, "not read: interrupted")
        try:
            text = fetch(target, credentials)
            path = out_dir / f"{target.name}.cfg"
            write_atomic(path, text if text.endswith("\n") else text + "\n")
            result = BackupResult(target.name, path, text.count("\n") + 1, None)
        except VrpgenError as exc:
            result = BackupResult(target.name, None, 0, str(exc))
        except BaseException:
            stop.set()
            raise
        if on_done is not None:
            on_done(result)
        return result

    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
        futures = [pool.submit(one, target) for target in targets]
        return [future.result() for future in futures]
    except BaseException:  # Ctrl-C: devices not started are not read; those running finish
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)  # their atomic write (no temp is left)
        raise
    finally:
        pool.shutdown(wait=True)
