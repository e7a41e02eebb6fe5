"""Push to many devices at once: one worker per device in flight, results kept per device.

A device's failure or hang stays with it: each has its own session, its own connect and command
timeouts, and its own result; the pool never waits on one device to start another.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from vrpgen.errors import VrpgenError
from vrpgen.push.executor import FAILED, Connect, DeviceResult, Job, Options, push_device
from vrpgen.push.session import DeviceSession, HostKeys
from vrpgen.push.targets import Credentials, Target

log = logging.getLogger("vrpgen.push")


def push_all(jobs: Sequence[Job], credentials: Credentials, options: Options, *,
             workers: int = 8, connect: Connect = DeviceSession,
             on_start: Callable[[str], None] | None = None,
             on_done: Callable[[DeviceResult], None] | None = None) -> list[DeviceResult]:
    """Push every job with up to `workers` devices at once; results in the jobs' order.
    On Ctrl-C, devices not yet started are not touched; those running finish their window
    (a half-sent plan is worse than a late exit)."""
    stop = threading.Event()

    def one(job: Job) -> DeviceResult:
        if stop.is_set():
            return DeviceResult(job.target.name, job.target.platform, FAILED,
                                "not started: interrupted")
        if on_start is not None:
            on_start(job.target.name)
        result = push_device(job, credentials, options, connect)
        if on_done is not None:
            on_done(result)
        return result

    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="push")
    try:
        futures = [pool.submit(one, job) for job in jobs]
        return [future.result() for future in futures]
    except BaseException:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)


def read_all(targets: Sequence[Target], credentials: Credentials, *, workers: int = 8,
             timeout: float = 30.0, host_keys: HostKeys | None = None,
             ) -> tuple[dict[str, str], dict[str, str]]:
    """Each device's running config through a push session (`diff --live`): texts of those
    that answered, errors of those that did not."""

    def one(target: Target) -> tuple[str, str | None, str | None]:
        start = time.monotonic()
        try:
            with DeviceSession(target, credentials, connect_timeout=timeout,
                               command_timeout=timeout, host_keys=host_keys) as session:
                text = session.running_config()
        except VrpgenError as exc:
            log.info("%s: not read in %.1f s", target.name, time.monotonic() - start)
            return target.name, None, str(exc)
        log.info("%s: running config read in %.1f s", target.name, time.monotonic() - start)
        return target.name, text, None

    texts: dict[str, str] = {}
    errors: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for name, text, error in pool.map(one, targets):
            if text is not None:
                texts[name] = text
            else:
                errors[name] = error or "failed"
    return texts, errors
