"""Token grammar of VRP command forms: match a typed or displayed line, normalise its values.

A form is a string of elements separated by spaces: a keyword (`peer`), a parameter
`<name:type>` or an optional group `[ ... ]` (not nested; expanded into separate forms).
Keywords match any unique prefix, case-insensitively (REFERENCE §2.1); the canonical line is
rebuilt from full keywords and normalised values (REFERENCE §3.10). Failures carry the VRP error
kind and the offset of the offending token (REFERENCE §2.4).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

from netaddr import IPAddress

from vrpgen.vrp import ifname, vlanlist

Params = dict[str, str]


@dataclass(frozen=True, slots=True)
class Element:
    keyword: str | None = None  # a keyword, or None for a parameter
    name: str = ""
    ptype: str = ""
    arg: str = ""  # enum choices "a|b", int range "1-4094"


@dataclass(frozen=True, slots=True)
class Form:
    elements: tuple[Element, ...]
    source: str


@dataclass(slots=True)
class Failure:
    index: int  # token index (== len(tokens) for incomplete)
    kind: str  # unrecognized | wrong | incomplete | too_many | ambiguous


@dataclass(slots=True)
class Match:
    form: Form
    params: Params
    text: str  # canonical display text
    keywords: tuple[str, ...] = field(default_factory=tuple)


_TOKEN = re.compile(r"\S+")


def tokenize(line: str) -> list[tuple[int, str]]:
    """Tokens with their 0-based offsets in the line."""
    return [(m.start(), m.group()) for m in _TOKEN.finditer(line)]


def expand(source: str) -> list[Form]:
    """`a [b <x:int:1-9>] c` -> forms `a c` and `a b <x> c` (optional groups, not nested)."""
    parts = re.findall(r"\[[^\]]*\]|\S+", source)
    options: list[list[list[str]]] = []
    for part in parts:
        if part.startswith("["):
            options.append([[], part[1:-1].split()])
        else:
            options.append([[part]])
    forms = []
    for combo in itertools.product(*options):
        words = [w for group in combo for w in group]
        forms.append(Form(tuple(_element(w) for w in words), " ".join(words)))
    return forms


def _element(word: str) -> Element:
    if word.startswith("<"):
        name, _, rest = word[1:-1].partition(":")
        ptype, _, arg = rest.partition(":")
        return Element(None, name, ptype or "word", arg)
    return Element(keyword=word)


def first_keyword(form: Form) -> str:
    first = form.elements[0]
    return first.keyword or ""


# -- parameter values ---------------------------------------------------------------------


def mask_from_len(n: int) -> str:
    """`24` → `255.255.255.0`: the dotted mask of a prefix length (§3.10)."""
    return str(IPAddress((0xFFFFFFFF << (32 - n)) & 0xFFFFFFFF if n else 0))


@functools.lru_cache(maxsize=256)  # a config repeats a few masks: no netaddr object for each
def _len_from_mask(mask: str) -> int | None:
    if not _dotted(mask):
        return None
    value = int(IPAddress(mask))
    bits = bin(value)[2:].zfill(32)
    if "01" in bits:
        return None
    return bits.count("1")


MAX_DIGITS = 20  # longer than any number a VRP command takes (2**64 has 20 digits)


def norm_value(ptype: str, arg: str, token: str) -> str | None:  # noqa: C901
    """The normalised display value of one token, or None when it is not valid."""
    low = token.lower()
    digits = _number(token)
    if ptype == "word":
        return token
    if ptype == "enum":
        hits = [c for c in arg.split("|") if c.startswith(low)]
        if low in arg.split("|"):
            return low
        return hits[0] if len(hits) == 1 else None
    if ptype == "int":
        lo, _, hi = arg.partition("-")
        if digits and int(lo) <= int(token) <= int(hi):
            return str(int(token))
        return None
    if ptype == "ip":
        return token if _dotted(token) else None
    if ptype == "mask":  # REFERENCE §3.10: masks display dotted
        if digits and int(token) <= 32:
            return mask_from_len(int(token))
        return token if _len_from_mask(token) is not None else None
    if ptype == "len":  # REFERENCE §4.10: ip-prefix keeps a mask length
        if digits and int(token) <= 32:
            return str(int(token))
        n = _len_from_mask(token)
        return None if n is None else str(n)
    if ptype == "wild":
        return token if _dotted(token) else None
    if ptype == "area":  # REFERENCE §4.8: area always dotted
        if digits and int(token) <= 0xFFFFFFFF:
            return str(IPAddress(int(token)))
        return token if _dotted(token) else None
    if ptype == "asn":  # REFERENCE §4.9: plain or asdot x.y = x*65536+y
        return norm_asn(token)
    return token


_DOTTED = re.compile(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\Z", re.ASCII)


def _dotted(token: str) -> bool:
    m = _DOTTED.match(token)
    return m is not None and all(int(g) <= 255 for g in m.groups())


def _number(token: str) -> bool:
    """ASCII digits only (int() takes any Unicode digit) and short: int() of a 5,000-digit
    token raises."""
    return token.isascii() and token.isdigit() and len(token) <= MAX_DIGITS


def norm_asn(token: str) -> str | None:
    if _number(token):
        value = int(token)
        return str(value) if 1 <= value <= 0xFFFFFFFF else None
    high, dot, low = token.partition(".")
    if dot and _number(high) and _number(low) and int(high) <= 0xFFFF and int(low) <= 0xFFFF:
        value = int(high) * 65536 + int(low)
        return str(value) if value else None
    return None


# -- matching -----------------------------------------------------------------------------


def match_form(form: Form, line: str, toks: list[tuple[int, str]]) -> Match | Failure:  # noqa: C901
    """Match one form against the tokens of `line`."""
    params: Params = {}
    out: list[str] = []
    kws: list[str] = []
    i = 0
    n = len(toks)
    for el in form.elements:
        if i >= n:
            return Failure(n, "incomplete")
        tok = toks[i][1]
        if el.keyword is not None:
            if not el.keyword.startswith(tok.lower()):
                return Failure(i, "unrecognized")
            out.append(el.keyword)
            kws.append(el.keyword)
            i += 1
            continue
        if el.ptype == "text":  # the rest of the line, verbatim (REFERENCE §4.5 description)
            rest_text = line[toks[i][0] :].rstrip()
            params[el.name] = rest_text
            out.append(rest_text)
            i = n
            continue
        if el.ptype == "vlans":
            rest = [t for _, t in toks[i:]]
            try:
                members = vlanlist.parse_tokens(rest)
            except vlanlist.VlanListError as exc:
                return Failure(i + exc.index, "incomplete" if exc.incomplete else "wrong")
            params[el.name] = " ".join(str(v) for v in sorted(members))
            out.append(" ".join(vlanlist.items(members)))
            i = n
            continue
        if el.ptype == "ifname":
            used, value = ifname.match_tokens([t for _, t in toks[i : i + 2]])
            if value is None:
                return Failure(i, "wrong")
            params[el.name] = value
            out.append(value)
            i += used
            continue
        norm = norm_value(el.ptype, el.arg, tok)
        if norm is None:
            return Failure(i, "wrong")
        params[el.name] = norm
        out.append(norm)
        if el.ptype == "enum":
            kws.append(norm)
        i += 1
    if i < n:
        return Failure(i, "too_many")
    return Match(form, params, " ".join(out), tuple(kws))



def best(line: str, forms: list[Form]) -> tuple[Match | None, Failure | None]:
    """The match of `line` among `forms`, or the furthest failure (REFERENCE §2.4)."""
    toks = tokenize(line)
    if not toks:
        return None, Failure(0, "incomplete")
    matches: list[Match] = []
    viable: list[Form] = []  # forms still alive: matched, or waiting for more tokens
    worst: Failure | None = None
    for form in forms:
        result = match_form(form, line, toks)
        if isinstance(result, Match):
            matches.append(result)
            viable.append(form)
        else:
            if result.kind == "incomplete":
                viable.append(form)
            if worst is None or _rank(result) > _rank(worst):
                worst = result
    if not matches:
        return None, worst or Failure(0, "unrecognized")
    if len(matches) == 1:
        at = _abbreviation_clash(matches[0], viable, toks)
        if at is not None:
            return None, Failure(at, "ambiguous")
        return matches[0], None
    exact = [m for m in matches if _exact(m, toks)]
    if len(exact) >= 1:
        return exact[0], None
    if len({m.keywords for m in matches}) == 1:
        return matches[0], None
    return None, Failure(_ambiguous_at(matches, toks), "ambiguous")


_KIND_RANK = {"unrecognized": 0, "too_many": 1, "incomplete": 2, "wrong": 3, "ambiguous": 4}


def _rank(f: Failure) -> tuple[int, int]:
    return (f.index, _KIND_RANK[f.kind])


def _exact(m: Match, toks: list[tuple[int, str]]) -> bool:
    words = {t.lower() for _, t in toks}
    return all(k in words for k in m.keywords)


def _ambiguous_at(matches: list[Match], toks: list[tuple[int, str]]) -> int:
    words = [t.lower() for _, t in toks]
    for idx, word in enumerate(words):
        expansions = {k for m in matches for k in m.keywords if k.startswith(word) and k != word}
        if len(expansions) > 1:
            return idx
    return 0


def _leading_keywords(form: Form) -> list[str]:
    out = []
    for el in form.elements:
        if el.keyword is None:
            break
        out.append(el.keyword)
    return out


def _abbreviation_clash(m: Match, forms: list[Form], toks: list[tuple[int, str]]) -> int | None:
    """REFERENCE §2.1: a prefix of two keywords that both still fit the line is ambiguous
    (`undo p` = port… or portswitch); a reading the rest of the line rules out does not count."""
    mine = _leading_keywords(m.form)
    for j, kw in enumerate(mine):
        if j >= len(toks):
            return None
        word = toks[j][1].lower()
        if word == kw:
            continue
        rivals = {
            lk[j]
            for f in forms
            if len(lk := _leading_keywords(f)) > j and lk[:j] == mine[:j] and lk[j].startswith(word)
        }
        if len(rivals) > 1:
            return j
    return None
