"""Personal signed links to the acknowledgement form.

token = HMAC-SHA256(secret, "reporter_id|update_id|revision"), base32, first 10 characters.
The secret comes from `--secret-file FILE` or the environment variable HANDBOOK_ACK_SECRET,
and is never committed: a secret file inside the repository is refused ([secret-in-repo]).
The link is `extra.ack_form_url` (mkdocs.yml) with {id}, {revision}, {lang}, {reporter},
{token} and {since} filled in; `reporter`, `token` and `since` are added as query
parameters when the template has no placeholder for them.
"""
from __future__ import annotations

import base64
import hmac
import os
import re
from pathlib import Path
from urllib.parse import quote

from ..model import ackrule
from ..model.languages import DEFAULT_LANGUAGE
from . import ROOT, AckError, Problem
from .messages import problem

ENV = "HANDBOOK_ACK_SECRET"
TOKEN_LENGTH = 10
MAX_SECRET_BYTES = 4096
MIN_SECRET_BYTES = 32  # a shorter key is recovered from one personal link by trying every value
MIN_SECRET_BITS = 128  # estimated from the key's own characters: "aaaa…" or a word repeated is refused
MAKE_SECRET = ("python -c \"import secrets; print(secrets.token_hex(32))\" > ~/.config/so-tay/ack-secret && "
               "chmod 600 ~/.config/so-tay/ack-secret")


def token(secret: bytes, reporter_id: str, update_id: str, revision) -> str:
    mac = hmac.digest(secret, f"{reporter_id}|{update_id}|{revision}".encode(), "sha256")
    # base32 turns each 5 bytes into 8 characters: the first 10 characters come from the first 10 bytes
    return base64.b32encode(mac[:10]).decode("ascii")[:TOKEN_LENGTH]


def token_ok(secret: bytes, reporter_id: str, update_id: str, revision, given: str) -> bool:
    given = "".join(str(given or "").split()).upper()
    return hmac.compare_digest(token(secret, reporter_id, update_id, revision).encode(), given.encode("ascii", "replace"))


def inside_repository(path: Path, root: Path = ROOT) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def secret_in_repo_problem(path: Path, root: Path = ROOT) -> Problem:
    return problem(str(path), 0, "secret-in-repo", "links.secret-in-repo-problem", root=root, env=ENV)


SECRET_NAME = re.compile(r"(^|[._-])ack[._-]?secret", re.IGNORECASE)
_SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "site", "__pycache__", ".pytest_cache"}


def find_secret_files(root: Path = ROOT) -> list[Path]:
    """Files inside the repository whose name says they hold the ack secret (ack-secret, .ack_secret…)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS]
        found += [Path(folder) / f for f in files if SECRET_NAME.search(f) and not f.endswith((".py", ".md"))]
    return sorted(found)


def secret_problems(secret_file: str | None = None, root: Path = ROOT) -> list[Problem]:
    """[secret-in-repo] for the given secret file (or $HANDBOOK_ACK_SECRET_FILE) inside `root`, and for
    any file in the repository named like a secret."""
    given = secret_file or os.environ.get(ENV + "_FILE")
    paths = [Path(given)] if given and inside_repository(Path(given), root) else []
    paths += [p for p in find_secret_files(root) if p.resolve() not in {q.resolve() for q in paths}]
    return [secret_in_repo_problem(p, root) for p in paths] + env_file_problems(root)


def entropy_bits(secret: bytes) -> float:
    """An estimate of a key's randomness: its length times the entropy of its own bytes' frequencies."""
    import math
    from collections import Counter
    n = len(secret)
    return -sum(c * math.log2(c / n) for c in Counter(secret).values()) if n else 0.0


def _weak(secret: bytes, where: str) -> AckError | None:
    if len(secret) < MIN_SECRET_BYTES or entropy_bits(secret) < MIN_SECRET_BITS:
        return AckError(problem(where, 0, "weak-secret", "links.weak", size=len(secret),
                                min_secret_bytes=MIN_SECRET_BYTES, make_secret=MAKE_SECRET))
    return None


# `.env`-style files (KEY=value lines read by tools and shells) inside the repository: a value under
# a secret-looking name is a secret committed or about to be
ENV_FILE = re.compile(r"^(\.env(\..+)?|.+\.env|\.envrc)$", re.IGNORECASE)
_SECRET_KEY = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY)"
                         r"[A-Za-z0-9_]*)\s*=\s*(.*)$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^[\"']?(?:|<.*>|\$\{?\w+\}?|changeme|xxx+|\.\.\.|\*+)[\"']?$", re.IGNORECASE)


def env_file_problems(root: Path = ROOT) -> list[Problem]:
    """[secret-in-repo] for each secret value in a `.env`-style file inside `root`, at its line."""
    problems = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS]
        for name in sorted(files):
            if not ENV_FILE.match(name):
                continue
            path = Path(folder) / name
            try:
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:10_000]
            except OSError:
                continue
            for number, line in enumerate(lines, start=1):
                m = _SECRET_KEY.match(line)
                if m and not _PLACEHOLDER.match(m.group(2).split(" #")[0].strip()):
                    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
                    problems.append(problem(rel, number, "secret-in-repo", "links.env-file-problems", name=name,
                                            key=m.group(1), env=ENV))
    return problems


def load_secret(secret_file: str | None, required: bool = True, root: Path = ROOT) -> bytes | None:
    """The secret from `secret_file` (refused inside the repository, when group- or world-readable or
    writable, or weak) or $HANDBOOK_ACK_SECRET (refused when weak)."""
    secret_file = secret_file or os.environ.get(ENV + "_FILE") or None
    if secret_file:
        path = Path(secret_file)
        if inside_repository(path, root):
            raise AckError(secret_in_repo_problem(path, root))
        try:
            info = path.stat()
            if info.st_size > MAX_SECRET_BYTES:
                raise AckError(problem(str(path), 0, "file-too-large", "links.load-secret",
                                       max_secret_bytes=MAX_SECRET_BYTES))
            if info.st_mode & 0o077:
                raise AckError(problem(str(path), 0, "secret-permissions", "links.load-secret",
                                       mode=info.st_mode & 0o777, path=path))
            data = path.read_bytes().strip()
        except OSError as exc:
            raise AckError(problem(str(path), 0, "unreadable-file", "links.load-secret", exc=exc)) from None
        if not data:
            raise AckError(problem(str(path), 0, "empty-file", "links.load-secret"))
        weak = _weak(data, str(path))
        if weak:
            raise weak
        return data
    env = os.environ.get(ENV, "").strip()
    if env:
        weak = _weak(env.encode("utf-8"), ENV)
        if weak:
            raise weak
        return env.encode("utf-8")
    if required:
        raise AckError(problem("--secret-file", 0, "missing-secret", "links.load-secret", env=ENV))
    return None


def personal_url(template: str, update_id: str, revision, lang: str, reporter_id: str, tok: str,
                 since: int | None = None) -> str:
    values = {"id": str(update_id), "revision": str(revision), "lang": lang, "reporter": reporter_id,
              "token": tok, "since": "" if since is None else str(since)}
    out, extra = template, []
    for key, value in values.items():
        if "{" + key + "}" in out:
            out = out.replace("{" + key + "}", quote(value, safe=""))
        elif key in ("reporter", "token") or (key == "since" and since is not None):
            extra.append(f"{key}={quote(value, safe='')}")
    if extra:
        out += ("&" if "?" in out else "?") + "&".join(extra)
    return out


class Signer:
    """Personal links for one form template and secret."""

    def __init__(self, template: str, secret: bytes, lang: str = DEFAULT_LANGUAGE):
        self.template, self.secret, self.lang = template, secret, lang

    def __call__(self, reporter, update, since: int | None = None) -> str:
        rid = reporter.rid if hasattr(reporter, "rid") else str(reporter)
        return personal_url(self.template, update.id, update.revision, self.lang, rid,
                            token(self.secret, rid, update.id, update.revision), since)


def form_template(config: Path | str | None = None) -> str:
    from ..checks.safety import key_line, read_extra
    path = Path(config) if config else ROOT / "mkdocs.yml"
    extra = read_extra(path)
    template = extra.get("ack_form_url")
    if not isinstance(template, str) or not template.strip().lower().startswith("https://"):
        raise AckError(problem(str(config or "mkdocs.yml"), 0, "missing-form-url", "links.form-template"))
    marker = ackrule.form_placeholder(template)
    if marker:
        line = key_line(path.read_text(encoding="utf-8").split("\n"), "ack_form_url")
        raise AckError(problem(str(config or "mkdocs.yml"), line, "missing-form-url", "links.form-template-2",
                               marker=marker))
    return template.strip()


__all__ = ["token", "token_ok", "load_secret", "personal_url", "Signer", "form_template", "ENV"]
