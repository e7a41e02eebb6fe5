"""Every fixed text of the simulated CLI shell, in one place, each with its REFERENCE.md section.

Texts are in display form ("\\n" line ends); the server converts to CRLF on the wire (§3.1).
"""

from __future__ import annotations

from datetime import datetime

VRP5 = "vrp5"
VRP8 = "vrp8"
PLATFORMS = (VRP5, VRP8)

# §2.2: reply to `screen-length 0 temporary` (VRP8/CE [REAL]; VRP5 same line on most builds).
SCREEN_LENGTH_INFO = (
    "Info: The configuration takes effect on the current user terminal interface only."
)

# §1 table, "Enter system view banner".
SYSTEM_VIEW_BANNER = {
    VRP5: "Enter system view, return user view with Ctrl+Z.",
    VRP8: "Enter system view, return user view with return command.",
}

# The §2.4 command errors (`Unrecognized …`, `Incomplete …`) are the model's own texts:
# vrpgen.vrp.error_message. What stays here belongs to the shell (dialogs, banners, version).

# §2.3 save dialogs: S-series VRP5 variant with `Continue? [Y/N]:` and the NE40E VRP8 transcript;
# both match netmiko's `(?:[Cc]ontinue\?|[\]>])` (§5.2 save_config).
SAVE_QUESTION = {
    VRP5: "Warning: The current configuration will be written to the device. Continue? [Y/N]:",
    VRP8: (
        "Warning: all configuration will be written to the device.\n"
        "Are you sure to continue?[Y/N]"
    ),
}
SAVE_DONE = {
    VRP5: (
        "Now saving the current configuration to the slot 1.\n"
        "Info: Save the configuration successfully."
    ),
    VRP8: "Now saving all configuration to the slot 1\nInfo: Save the configuration successfully.",
}

# §2.6: first login with the factory password (the `initial_password` fault).
PASSWORD_CHANGE = (
    "Warning: The initial password poses security risks.\n"
    "The password needs to be changed. Change now? [Y/N]:"
)

# §2.5: an Enter without an answer.
YN_REPEAT = "Error: Please choose 'YES' or 'NO' first before pressing 'Enter'. [Y/N]:"

# §1.1: leaving system view with an uncommitted candidate (VRP8).
UNCOMMITTED_QUESTION = (
    "Warning: Uncommitted configurations found, commit them before exiting?"
    " [Y(yes)/N(no)/C(cancel)]:"
)
YNC_REPEAT = "Error: Please choose 'YES', 'NO' or 'CANCEL' first before pressing 'Enter'. [Y/N/C]:"

# §1.1 / §5.2: netmiko's HuaweiVrpv8SSH.commit() treats this marker as a failed commit.
COMMIT_FAILED = "Error: Failed to generate committed config. Commit failed."

# §6.12: the message a busy VRP8 device gives; the default text of the `error` fault.
BUSY_ERROR = "Error: The system is busy in building configuration."

# §1 display version lines. The product strings are the ones quoted in REFERENCE.md §1.
VERSION_LINES = {
    VRP5: (
        "VRP (R) software, Version 5.170 (S7700 V200R010C00SPC600)",
        "Copyright (C) 2000-2018 HUAWEI TECH CO., LTD",
        "HUAWEI S7700",
    ),
    VRP8: (
        "VRP (R) software, Version 8.180 (NE40E V800R011C00SPC200)",
        "Copyright (C) 2012-2018 Huawei Technologies Co., Ltd.",
        "HUAWEI NE40E",
    ),
}


def display_version(platform: str, uptime_s: float) -> str:
    """`display version`: first line is fixed, the Version line tells VRP5 from VRP8 (§1)."""
    version, copyright_line, product = VERSION_LINES[platform]
    minutes = int(uptime_s // 60)
    weeks, rest = divmod(minutes, 7 * 24 * 60)
    days, rest = divmod(rest, 24 * 60)
    hours, mins = divmod(rest, 60)
    return "\n".join(
        (
            "Huawei Versatile Routing Platform Software",
            version,
            copyright_line,
            f"{product} uptime is {weeks} week, {days} day, {hours} hour, {mins} minute",
        )
    )


def login_banner(platform: str, users: int, now: datetime, last: datetime | None) -> str:
    """§2.6 login banners (VRP5 and VRP8/CE forms); no `]`, `>` or `Change now` in them (§5.3.2)."""
    if platform == VRP5:
        return (
            "Info: The max number of VTY users is 10, and the number\n"
            f"      of current VTY users on line is {users}.\n"
            f"      The current login time is {now:%Y-%m-%d %H:%M:%S}."
        )
    lines = [
        f"Info: The max number of VTY users is 8, the number of current VTY users online is "
        f"{users}, and total number of terminal users is {users}.",
        f"      The current login time is {now:%Y-%m-%d %H:%M:%S}+00:00.",
    ]
    if last is not None:
        lines.append(
            f"      The last login time is {last:%Y-%m-%d %H:%M:%S}+00:00"
            " from 127.0.0.1 through SSH."
        )
    return "\n".join(lines)
