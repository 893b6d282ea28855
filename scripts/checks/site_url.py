"""`[site-url-local]`: a deployment build (HANDBOOK_DEPLOY=true, set by the deploy workflow)
stops when site_url is still an address only the building machine can open, since every QR
code, short link and printed link of the site would carry it. Other builds are not stopped:
their QR codes and short links show a "test address" mark instead (scripts/render/training.py).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..model.addresses import deploying, is_local_address
from ..model.problem import Problem
from .rules import message

_KEY = re.compile(r"^site_url\s*:")


def _line(config_file: Path | None) -> int:
    try:
        lines = Path(config_file).read_text(encoding="utf-8").split("\n") if config_file else []
    except OSError:
        return 0
    return next((n for n, line in enumerate(lines, start=1) if _KEY.match(line)), 0)


def check(site_url: Any, config_file: Path | None, env: Mapping[str, str] | None = None) -> Problem | None:
    if not deploying(env) or not is_local_address(site_url):
        return None
    path = Path(config_file).name if config_file else "mkdocs.yml"
    return Problem(path, _line(config_file), "site-url-local", message("site-url-local", url=site_url or "(trống)"))
