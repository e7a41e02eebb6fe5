"""Where a VRP line holds a secret: what people may see of it, and where push may fill one in.

REFERENCE §3.10 and §6.3: the device shows passwords encrypted and their values are never diffed
or shown. The secret-bearing commands REFERENCE names are `peer X password { cipher | simple }
PASS` (§4.9), the OSPF area's `authentication-mode { md5 | hmac-md5 | hmac-sha256 } [ KEY-ID ]
{ cipher PASS | plain PASS }` (also `simple`) and the interface's `ospf authentication-mode md5
KEY-ID cipher PASS` (§4.8). A running config holds more than the model knows (AAA users, SNMP
communities, keys of other protocols: REFERENCE is silent on their syntax), so `mask` goes by
keywords, not by specs, and errs towards hiding too much, never too little.

    mask(line) -> the line with everything from its secret to the end replaced by `******`
    secret_span(line) -> (start, end) of the secret argument of a password command the model
        knows (a spec marked `secret`), or None: the only place push may fill in a `${VAR}`
"""

from __future__ import annotations

from vrpgen.vrp.commands import SPECS
from vrpgen.vrp.grammar import Form, best, tokenize

__all__ = ["MASK", "mask", "secret_span", "secret_start"]

MASK = "******"

# The keyword that says how the secret is written; the secret follows it (§4.8, §4.9: `cipher`,
# `simple`, `plain`; `irreversible-cipher` is the AAA spelling, outside REFERENCE).
_MODES = frozenset({"cipher", "simple", "plain", "irreversible-cipher"})
# Words that may stand between a secret keyword and its mode: an algorithm (§4.8), a key id or a
# privilege level (any number), `level`. Anything else right after the keyword is the secret.
_QUALIFIERS = frozenset({"md5", "hmac-md5", "hmac-sha256", "level"})
# Keywords after which the rest of a line is a secret; `cipher` alone starts one too
# (`pre-shared-key cipher X`).
_TRIGGERS = frozenset({"password", "cipher", "irreversible-cipher", "privacy-mode"})
_TRIGGER_SUFFIXES = ("authentication-mode", "-key")  # area-authentication-mode, pre-shared-key
# The methods of an AAA authentication scheme (`authentication-mode local radius`): no secret.
_AAA_MODES = frozenset({"local", "local-case", "radius", "hwtacacs", "none"})
# Free text to the end of the line: a description is never a secret, and never masked.
_FREE_TEXT = "description"


def secret_start(line: str) -> int | None:
    """Offset in `line` where its secret begins, or None when it holds none."""
    toks = tokenize(line)
    words = [t.lower() for _, t in toks]
    if words[:1] == ["authentication-mode"] and words[1:] in (["aaa"], ["none"], ["password"]):
        return None  # a user-interface's login method, no secret (corpus PE66.cfg)
    if words[:1] == ["authentication-mode"] and words[1:] and set(words[1:]) <= _AAA_MODES:
        return None  # an authentication scheme's methods (vrp/families/management.py)
    for i, word in enumerate(words):
        if word == _FREE_TEXT:
            return None
        start: int | None = None
        if word in _TRIGGERS or word.endswith(_TRIGGER_SUFFIXES):
            start = _after_mode(words, i + 1, word.endswith("authentication-mode"))
        elif word == "community" and i > 0 and words[i - 1] == "snmp-agent":
            # `snmp-agent community { read | write } [ cipher ] NAME`: the name is the secret
            start = i + 1
            if start < len(words) and words[start] in ("read", "write"):
                start += 1
            if start < len(words) and words[start] in _MODES:
                start += 1
        if start is not None:
            return toks[start][0] if start < len(toks) else None
    return None


def _after_mode(words: list[str], first: int, auth_mode: bool) -> int:
    """Index of the first secret word after a secret keyword: past its qualifiers and mode
    (`authentication-mode simple` may add `plain` / `cipher`, §4.8); without a mode, everything
    after the keyword counts as the secret."""
    j = first
    while j < len(words) and (words[j].isdigit() or words[j] in _QUALIFIERS):
        j += 1
    if j >= len(words) or words[j] not in _MODES:
        return first
    if auth_mode and words[j] == "simple" and j + 1 < len(words) \
            and words[j + 1] in ("plain", "cipher"):
        j += 1
    return j + 1


def mask(line: str) -> str:
    """`line` with everything from its secret to the end replaced by `******` (spaces too)."""
    start = secret_start(line)
    return line if start is None else line[:start] + MASK


def _secret_param(form: Form) -> str:
    """The secret of a secret spec's form: its last parameter (`<s:text>`, the rest of the line)."""
    return next((e.name for e in reversed(form.elements) if e.keyword is None), "")


_SECRET_FORMS: dict[int, tuple[Form, str]] = {
    id(form): (form, _secret_param(form)) for spec in SPECS if spec.secret for form in spec.parsed
}


def secret_span(line: str) -> tuple[int, int] | None:
    """Where the secret argument of a known password command lies in `line` (the whole of it,
    spaces included), or None when `line` is no such command. REFERENCE §4.9: `peer X password
    { cipher | simple } PASS`, the one the renderer emits."""
    text = line.rstrip()
    found, _ = best(text.lstrip(), [form for form, _ in _SECRET_FORMS.values()])
    if found is None:
        return None
    value = found.params.get(_SECRET_FORMS[id(found.form)][1], "")
    if not value or not text.endswith(value):
        return None
    return len(text) - len(value), len(text)
