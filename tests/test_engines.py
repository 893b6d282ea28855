"""The second engine: ProperDocs (the maintained fork of MkDocs 1.x) builds the handbook
byte for byte as MkDocs does, but for the generator line, so it is a drop-in if MkDocs 1.6
stops installing or running (issue "A second build path…").

ProperDocs runs from its own venv, where MkDocs is not installed (`make build-properdocs`
sets it up; `make test` too). Under CI=true a missing ProperDocs fails, never skips.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bench.harness import ENGINES, ROOT, build

IN_CI = os.environ.get("CI", "").lower() == "true"
PROPERDOCS = Path(ENGINES["properdocs"][0])
# The one line an engine writes about itself: <meta name="generator" content="mkdocs-1.6.1, …">
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
FIXED_DATE = {"SOURCE_DATE_EPOCH": "1796256000"}  # 2026-12-03: both builds see the same day

pytestmark = pytest.mark.slow


def require_properdocs():
    if PROPERDOCS.exists():
        return
    message = "ProperDocs is not installed: run `make .venv-properdocs/.installed` (make test does)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site, the generator line blanked."""
    return {p.relative_to(site).as_posix(): GENERATOR.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory):
    require_properdocs()
    sites = {}
    for engine in ("mkdocs", "properdocs"):
        site = tmp_path_factory.mktemp(engine)
        result = build(ROOT / "mkdocs.yml", site, env=FIXED_DATE, engine=engine)
        assert result.returncode == 0, result.stdout + result.stderr
        sites[engine] = site
    return sites


def test_properdocs_builds_the_same_files(both_sites):
    mkdocs, properdocs = tree(both_sites["mkdocs"]), tree(both_sites["properdocs"])
    assert len(mkdocs) > 100  # the real handbook, not an empty site
    assert sorted(mkdocs) == sorted(properdocs)
    differing = [path for path in mkdocs if mkdocs[path] != properdocs[path]]
    assert not differing, f"ProperDocs differs from MkDocs in: {differing[:10]}"


def test_only_the_generator_line_tells_the_engines_apart(both_sites):
    """The comparison above blanks one line; each engine does name itself in it."""
    home = {engine: (site / "index.html").read_bytes() for engine, site in both_sites.items()}
    assert home["mkdocs"] != home["properdocs"]
    assert b"ProperDocs" in GENERATOR.search(home["properdocs"]).group(0)
    assert b"ProperDocs" not in GENERATOR.search(home["mkdocs"]).group(0)


def test_an_unknown_engine_is_refused():
    from bench.harness import engine_command
    with pytest.raises(ValueError, match="HANDBOOK_ENGINE"):
        engine_command("zensical-1.0")
