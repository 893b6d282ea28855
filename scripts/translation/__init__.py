"""Translation workflow: which Vietnamese version each translation translates.

Each translation records `translation_of: <hash>` in its front matter: the first 10 hex
digits of SHA-256 over the Vietnamese file's **body and translatable front matter** (the
fields each language writes for itself — title, description, sources, issuer, revision
notes…; not `last_reviewed`, which changes on a review without changing the text, nor the
shared fields, which translations inherit and never translate). The body is compared in
NFC, without trailing spaces and surrounding blank lines, so re-saving a file does not make
its translations outdated. A hash (not a commit id) survives rebases, squash merges and
copies between GitHub and GitLab, and can be computed without git; the text of the
recorded version is found again in git history by hashing each past version of the
Vietnamese file (`recorded_version`).

`translation_of: current` is what an editor writes from the web editor (no command to run):
"this translation matches the Vietnamese text as it is in this change". Nothing rewrites it;
git tells which Vietnamese version it was written against (`resolve_current`): the Vietnamese
file as it was when the translation last landed on the branch (`git log --first-parent`, so a
pull request merged with a merge commit or squashed counts as one change), or, in a pull
request (HANDBOOK_BASE names its target branch), the Vietnamese file of the pull request
itself when the translation is changed in it. So an English page edited in the same pull
request as its Vietnamese page is up to date for that change, and becomes outdated when a
later change edits the Vietnamese page alone. CI checks out the full history for this
(`fetch-depth: 0`); without git (or history) a `current` translation counts as up to date.

States of a page (`status`): ok, outdated (hash differs), unrecorded (no translation_of
yet), missing (no translation file), pending (no translation file, the Vietnamese file says
`translation: pending`: the build publishes the Vietnamese text under the translation's URL
with a notice), orphan (a translation without its Vietnamese file). Structural differences
between the two files are listed too: heading anchors, numbers of tables, links, footnotes.

Plain Python and git: used by `python -m scripts i18n …`, the checks and the build hook.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from ..model import dates
from ..model.languages import DEFAULT_LANGUAGE, codes
from ..model.registry import FIELDS, normalise_choices
from ..model.tree import FrontMatterError, Page, Tree, parse_front_matter, split_front_matter

HASH_LENGTH = 10
CURRENT = "current"  # translation_of written from the web editor: resolved from git (resolve_current)
BASE_ENV = "HANDBOOK_BASE"  # CI: the pull request's target branch (origin/main), for resolve_current
# own-language fields that do not make a translation outdated
NOT_TRANSLATED = {"last_reviewed", "translation", "translation_of"}
PENDING = "pending"


# -- the hash ---------------------------------------------------------------------------------
def translatable(meta: dict) -> dict:
    """The front-matter fields a translation translates (non-shared fields, minus review dates)."""
    return {k: v for k, v in meta.items()
            if k not in NOT_TRANSLATED and not (k in FIELDS and FIELDS[k].shared) and k in FIELDS}


def _normal_body(body: str) -> str:
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", body).split("\n")]
    return "\n".join(lines).strip("\n")


def source_hash(meta: dict, body: str) -> str:
    payload = json.dumps({"front_matter": translatable(meta), "body": _normal_body(body)},
                         ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(unicodedata.normalize("NFC", payload).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def page_hash(page: Page) -> str:
    return source_hash(page.meta, page.body)


def text_hash(text: str) -> str | None:
    """The hash of a Vietnamese file's text (a past version from git); None when it does not parse."""
    try:
        yaml_text, first, body, _ = split_front_matter(text.lstrip("\ufeff"))
        meta = normalise_choices(parse_front_matter(yaml_text, first)[0]) if yaml_text is not None else {}
    except (FrontMatterError, Exception):  # noqa: BLE001 - a broken past version matches nothing
        return None
    return source_hash(meta, body)


# -- structure --------------------------------------------------------------------------------
ANCHOR_RE = re.compile(r"^#{2,6}\s.*\{\s*#([\w-]+)[^}]*\}\s*$", re.M)
TABLE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)
LINK_RE = re.compile(r"(?<!!)\[[^\]^][^\]]*\]\([^)]+\)")
FOOTNOTE_RE = re.compile(r"^\[\^[^\]]+\]:", re.M)


def structure(body: str) -> dict:
    code_free = re.sub(r"^```.*?^```", "", body, flags=re.M | re.S)
    return {"anchors": ANCHOR_RE.findall(code_free), "tables": len(TABLE_RE.findall(code_free)),
            "links": len(LINK_RE.findall(code_free)), "footnotes": len(FOOTNOTE_RE.findall(code_free))}


def structure_differences(source: Page, translation: Page) -> list[str]:
    """What differs in shape between the two files (Vietnamese messages)."""
    a, b = structure(source.body), structure(translation.body)
    out = []
    if a["anchors"] != b["anchors"]:
        only_vi = [x for x in a["anchors"] if x not in b["anchors"]]
        only_tr = [x for x in b["anchors"] if x not in a["anchors"]]
        detail = "; ".join(filter(None, [f"chỉ bản tiếng Việt có #{', #'.join(only_vi)}" if only_vi else "",
                                         f"chỉ bản dịch có #{', #'.join(only_tr)}" if only_tr else "",
                                         "khác thứ tự" if not only_vi and not only_tr else ""]))
        out.append(f"mã mục tiêu đề khác nhau ({detail})")
    names = {"tables": "bảng", "links": "liên kết", "footnotes": "chú thích"}
    for key, name in names.items():
        if a[key] != b[key]:
            out.append(f"số {name} khác nhau: bản tiếng Việt {a[key]}, bản dịch {b[key]}")
    return out


# -- git --------------------------------------------------------------------------------------
def git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8",
                             timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout if out.returncode == 0 else None


def repo_root(path: Path) -> Path | None:
    top = git(path if path.is_dir() else path.parent, "rev-parse", "--show-toplevel")
    return Path(top.strip()) if top else None


@dataclass
class Version:
    commit: str
    date: str  # YYYY-MM-DD (committer date)
    text: str


def history(path: Path) -> list[Version]:
    """Every committed version of a file, newest first."""
    root = repo_root(path)
    if root is None:
        return []
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    log = git(root, "log", "--format=%H %cs", "--", rel) or ""
    out = []
    for line in log.splitlines():
        commit, _, date = line.partition(" ")
        text = git(root, "show", f"{commit}:{rel}")
        if text is not None:
            out.append(Version(commit, date, text))
    return out


def recorded_version(path: Path, wanted: str) -> Version | None:
    """The newest committed version of the Vietnamese file whose hash is `wanted`."""
    return next((v for v in history(path) if text_hash(v.text) == wanted), None)


def changed_on(path: Path, today: dt.date | None = None) -> str:
    """When the Vietnamese file last changed: its last commit's date, today when it has
    uncommitted changes or is not committed yet."""
    root = repo_root(path)
    today_iso = (today or dates.today()).isoformat()
    if root is None:
        return today_iso
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    dirty = git(root, "status", "--porcelain", "--", rel)
    last = (git(root, "log", "-1", "--format=%cs", "--", rel) or "").strip()
    return today_iso if (dirty is None or dirty.strip() or not last) else last


def diff_since(path: Path, wanted: str, current: str) -> str:
    """The Vietnamese diff from the recorded version to the current file ('' when not found)."""
    old = recorded_version(path, wanted)
    if old is None:
        return ""
    return "".join(difflib.unified_diff(old.text.splitlines(keepends=True), current.splitlines(keepends=True),
                                        fromfile=f"{old.commit[:8]} ({old.date})", tofile="hiện tại"))


# -- status -----------------------------------------------------------------------------------
@dataclass
class Entry:
    stem: str
    lang: str
    state: str  # ok, outdated, unrecorded, missing, pending, orphan
    source: str = ""  # Vietnamese file, relative to the repository
    translation: str = ""  # translation file (expected path when missing)
    recorded: str = ""
    current: str = ""
    changed: str = ""  # date of the Vietnamese change (outdated)
    differences: list = field(default_factory=list)
    diff: str = ""

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", [], None)}


def is_pending(source: Page) -> bool:
    return source.meta.get("translation") == PENDING


def _first_parent_change(root: Path, rel: str) -> str | None:
    """The commit of the branch's own history (first parents) that brought the file's current text."""
    out = (git(root, "log", "--first-parent", "-1", "--format=%H", "--", rel) or "").strip()
    return out or None


def _changed_in_pull_request(root: Path, rel: str, base: str) -> bool:
    return bool((git(root, "log", "-1", "--format=%H", f"{base}..HEAD", "--", rel) or "").strip())


_resolved: dict = {}


def resolve_current(page: Page) -> str | None:
    """The hash of the Vietnamese version a `translation_of: current` translation was written
    against; None when it is the current Vietnamese text (or git cannot tell)."""
    source = page.source
    root = repo_root(page.path)
    if source is None or root is None:
        return None
    rel_tr = page.path.resolve().relative_to(root.resolve()).as_posix()
    rel_vi = source.path.resolve().relative_to(root.resolve()).as_posix()
    head = (git(root, "rev-parse", "-q", "--verify", "HEAD") or "").strip()
    base = os.environ.get(BASE_ENV, "").strip()
    key = (rel_tr, rel_vi, head, base, page.text, source.text)
    if key not in _resolved:
        _resolved[key] = _resolve(root, rel_tr, rel_vi, base)
    return _resolved[key]


def _resolve(root: Path, rel_tr: str, rel_vi: str, base: str) -> str | None:
    dirty = {line[3:].strip() for line in (git(root, "status", "--porcelain", "--", rel_tr, rel_vi) or "").splitlines()}
    if rel_tr in dirty:
        return None  # the translation is being written now, next to the Vietnamese text on disk
    if base and _changed_in_pull_request(root, rel_tr, base):
        return None  # translated in this pull request: the pull request's Vietnamese text
    landed = _first_parent_change(root, rel_tr)
    if landed is None:
        return None
    vi_landed = _first_parent_change(root, rel_vi)
    vi_after = rel_vi in dirty or (base and _changed_in_pull_request(root, rel_vi, base)) or (
        vi_landed is not None and vi_landed != landed
        and git(root, "merge-base", "--is-ancestor", vi_landed, landed) is None)
    if not vi_after:
        return None
    return text_hash(git(root, "show", f"{landed}:{rel_vi}") or "") or ""


def recorded_hash(page: Page) -> str:
    """The hash of the Vietnamese version this translation translates ('' when not recorded)."""
    recorded = str(page.meta.get("translation_of") or "")
    if recorded != CURRENT:
        return recorded
    resolved = resolve_current(page)
    return page_hash(page.source) if resolved is None and page.source is not None else (resolved or "")


def translation_state(page: Page) -> str:
    """ok / outdated / unrecorded for a translation whose Vietnamese file exists."""
    source = page.source
    recorded = page.meta.get("translation_of")
    if source is None:
        return "orphan"
    if not recorded:
        return "unrecorded"
    return "ok" if recorded_hash(page) == page_hash(source) else "outdated"


def status(tree: Tree, root: Path | None = None, with_diff: bool = True, with_git: bool = True) -> list[Entry]:
    """Every page's translation state; with_git=False reads no history (no date, no diff: pure)."""
    root = (root or tree.docs_dir.parent).resolve()

    def rel(path: Path) -> str:
        try:
            return path.resolve().relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    out = []
    for page in sorted((p for p in tree.pages if p.lang and p.stem), key=lambda p: (p.stem, p.lang)):
        stem, page_lang = cast(str, page.stem), cast(str, page.lang)  # pages with both, above
        if page_lang == DEFAULT_LANGUAGE:
            for lang in codes():
                if lang != DEFAULT_LANGUAGE and lang not in page.versions:
                    expected = page.path.with_name(f"{Path(stem).name}.{lang}.md")
                    out.append(Entry(stem, lang, PENDING if is_pending(page) else "missing", rel(page.path),
                                     rel(expected)))
            continue
        source = page.source
        if source is None:
            out.append(Entry(stem, page_lang, "orphan", "", rel(page.path)))
            continue
        entry = Entry(stem, page_lang, translation_state(page), rel(source.path), rel(page.path),
                      recorded=recorded_hash(page), current=page_hash(source),
                      differences=structure_differences(source, page))
        if entry.state == "outdated" and with_git:
            entry.changed = changed_on(source.path)
            if with_diff:
                entry.diff = diff_since(source.path, entry.recorded, source.text)
        out.append(entry)
    return out


def coverage(entries: list[Entry], tree: Tree) -> dict:
    """pages (Vietnamese), translations expected, up to date, outdated, missing, pending, orphan."""
    langs = [lang for lang in codes() if lang != DEFAULT_LANGUAGE]
    pages = sum(1 for p in tree.pages if p.lang == DEFAULT_LANGUAGE and p.stem)
    count = {state: sum(1 for e in entries if e.state == state)
             for state in ("ok", "outdated", "unrecorded", "missing", "pending", "orphan")}
    return {"pages": pages, "translations": pages * len(langs), **count}


# -- mark-current ----------------------------------------------------------------------------
def mark_current(page: Page) -> str:
    """Record the current Vietnamese hash in the translation's front matter; the new hash."""
    source = page.source
    if source is None:
        raise ValueError(f"{page.rel}: không có bản tiếng Việt")
    wanted = page_hash(source)
    text = page.path.read_text(encoding="utf-8")
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    line = f"translation_of: {wanted}"
    at = next((i for i in range(1, end) if re.match(r"^translation_of\s*:", lines[i])), None)
    if at is not None:
        lines[at] = line
    else:
        lines.insert(end, line)
    page.path.write_text("\n".join(lines), encoding="utf-8")
    return wanted
