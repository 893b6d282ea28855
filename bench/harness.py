"""Build, serve and browse a site: shared by tests/ (conftest) and the benchmarks."""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

from scripts.build.configfile import dump_config, read_config

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google's hosts at start.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
GZIP_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


# The engines a build can run on (HANDBOOK_ENGINE): MkDocs 1.6 from .venv, or ProperDocs, the
# maintained drop-in fork of MkDocs 1.x, from its own venv (make .venv-properdocs/.installed),
# where MkDocs itself is not installed so nothing falls back to it unseen.
# Zensical runs no hooks: its command is the staging step, which runs zensical-i18n from its
# own venv between the handbook's steps (scripts/build/zensical_stage.py).
ENGINES = {
    "mkdocs": [sys.executable, "-m", "mkdocs"],
    "properdocs": [str(ROOT / ".venv-properdocs" / "bin" / "properdocs")],
    "zensical": [sys.executable, "-m", "scripts.build.zensical_stage"],
}


def engine_command(engine: str | None = None) -> list[str]:
    """The command line of `engine` (default: HANDBOOK_ENGINE, else mkdocs)."""
    name = engine or os.environ.get("HANDBOOK_ENGINE") or "mkdocs"
    if name not in ENGINES:
        raise ValueError(f"HANDBOOK_ENGINE={name!r}: one of {', '.join(ENGINES)}")
    return ENGINES[name]


def build(config: Path, site_dir: Path, strict: bool = True, env: dict | None = None,
          engine: str | None = None) -> subprocess.CompletedProcess:
    """A build of `config` into `site_dir` in a subprocess (the project on PYTHONPATH), by
    `engine` (mkdocs, properdocs or zensical; HANDBOOK_ENGINE by default)."""
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
                    PYTHONPATH=str(ROOT), **(env or {}))
    command = engine_command(engine)
    if command == ENGINES["zensical"]:
        cmd = [*command, "-f", str(config), "-d", str(site_dir), *([] if strict else ["--no-strict"])]
    else:
        cmd = [*command, "build", "-f", str(config), "-d", str(site_dir), *(["--strict"] if strict else [])]
    return subprocess.run(cmd, cwd=Path(config).parent, env=full_env, capture_output=True, text=True)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; gzip for text types when the client accepts it and gzip_enabled."""

    gzip_enabled = False

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        if not self.gzip_enabled or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to "dir/"
            path = os.path.join(path, "index.html")
        if not path.endswith(GZIP_TYPES) or not os.path.isfile(path):
            return super().send_head()
        with open(path, "rb") as f:
            data = gzip.compress(f.read(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


class Server:
    """A local HTTP server on 127.0.0.1 (random port) in a thread."""

    def __init__(self, directory: Path, gzip_enabled: bool = False):
        handler = type("H", (Handler,), {"gzip_enabled": gzip_enabled})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     functools.partial(handler, directory=str(directory)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def chromium_available() -> bool:
    import shutil
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def launch(playwright):
    """Debian's Chromium (Playwright's own browser download cannot work here)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# -- one config factory: the real mkdocs.yml, adjusted ---------------------------------------------
def real_config() -> dict:
    """mkdocs.yml as data (its python tags preserved), paths made absolute."""
    config = read_config(ROOT / "mkdocs.yml")
    config["hooks"] = [str(ROOT / h) for h in config.get("hooks", [])]
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config.pop("watch", None)
    return config


def i18n_languages(config: dict) -> list:
    plugin = next(p for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return plugin["i18n"]["languages"]


def write_config(path: Path, docs_dir: Path, nav: list | None = None, **changes) -> Path:
    """Write a copy of the real site's configuration for another docs tree (tiny sites in tests,
    the benchmark corpus), so fixtures cannot drift from mkdocs.yml."""
    config = real_config()
    config["docs_dir"] = str(docs_dir)
    if nav is not None:
        config["nav"] = nav
    config.update(changes)
    path.write_text(dump_config(config), encoding="utf-8")
    return path
