"""`${NAME}`: how a rendered config names a secret it must not hold. derive writes the
placeholder, push fills it in memory just before sending. Neutral: shared by both stages."""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholder(env: str) -> str:
    """`${VRPGEN_BGP_PASSWORD}` for the environment variable VRPGEN_BGP_PASSWORD."""
    return "${" + env + "}"
