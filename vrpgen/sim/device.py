"""One simulated device: its platform, running configuration, saved configuration and counters.

The running config is shared by every session of the device. VRP5 sessions edit it directly (each
command takes effect at once); VRP8 sessions edit a private candidate and swap it in on commit
(REFERENCE §1, §1.1).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from vrpgen.sim.engine import ApplierFactory
from vrpgen.sim.texts import PLATFORMS, VRP5
from vrpgen.vrp import Applier, Config, parse, serialize
from vrpgen.vrp import display as vrp_display

FACTORY_SYSNAME = "HUAWEI"  # §4.1: `undo sysname` → factory name


def factory_config(name: str, platform: str) -> str:
    """A factory-default configuration carrying the device's sysname (display form, §3)."""
    del platform  # same skeleton on both platforms: sysname at column 0 (S-series / VRP8, §4.1)
    return f"#\nsysname {name}\n#\nreturn\n"


@dataclass
class Device:
    """State of one simulated device; safe to use from one event loop only."""

    name: str
    platform: str
    running: Config
    applier: ApplierFactory = Applier  # how sessions run config commands (a stand-in in tests)
    saved: str | None = None
    commits: int = 0
    logins: int = 0
    sessions: int = 0
    last_login: datetime | None = None
    started: float = field(default_factory=time.monotonic)
    _text: str | None = None

    @classmethod
    def from_text(
        cls, name: str, platform: str, text: str, applier: ApplierFactory = Applier
    ) -> Device:
        if platform not in PLATFORMS:
            raise ValueError(f"{name}: unknown platform {platform!r} (expected vrp5 or vrp8)")
        device = cls(name=name, platform=platform, running=parse(text), applier=applier)
        device.saved = device.running_text()
        return device

    # -- running configuration -------------------------------------------------------------

    def running_text(self) -> str:
        """`display current-configuration` text (display form, "\\n" line ends); cached."""
        if self._text is None:
            self._text = serialize(self.running, self.platform)
        return self._text

    def set_running(self, config: Config) -> None:
        """VRP5 immediate mode: the session's edited config is the running config."""
        self.running = config
        self._text = None

    def commit(self, candidate: Config) -> int:
        """Swap a VRP8 candidate in as the running config; returns the commit ID (§1.1)."""
        self.running = candidate.copy()  # the session's applier keeps editing its candidate
        self._text = None
        self.commits += 1
        return 1000000000 + self.commits

    def sysname(self) -> str:
        return vrp_display.sysname(self.running) or FACTORY_SYSNAME

    def save(self) -> None:
        self.saved = self.running_text()

    def uptime(self) -> float:
        return time.monotonic() - self.started

    @property
    def immediate(self) -> bool:
        return self.platform == VRP5

    def login(self) -> datetime | None:
        """Count a login; returns the previous login time (for the VRP8 banner, §2.6)."""
        previous = self.last_login
        self.last_login = datetime.now(UTC).replace(tzinfo=None)
        self.logins += 1
        return previous
