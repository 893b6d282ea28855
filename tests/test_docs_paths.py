"""The map stays true: every path the docs name exists, and the README's Architecture
table names every module of `scripts/`.

Docs drift when a module is renamed and nothing fails (the README named
`scripts/searchindex.py` long after it moved). These tests read the README, the developer
guide, the benchmark notes, and every docstring and comment of the code and the overrides,
the way FastAPI's docs scripts and `cog --check` keep generated text from going stale.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A path the project names: a top-level folder of its own, then path characters. Paths
# under docs/ are left out: messages and guides name example pages on purpose
# (docs/legal/nd-56.vi.md).
PATH_RE = re.compile(r"(?<![\w/.-])((?:scripts|tests|overrides|bench|data|\.github|\.ci)/[\w./{},*<>-]*[\w}*>])")
PLACEHOLDER = re.compile(r"[<>*]|\{[\w.]+\}")  # locales/<code>.yml, rejects-*.csv, {stem}
WRITTEN_FILES = (".md", ".py", ".js", ".css", ".html", ".yml", ".yaml", ".toml", "Makefile")


def documented_files() -> list[Path]:
    """Tracked files that describe the project: docs at the top and in bench/, and every
    file of the code and the overrides. Tests are left out: they name fixture paths."""
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    names = [n for n in listed.stdout.splitlines() if n.endswith(WRITTEN_FILES)]
    return [ROOT / n for n in names
            if n.startswith(("scripts/", "overrides/", "bench/")) or "/" not in n]


def expand(path: str) -> list[str]:
    """`model/{nav,schedule}.py` → both paths."""
    braces = re.match(r"(.*)\{([^}]*)\}(.*)", path)
    if not braces:
        return [path]
    head, choices, tail = braces.groups()
    return [head + choice + tail for choice in choices.split(",")]


def named_paths(text: str):
    for match in PATH_RE.finditer(text):
        raw = match.group(1).rstrip(".,")
        if PLACEHOLDER.search(raw):
            continue
        for path in expand(raw):
            yield text.count("\n", 0, match.start()) + 1, path


def test_every_path_the_docs_and_comments_name_exists():
    missing = []
    for file in documented_files():
        text = file.read_text(encoding="utf-8", errors="replace")
        for line, path in named_paths(text):
            if not (ROOT / path).exists():
                missing.append(f"{file.relative_to(ROOT)}:{line}: {path}")
    assert not missing, "paths named but not in the repository:\n" + "\n".join(missing)


def test_the_path_scan_finds_a_stale_name():
    """The scan itself can fail: a renamed module named in prose is found."""
    stale = list(named_paths("The index is built by scripts/searchindex.py and read by\n"
                             "overrides/assets/search/worker.js (see model/{nav,schedule}.py)."))
    assert (1, "scripts/searchindex.py") in stale
    assert not (ROOT / "scripts/searchindex.py").exists()


def architecture_rows(readme: str) -> dict[str, set[str]]:
    """package → the module names its rows of the Architecture table list."""
    section = readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, set[str]] = {}
    package = ""
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not line.startswith("|") or re.fullmatch(r"-+", cells[0]):
            continue
        package = cells[0].strip("`") or package
        rows.setdefault(package, set()).update(re.findall(r"`([\w./<>-]+)`", cells[1]))
    return rows


def test_the_architecture_table_names_every_module():
    rows = architecture_rows((ROOT / "README.md").read_text(encoding="utf-8"))
    unnamed = []
    for module in sorted((ROOT / "scripts").rglob("*.py")):
        if module.name == "__main__.py" or (module.name == "__init__.py" and module.parent.name != "translation"):
            continue
        package = module.parent.relative_to(ROOT).as_posix() + "/"
        if module.name not in rows.get(package, set()):
            unnamed.append(module.relative_to(ROOT).as_posix())
    assert not unnamed, "modules missing from README's Architecture table: " + ", ".join(unnamed)
