"""The nav of mkdocs.yml, as the paths it lists in order: read from the YAML (the checks,
`new`) or from MkDocs' nav objects (the build), by one walk."""
from __future__ import annotations

import re
from typing import Any


def entries(nav: Any) -> list[str]:
    """Every page path the nav lists, in order ("legal/index.md", external links included);
    for MkDocs' Page objects the source path without its language suffix."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        else:  # MkDocs nav objects: Page(file.src_uri) / Section(children)
            file = getattr(node, "file", None)
            if file is not None:
                out.append(re.sub(r"(\.[a-z]{2})?\.md$", ".md", file.src_uri))
            for child in getattr(node, "children", None) or []:
                walk(child)

    walk(nav or [])
    return out
