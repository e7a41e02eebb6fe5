"""One simulated device: its platform, running configuration, saved configuration and counters.

The running config is shared by every session of the device. VRP5 sessions edit it directly (each
command takes effect at once); VRP8 sessions edit a private candidate and swap it in on commit
(REFERENCE §1, §1.1).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from vrpgen.sim.engine import ApplierFactory, ConfigApplier
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
    # the model or family (vrp/models.py): the applier refuses and displays as it does;
    # None: the platform's generic rules
    model: str | None = None
    saved: str | None = None
    commits: int = 0
    logins: int = 0
    sessions: int = 0
    last_login: datetime | None = None
    started: float = field(default_factory=time.monotonic)
    # VRP8 `commit trial N` (§1.1): the config to go back to and when, unless confirmed
    trial_previous: Config | None = None
    trial_deadline: float | None = None
    rollbacks: int = 0
    _text: str | None = None

    @classmethod
    def from_text(
        cls, name: str, platform: str, text: str, applier: ApplierFactory = Applier,
        model: str | None = None,
    ) -> Device:
        if platform not in PLATFORMS:
            raise ValueError(f"{name}: unknown platform {platform!r} (expected vrp5 or vrp8)")
        device = cls(name=name, platform=platform, running=parse(text), applier=applier,
                     model=model)
        device.saved = device.running_text()
        return device

    def new_applier(self, config: Config) -> ConfigApplier:
        """An applier on a copy of `config`, following the device's model when it has one."""
        if self.model is None:
            return self.applier(config, self.platform)
        return self.applier(config, self.platform, self.model)

    # -- running configuration -------------------------------------------------------------

    def running_text(self) -> str:
        """`display current-configuration` text (display form, "\\n" line ends); cached."""
        self.expire_trial()
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

    def commit_trial(self, candidate: Config, seconds: int) -> int:
        """`commit trial N`: commit now, go back to the config before the first pending trial
        when N seconds pass without a confirming `commit` (§1.1; the timer runs on the device,
        so it survives the session that started it)."""
        self.expire_trial()
        if self.trial_previous is None:
            self.trial_previous = self.running
        self.trial_deadline = time.monotonic() + seconds
        return self.commit(candidate)

    def confirm_trial(self) -> bool:
        """A plain `commit` while a trial runs keeps the trial's config [UNVERIFIED, §1.1]."""
        pending = self.trial_previous is not None
        self.trial_previous = self.trial_deadline = None
        return pending

    def abort_trial(self) -> bool:
        """`abort trial` (§1.1): back to the config before the trial, now."""
        if self.trial_previous is None:
            return False
        self.trial_deadline = 0.0
        self.expire_trial()
        return True

    def expire_trial(self) -> None:
        """Roll a trial back when its time is up (checked whenever the device is looked at)."""
        if self.trial_deadline is None or time.monotonic() < self.trial_deadline:
            return
        previous = self.trial_previous
        self.trial_previous = self.trial_deadline = None
        if previous is not None:
            self.running = previous
            self._text = None
            self.rollbacks += 1

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
