"""Read inventory YAML into plain data plus the file:line:column of every key.

Stricter than yaml.safe_load: a duplicate key, an anchor or alias, an empty document and a
top level that is not a mapping are errors, because each hides what the user meant.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vrpgen.errors import Issue, SourceRef, YamlError

Path_ = tuple[str | int, ...]

YAML_SUFFIXES = (".yml", ".yaml")
# Sections that are mappings keyed by name; several files may each contribute entries.
KEYED_SECTIONS = ("groups", "vlans", "devices")


@dataclass
class LineIndex:
    """Maps a value's path (`("devices", "R1", "bgp", "as")`) to where it was written."""

    refs: dict[Path_, SourceRef] = field(default_factory=dict)

    def lookup(self, path: Path_) -> SourceRef | None:
        """The ref of `path`, or of its nearest written parent (a missing field's mapping)."""
        probe = tuple(path)
        while probe:
            ref = self.refs.get(probe)
            if ref is not None:
                return ref
            probe = probe[:-1]
        return self.refs.get(())


@dataclass
class Source:
    """The merged inventory data and the index of where each value came from."""

    data: dict[str, Any]
    index: LineIndex
    files: list[Path]
    root: Path


def _ref(node: Node, file: str) -> SourceRef:
    return SourceRef(file, node.start_mark.line + 1, node.start_mark.column + 1)


class _Loader(yaml.SafeLoader):
    """SafeLoader that remembers the nodes that carried an anchor or were an alias."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.anchored: list[Node] = []

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        is_alias = isinstance(event, yaml.AliasEvent)
        anchor = getattr(event, "anchor", None)
        node = super().compose_node(parent, index)  # type: ignore[arg-type]
        if (is_alias or anchor is not None) and node is not None:
            self.anchored.append(node)
        return node


# One constructor turns scalar nodes into Python values with YAML 1.1 rules (ints, bools).
_SCALARS = yaml.SafeLoader("")


def _scalar(node: ScalarNode) -> Any:
    return _SCALARS.construct_object(node, deep=True)


def _key_of(node: ScalarNode) -> str | int:
    value = _scalar(node)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return str(node.value)


class _Builder:
    """Turns a composed node tree into plain data, recording refs and collecting issues."""

    def __init__(self, file: str, index: LineIndex, issues: list[Issue]) -> None:
        self.file = file
        self.index = index
        self.issues = issues

    def build(self, node: Node, path: Path_) -> Any:
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            out = []
            for i, item in enumerate(node.value):
                self.index.refs.setdefault((*path, i), _ref(item, self.file))
                out.append(self.build(item, (*path, i)))
            return out
        if not isinstance(node, ScalarNode):
            return None
        try:
            return _scalar(node)
        except Exception as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            self._issue(node, path, f"cannot read this value: {problem}",
                        "remove the YAML tag (!!...) or fix the value")
            return None

    def _mapping(self, node: MappingNode, path: Path_) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: dict[Any, SourceRef] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self._issue(key_node, path, "merge keys (<<) and complex keys are not supported",
                            "write the key as a plain name; use `groups` to share settings")
                continue
            key = _key_of(key_node)
            ref = _ref(key_node, self.file)
            if key in seen:
                self._issue(key_node, (*path, key), f"duplicate key {key!r}, first written at "
                            f"line {seen[key].line}",
                            "YAML keeps only the last value silently: remove or rename one")
                continue
            seen[key] = ref
            self.index.refs[(*path, key)] = ref
            out[key] = self.build(value_node, (*path, key))
        return out

    def _issue(self, node: Node, path: Path_, message: str, hint: str) -> None:
        self.issues.append(Issue(dotted(path), message, hint, _ref(node, self.file)))


def dotted(path: Path_) -> str:
    """`devices.R1.interfaces.GigabitEthernet0/0/0.ip`: the path as the user reads it."""
    return ".".join(str(p) for p in path)


def _files(root: Path) -> list[Path]:
    if root.is_dir():
        files = sorted(p for p in root.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
        if not files:
            raise YamlError([Issue("", f"no *.yml or *.yaml file in directory {root}",
                                   "point vrpgen at an inventory file or directory",
                                   SourceRef(str(root), 1))])
        return files
    if root.is_file():
        return [root]
    raise YamlError([Issue("", f"inventory {root} does not exist",
                           "pass the inventory file or directory (default: ./inventory)",
                           SourceRef(str(root), 1))])


def _compose(path: Path, issues: list[Issue]) -> Iterator[tuple[str, Node]]:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        issues.append(Issue("", f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                            "save the file as UTF-8 YAML", SourceRef(name, 1)))
        return
    except OSError as exc:
        issues.append(Issue("", f"cannot read file: {exc.strerror}", None, SourceRef(name, 1)))
        return
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # the reader refuses control characters up front
        before = text[:exc.position]
        where = SourceRef(name, before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1)
        issues.append(Issue("", f"not valid YAML: control character #x{exc.character:04x}",
                            "remove it; YAML text may not contain control characters", where))
        return
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        issues.append(Issue("", f"not valid YAML: {problem}",
                            "check indentation, colons and quotes around this point",
                            SourceRef(name, line, col)))
        return
    except yaml.YAMLError as exc:
        issues.append(Issue("", f"not valid YAML: {exc}", None, SourceRef(name, 1)))
        return
    finally:
        loader.dispose()
    for anchored in {id(n): n for n in loader.anchored}.values():
        issues.append(Issue("", "YAML anchors and aliases are not supported",
                            "write the values out in full; use `groups` to share settings",
                            _ref(anchored, name)))
    if loader.anchored:
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
    """Load one YAML file or every *.yml/*.yaml of a directory, merged by section."""
    issues: list[Issue] = []
    index = LineIndex()
    data: dict[str, Any] = {}
    files = _files(root)
    for path in files:
        for name, node in _compose(path, issues):
            part_index = LineIndex()
            part = _Builder(name, part_index, issues).build(node, ())
            _merge(data, index, part, part_index, issues)
    if issues:
        raise YamlError(issues)
    index.refs.setdefault((), SourceRef(str(files[0]), 1))
    return Source(data, index, files, root if root.is_dir() else root.parent)


def _merge(data: dict[str, Any], index: LineIndex, part: dict[str, Any],
           part_index: LineIndex, issues: list[Issue]) -> None:
    """Merge one file into the inventory; an entry defined in two files is an error."""
    for section, value in part.items():
        if section not in data:
            data[section] = value
            index.refs.update({p: r for p, r in part_index.refs.items() if p[:1] == (section,)})
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
                index.refs.update({p: r for p, r in part_index.refs.items()
                                   if p[:2] == (section, key)})
        else:
            issues.append(Issue(section, f"section {section!r} is also defined in {first.file}",
                                "only groups, vlans and devices may be split across files", here))
