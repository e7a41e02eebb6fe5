"""Read inventory YAML into plain data plus the file:line:column of every key.

Stricter than yaml.safe_load: a duplicate key, an anchor or alias, an empty document and a
top level that is not a mapping are errors, because each hides what the user meant.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vrpgen.errors import InputError, Issue, SourceRef, YamlError
from vrpgen.files import read_regular
from vrpgen.inventory.patterns import expand_patterns
from vrpgen.inventory.source import LineIndex, Path_, dotted

YAML_SUFFIXES = (".yml", ".yaml")
# Sections that are mappings keyed by name; several files may each contribute entries.
KEYED_SECTIONS = ("groups", "vlans", "devices", "vrrp")


@dataclass
class Source:
    """The merged inventory data and the index of where each value came from."""

    data: dict[str, Any]
    index: LineIndex
    files: list[Path]
    root: Path


def _ref(node: Node, file: str) -> SourceRef:
    return SourceRef(file, node.start_mark.line + 1, node.start_mark.column + 1)


# libyaml's parser when installed (about 5x faster), the pure-Python one otherwise.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"


def _anchors(text: str, name: str) -> list[SourceRef]:
    """Where anchors and aliases are used; only parsed again when the text could hold one."""
    if "&" not in text and "*" not in text:
        return []
    refs = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            mark = event.start_mark
            if mark is None:
                continue
            refs.append(SourceRef(name, mark.line + 1, mark.column + 1))
    return refs


class _Builder:
    """Turns a composed node tree into plain data, recording refs and collecting issues."""

    def __init__(self, file: str, index: LineIndex, issues: list[Issue],
                 record: bool = True) -> None:
        self.file = file
        self.index = index
        self.issues = issues
        self.record = record  # record every key's position in `index` (else: none)
        # YAML 1.1 scalar rules (ints, bools); one constructor per file, so its cache of
        # constructed nodes goes away with the file.
        self.constructor = yaml.constructor.SafeConstructor()

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag == _STR_TAG:
            return node.value
        return self.constructor.construct_object(node, deep=True)

    def key_of(self, node: ScalarNode) -> str | int:
        value = self.scalar(node)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return str(node.value)

    def build(self, node: Node, path: Path_) -> Any:
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            out = []
            for i, item in enumerate(node.value):
                if self.record:
                    self.index.refs.setdefault((*path, i), _ref(item, self.file))
                out.append(self.build(item, (*path, i)))
            return out
        if not isinstance(node, ScalarNode):
            return None
        try:
            return self.scalar(node)
        except Exception as exc:  # any constructor failure comes from the user's value
            problem = getattr(exc, "problem", None) or str(exc)
            self._issue(node, path, f"cannot read this value: {problem}",
                        "remove the YAML tag (!!...) or fix the value")
            return None

    def _mapping(self, node: MappingNode, path: Path_) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: dict[Any, SourceRef | None] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self._issue(key_node, path, "merge keys (<<) and complex keys are not supported",
                            "write the key as a plain name; use `groups` to share settings")
                continue
            try:
                key = self.key_of(key_node)
            except Exception:  # a tagged key that cannot be read: keep its text
                key = str(key_node.value)
            if key in seen:
                first = seen[key]
                self._issue(key_node, (*path, key), f"duplicate key {key!r}, first written at "
                            f"line {first.line if first else '?'}",
                            "YAML keeps only the last value silently: remove or rename one")
                continue
            if self.record:
                seen[key] = self.index.refs[(*path, key)] = _ref(key_node, self.file)
            else:
                seen[key] = None
            out[key] = self.build(value_node, (*path, key))
        return out

    def _issue(self, node: Node, path: Path_, message: str, hint: str) -> None:
        self.issues.append(Issue(dotted(path), message, hint, _ref(node, self.file)))


def _files(root: Path) -> list[Path]:
    """The inventory's files: every *.yml/*.yaml of a directory, or one file. A name that
    matches but is not a readable regular file (a broken or looping symlink, a FIFO, a
    directory) is an error, never skipped in silence: the user meant it to be read."""
    try:
        mode = root.stat().st_mode
    except OSError as exc:
        missing = isinstance(exc, FileNotFoundError) and not root.is_symlink()
        raise YamlError([Issue("", f"inventory {root} does not exist" if missing else
                               f"inventory {root} cannot be read: {exc.strerror or exc}",
                               "pass the inventory file or directory (default: ./inventory)",
                               SourceRef(str(root), 1))]) from exc
    if stat.S_ISREG(mode):
        return [root]
    if not stat.S_ISDIR(mode):
        raise YamlError([Issue("", f"inventory {root} is not a regular file or directory",
                               "pass the inventory file or directory (default: ./inventory)",
                               SourceRef(str(root), 1))])
    files, issues = [], []
    for path in sorted(p for p in root.iterdir() if p.suffix in YAML_SUFFIXES):
        try:
            kind = path.stat().st_mode
        except OSError as exc:  # a broken or looping symlink
            what = "a broken or looping symlink" if path.is_symlink() else "unreadable"
            issues.append(Issue("", f"{what}: {exc.strerror or exc}",
                                "remove it or point it at an inventory file",
                                SourceRef(str(path), 1)))
            continue
        if not stat.S_ISREG(kind):
            what = "a directory" if stat.S_ISDIR(kind) else "not a regular file"
            issues.append(Issue("", f"{what}, but named like an inventory file",
                                "rename or remove it; only regular *.yml/*.yaml files are read",
                                SourceRef(str(path), 1)))
            continue
        files.append(path)
    if issues:
        raise YamlError(issues)
    if not files:
        raise YamlError([Issue("", f"no *.yml or *.yaml file in directory {root}",
                               "point vrpgen at an inventory file or directory",
                               SourceRef(str(root), 1))])
    return files


def _text(path: Path, issues: list[Issue]) -> str | None:
    name = str(path)
    try:
        return read_regular(path).decode("utf-8")  # regular files only, size-limited
    except UnicodeDecodeError as exc:
        issues.append(Issue("", f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                            "save the file as UTF-8 YAML", SourceRef(name, 1)))
    except InputError as exc:
        message = str(exc).removeprefix(f"{path}: ")
        issues.append(Issue("", message, None, SourceRef(name, 1)))
    return None


class _UnusualError(Exception):
    """Input the fast reader leaves to the recording one (which reports or accepts it)."""


_MERGE_TAG = "tag:yaml.org,2002:merge"
_NO_KEY = object()


class _FastReader:
    """The plain data of one file straight from libyaml's events: no node tree (it holds two
    position marks per scalar, most of a large load's memory) and no positions. The same
    YAML 1.1 scalars and keys as _Builder; anything else (anchors, aliases, tags, merge or
    complex keys, duplicate keys, several documents, a top level that is not a mapping, an
    empty file, a value that cannot be read) raises _UnusualError."""

    def __init__(self) -> None:
        self.constructor = yaml.constructor.SafeConstructor()
        self.stack: list[Any] = []  # open containers
        self.keys: list[Any] = []  # per open mapping: the key waiting for its value
        self.root: Any = None

    def read(self, text: str) -> dict[Any, Any]:
        loader = _Loader(text)
        documents = 0
        try:
            while True:
                event = loader.get_event()  # type: ignore[no-untyped-call]
                kind = type(event)
                if kind is yaml.ScalarEvent:
                    self.add(self.scalar(loader, event), event)
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    if event.anchor is not None or (event.tag is not None
                                                    and not event.implicit):
                        raise _UnusualError
                    self.add({} if kind is yaml.MappingStartEvent else [], event)
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    if type(self.stack.pop()) is dict:
                        self.keys.pop()
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                elif kind is yaml.StreamEndEvent:
                    break
                elif kind is yaml.AliasEvent:
                    raise _UnusualError
        except yaml.YAMLError as exc:
            raise _UnusualError from exc
        finally:
            loader.dispose()
        if documents != 1 or type(self.root) is not dict:
            raise _UnusualError
        return self.root

    def scalar(self, loader: yaml.SafeLoader, event: yaml.ScalarEvent) -> Any:
        if event.anchor is not None or event.tag not in (None, "!"):
            raise _UnusualError
        tag = loader.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        if tag == _STR_TAG:
            return event.value
        if tag == _MERGE_TAG:
            raise _UnusualError
        try:
            constructor = self.constructor.yaml_constructors[tag]
            return constructor(self.constructor, ScalarNode(tag, event.value))
        except Exception as exc:  # a value that cannot be read: _Builder reports it
            raise _UnusualError from exc

    def add(self, value: Any, event: Any) -> None:
        if not self.stack:
            self.root = value
        else:
            top = self.stack[-1]
            if type(top) is list:
                top.append(value)
            elif self.keys[-1] is _NO_KEY:
                if type(value) in (dict, list):
                    raise _UnusualError  # a complex key
                # _Builder.key_of: an int key stays an int, any other is its text
                key = value if type(value) is int else str(event.value)
                if key in top:
                    raise _UnusualError  # a duplicate key
                self.keys[-1] = key
                return
            else:
                top[self.keys[-1]] = value
                self.keys[-1] = _NO_KEY
        if type(value) is dict:
            self.stack.append(value)
            self.keys.append(_NO_KEY)
        elif type(value) is list:
            self.stack.append(value)


def _compose(path: Path, issues: list[Issue]) -> Iterator[tuple[str, Node]]:
    name = str(path)
    text = _text(path, issues)
    if text is None:
        return
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        issues.append(Issue("", f"not valid YAML: {problem}",
                            "check indentation, colons and quotes around this point",
                            SourceRef(name, line, col)))
        return
    except yaml.reader.ReaderError as exc:  # control characters are refused up front
        before = text[:exc.position]
        where = SourceRef(name, before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1)
        issues.append(Issue("", "not valid YAML: a control character",
                            "remove it; YAML text may not contain control characters", where))
        return
    except yaml.YAMLError as exc:
        issues.append(Issue("", f"not valid YAML: {exc}", None, SourceRef(name, 1)))
        return
    anchors = _anchors(text, name)
    for ref in anchors:
        issues.append(Issue("", "YAML anchors and aliases are not supported",
                            "write the values out in full; use `groups` to share settings", ref))
    if anchors:
        return
    if node is None:
        issues.append(Issue("", "the file is empty", "remove it or add inventory sections",
                            SourceRef(name, 1)))
        return
    if not isinstance(node, MappingNode):
        issues.append(Issue("", "the top level must be a mapping of sections "
                            "(defaults, groups, vlans, devices, bgp, k8s)", None, _ref(node, name)))
        return
    yield name, node


def load(root: Path) -> Source:
    """Load one YAML file or every *.yml/*.yaml of a directory, merged by section.

    Valid input is read without recording where each key was written; the index reads the
    files again with positions on its first lookup (only when an issue is located). Input
    with any issue is read again with positions at once, so every issue is located as the
    recording reader finds it."""
    files = _files(root)
    folder = root if root.is_dir() else root.parent
    fast = _load(files, record=False)
    if fast is not None:
        data, index = fast, LineIndex(locate=lambda: _positions(files))
    else:
        index = LineIndex()
        recorded = _load(files, record=True, index=index)
        assert recorded is not None
        data = recorded
    issues: list[Issue] = []
    expand_patterns(data, index, issues)  # `leaf[01-48]`: one entry, many devices
    if issues:
        raise YamlError(issues)
    return Source(data, index, files, folder)


def _positions(files: list[Path]) -> dict[Path_, SourceRef]:
    """Where every key of `files` was written (their second reading, with positions)."""
    index = LineIndex()
    try:
        _load(files, record=True, index=index)
    except YamlError:  # changed on disk since the first reading: no positions to give
        return {}
    return index.refs


def _load(files: list[Path], *, record: bool,
          index: LineIndex | None = None) -> dict[str, Any] | None:
    """The merged data; issues raise YamlError when recording, else return None."""
    issues: list[Issue] = []
    data: dict[str, Any] = {}
    if not record:
        for path in files:
            text = _text(path, issues)
            if text is None:
                return None
            try:
                part = _FastReader().read(text)
            except _UnusualError:
                return None
            _merge_fast(data, part, issues, str(path))
        return None if issues else data
    for path in files:
        for name, node in _compose(path, issues):
            part_index = LineIndex()
            part = _Builder(name, part_index, issues, record).build(node, ())
            if index is not None:
                _merge(data, index, part, part_index, issues)
            else:
                _merge_fast(data, part, issues, name)
    if issues:
        if not record:
            return None
        raise YamlError(issues)
    if index is not None:
        index.refs.setdefault((), SourceRef(str(files[0]), 1))
    return data


def _merge_fast(data: dict[str, Any], part: dict[str, Any], issues: list[Issue],
                name: str) -> None:
    """_merge without positions: a conflict is noted, for the recording reading to report."""
    for section, value in part.items():
        if section not in data:
            data[section] = value
            continue
        if section in KEYED_SECTIONS and isinstance(value, dict) and \
                isinstance(data[section], dict) and data[section].keys().isdisjoint(value):
            data[section].update(value)
            continue
        issues.append(Issue(section, "defined in two files", None, SourceRef(name, 1)))


def _merge(data: dict[str, Any], index: LineIndex, part: dict[str, Any],
           part_index: LineIndex, issues: list[Issue]) -> None:
    """Merge one file into the inventory; an entry defined in two files is an error."""
    by_entry: dict[Path_, dict[Path_, SourceRef]] = {}
    for p, r in part_index.refs.items():
        by_entry.setdefault(p[:2], {})[p] = r
    for section, value in part.items():
        if section not in data:
            data[section] = value
            for entry, refs in by_entry.items():
                if entry[:1] == (section,):
                    index.refs.update(refs)
            continue
        first = index.refs[(section,)]
        here = part_index.refs[(section,)]
        keyed = isinstance(value, dict) and isinstance(data[section], dict)
        if section in KEYED_SECTIONS and keyed:
            for key, entry in value.items():
                if key in data[section]:
                    issues.append(Issue(dotted((section, key)),
                                        f"defined twice: also in {index.refs[(section, key)]}",
                                        "keep one definition", part_index.refs[(section, key)]))
                    continue
                data[section][key] = entry
                index.refs.update(by_entry.get((section, key), {}))
        else:
            issues.append(Issue(section, f"section {section!r} is also defined in {first.file}",
                                "only groups, vlans and devices may be split across files", here))
