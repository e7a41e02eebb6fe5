"""Secrets for the device side, filled in at push time, in memory, never written anywhere.

The rendered configuration names a secret as `${VARIABLE}` (vrpgen.placeholders); here it is
replaced by the variable's value just before the line is sent, and only where the renderer puts
one: as the whole secret argument of a password command the VRP model knows (a spec marked
`secret`, vrpgen.vrp.secrets.secret_span: `peer X password cipher ${VAR}`, REFERENCE §4.9).

Anywhere else a `${...}` is text the user wrote (a description, a name) and is sent as that
literal text: filling it would carry an environment value (the SSH password itself, with
`${VRPGEN_PASSWORD}` in a description) into the device's configuration, where every later
`display current-configuration` shows it in clear. Left literal rather than refused: the plan
showed that text, so the device gets exactly what was reviewed, and a later plan is empty.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from vrpgen.errors import PushError
from vrpgen.placeholders import PLACEHOLDER
from vrpgen.push.targets import CREDENTIAL_VARIABLES
from vrpgen.vrp.secrets import secret_span

# A value with a space, a line break or `?` would end the command early, start another one or
# open the CLI's help: refused before anything is sent.
_UNSAFE = re.compile(r"[\s?\x00-\x1f\x7f]")


def fill_secrets(text: str, environ: Mapping[str, str]) -> str:
    """Replace each `${NAME}` that is the whole secret of a password command by environ[NAME];
    every other `${...}` stays as written. PushError (naming the variable and the line, never
    the value) when one is unset or unsafe, names the login credentials, or is only part of a
    secret, so that nothing half-filled is sent."""
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines):
        if "${" in line:
            lines[n] = _fill_line(line, n + 1, environ)
    return "".join(lines)


def _fill_line(line: str, number: int, environ: Mapping[str, str]) -> str:
    body = line.rstrip("\r\n")
    span = secret_span(body)
    if span is None:
        return line  # not a password position: literal text
    start, end = span
    found = PLACEHOLDER.fullmatch(body[start:end])
    if found is None:
        if PLACEHOLDER.search(body[start:end]):
            raise PushError(f"line {number}: a password placeholder must be the whole secret "
                            "(`password cipher ${VARIABLE}`), not part of it")
        return line
    name = found.group(1)
    if name in CREDENTIAL_VARIABLES:
        raise PushError(f"line {number}: {name} holds the SSH login; it is never sent to a "
                        "device as a configured password")
    secret = environ.get(name)
    if not secret:
        raise PushError(f"environment variable {name} is not set (BGP password)")
    if _UNSAFE.search(secret):
        raise PushError(f"environment variable {name} holds a space, line break, control "
                        "character or '?': it cannot be sent as one VRP command")
    return body[:start] + secret + body[end:] + line[len(body):]


def filled_values(intended: str, environ: Mapping[str, str]) -> list[str]:
    """The values push may fill into this config's commands: hidden in every text kept
    (results, logs, the audit trail)."""
    values = []
    for line in intended.splitlines():
        span = secret_span(line.strip())
        if span is None:
            continue
        found = PLACEHOLDER.fullmatch(line.strip()[span[0]:span[1]])
        if found is not None and environ.get(found.group(1)):
            values.append(environ[found.group(1)])
    return sorted(set(values), key=len, reverse=True)
