"""mkdocs.yml as data with its tags kept (`!ENV [SITE_URL, …]`, `!!python/name:…`), so a copy
written back means what the original means: the test fixtures' configs, the benchmark
corpus and the staged config of the Zensical path all start from the real one. Nothing
tagged is constructed or run; `env_value` reads an `!ENV` value as MkDocs does.
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml


class Tagged:
    """A tagged value of mkdocs.yml, kept as its YAML node and written back unchanged."""

    def __init__(self, node: yaml.Node):
        self.node = node


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: Tagged(node))
_Loader.add_constructor("!ENV", lambda loader, node: Tagged(node))
_Dumper.add_representer(Tagged, lambda dumper, value: value.node)


def read_config(path: Path) -> dict:
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (tags kept, never run)


def dump_config(config: dict) -> str:
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def env_value(value):
    """`!ENV [NAME…, default]` (or `!ENV NAME`) as MkDocs reads it; any other value as it is."""
    if not isinstance(value, Tagged) or value.node.tag != "!ENV":
        return value
    node = value.node
    names = [item.value for item in node.value] if isinstance(node, yaml.SequenceNode) else [node.value]
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[name] for name in variables if os.environ.get(name)), default)
