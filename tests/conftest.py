"""Shared fixtures: the real site built once, a local HTTP server, Debian's Chromium.

Building, serving and launching the browser come from bench/harness.py, which the
benchmarks use too. Under CI=true a missing browser fails the run; elsewhere the
browser tests skip with the command to install it.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.harness import CHROMIUM, CHROMIUM_ARGS, Server, build, chromium_available, launch  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


IN_CI = os.environ.get("CI", "").lower() == "true"


def build_site(config: Path, site_dir: Path, env: dict | None = None):
    """A strict build of `config` into `site_dir` (subprocess)."""
    return build(config, site_dir, strict=True, env=env)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real handbook, built strictly from docs/ into a temporary directory."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(ROOT / "mkdocs.yml", site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture(scope="session")
def serve():
    """serve(directory) -> base URL of a local HTTP server for that directory."""
    servers = []

    def start(directory: Path) -> str:
        server = Server(directory)
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.close()


def require_browser():
    """Skip (or, under CI=true, fail) when Chromium or Playwright is missing."""
    if not chromium_available():
        message = f"Chromium not found at {CHROMIUM}: run 'sudo apt-get install -y chromium' (make test does it as root)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:  # pragma: no cover - requirements.txt installs it
        if IN_CI:
            pytest.fail(f"playwright is not installed: {exc}")
        pytest.skip(f"playwright is not installed: {exc}")


@pytest.fixture(scope="session")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def pytest_collection_modifyitems(items):
    """Every test that builds the real site is `slow` (`pytest -m "not slow"` for a quick run),
    and every test that opens Chromium is `browser`."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "site" in fixtures or "form_base" in fixtures:
            item.add_marker(pytest.mark.slow)
        if "browser" in fixtures or "page" in fixtures:
            item.add_marker(pytest.mark.browser)
