"""Secrets for the device side, filled in at push time, in memory, never written anywhere.

The rendered configuration names a secret as `${VARIABLE}` (vrpgen.placeholders);
here it is replaced by the variable's value just before the line is sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from vrpgen.errors import PushError
from vrpgen.placeholders import PLACEHOLDER

# A value with a space, a line break or `?` would end the command early, start another one or
# open the CLI's help: refused before anything is sent.
_UNSAFE = re.compile(r"[\s?\x00-\x1f\x7f]")


def fill_secrets(text: str, environ: Mapping[str, str]) -> str:
    """Replace every `${NAME}` by environ[NAME]; PushError (naming the variable, never the
    value) when one is unset or unsafe, so that nothing half-filled is sent."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        secret = environ.get(name)
        if not secret:
            raise PushError(f"environment variable {name} is not set (BGP password)")
        if _UNSAFE.search(secret):
            raise PushError(f"environment variable {name} holds a space, line break, control "
                            "character or '?': it cannot be sent as one VRP command")
        return secret

    return PLACEHOLDER.sub(value, text)
