"""Read the running configuration of many devices in parallel; one failure stays with its device."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vrpgen.errors import VrpgenError
from vrpgen.files import write_atomic
from vrpgen.push.targets import Credentials, Target
from vrpgen.vrp import fingerprint, normalise, parse

log = logging.getLogger("vrpgen.backup")

Fetch = Callable[[Target, Credentials], str]


@dataclass(frozen=True, slots=True)
class BackupResult:
    device: str
    path: Path | None  # written file, or None when the device failed
    lines: int
    error: str | None
    bytes: int = 0
    fingerprint: str | None = None  # of the config read: what a plan from it will carry
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (docs/schemas/backup.schema.json)."""
        return {"device": self.device, "result": "ok" if self.ok else "failed", "ok": self.ok,
                "path": str(self.path) if self.path is not None else None,
                "lines": self.lines, "bytes": self.bytes, "fingerprint": self.fingerprint,
                "error": self.error, "duration_s": round(self.duration, 3)}


def config_fingerprint(text: str, platform: str) -> str | None:
    """The fingerprint vrp.plan gives this running config (None if it does not parse)."""
    try:
        return fingerprint(normalise(parse(text), platform), platform)
    except VrpgenError:
        return None


def backup(targets: Sequence[Target], credentials: Credentials, out_dir: Path, fetch: Fetch,
           workers: int = 8, on_done: Callable[[BackupResult], None] | None = None,
           ) -> list[BackupResult]:
    """Write OUT/<device>.cfg for each device that answered; never a partial file. Each
    device's file is atomic on its own (one device's failure does not undo another's)."""

    stop = threading.Event()  # set on an interrupt: devices not yet started are not read

    def one(target: Target) -> BackupResult:
        if stop.is_set():
            return BackupResult(target.name, None, 0, "not read: interrupted")
        start = time.monotonic()
        try:
            text = fetch(target, credentials)
            text = text if text.endswith("\n") else text + "\n"
            path = out_dir / f"{target.name}.cfg"
            write_atomic(path, text)
            result = BackupResult(target.name, path, text.count("\n"), None,
                                  len(text.encode()), config_fingerprint(text, target.platform),
                                  time.monotonic() - start)
        except VrpgenError as exc:
            result = BackupResult(target.name, None, 0, str(exc),
                                  duration=time.monotonic() - start)
        except BaseException:
            stop.set()
            raise
        log.info("%s: %s in %.1f s", target.name, "read" if result.ok else "failed",
                 result.duration)
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
