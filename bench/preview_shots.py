"""Screenshots of the pages a pull request changes, each language, taken in Chromium from the
preview copy (`make preview`) opened from disk as an editor opens it; and the Markdown the CI
job summary shows (GitHub) or the job log prints (GitLab).

    python -m bench.preview_shots shoot --preview dist/preview --base origin/main
    python -m bench.preview_shots summary --preview-url URL --sheet-url URL >> "$GITHUB_STEP_SUMMARY"

`shoot` writes one PNG per page and language into the preview copy (`_screenshots/`, so they
travel in its artifact), one contact sheet with all of them (`--sheet`, one PNG: GitHub opens a
single-file artifact in the browser; it strips `data:` images from a summary, so the summary
links to the sheet instead of embedding it), and a manifest for `summary`. Every request
outside file:// is aborted: the preview must not need the network.

Changed pages: the `docs/**/<name>.<lang>.md` files that differ from `--base` (committed or
not), both languages of each; deleted pages are skipped; with no page changed, the home page.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import ROOT, launch

SHOTS = "_screenshots"
MANIFEST = "preview-shots.json"
VIEWPORT = {"width": 1280, "height": 900}


def _git(root: Path, *args: str) -> str | None:
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    return out.stdout if out.returncode == 0 else None


def changed_stems(docs: Path, base: str | None) -> list[str]:
    """Stems ('legal/nd-56-2017') of the pages changed since `base`, in a stable order."""
    from scripts.model import languages
    from scripts.model.tree import load_tree
    root = Path((_git(docs, "rev-parse", "--show-toplevel") or str(ROOT)).strip())
    names = set()
    if base:
        names |= set((_git(root, "diff", "--name-only", f"{base}...HEAD") or _git(root, "diff", "--name-only", base)
                      or "").split())
    names |= {line[3:].strip() for line in (_git(root, "status", "--porcelain", "-uall") or "").splitlines()}
    docs_rel = docs.resolve().relative_to(root.resolve()).as_posix() + "/"
    suffixes = tuple(f".{lang}.md" for lang in languages.codes())
    stems = set()
    for name in names:
        if name.startswith(docs_rel) and name.endswith(suffixes):
            stems.add(name[len(docs_rel):].rsplit(".", 2)[0])
    existing = {p.stem for p in load_tree(docs, bodies=False).pages if p.stem}
    return sorted(stems & existing) or ["index"]


def offline_path(stem: str, lang: str) -> str:
    """Where the offline build (--no-directory-urls) writes a page: legal/x.html, en/legal/x.html."""
    from scripts.model.languages import DEFAULT_LANGUAGE
    return ("" if lang == DEFAULT_LANGUAGE else f"{lang}/") + stem + ".html"


def shoot(preview: Path, stems: list[str], sheet: Path, manifest_path: Path, browser=None) -> dict:
    """Screenshots of `stems` in every language (in `browser`, or a Chromium of its own)."""
    if browser is None:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            own = launch(p)
            try:
                return shoot(preview, stems, sheet, manifest_path, own)
            finally:
                own.close()
    from scripts.model import languages
    (preview / SHOTS).mkdir(exist_ok=True)
    entries = []
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else route.abort())
    page = context.new_page()
    for stem in stems:
        entry = {"stem": stem, "langs": {}}
        for lang in languages.codes():
            rel = offline_path(stem, lang)
            if not (preview / rel).exists():
                continue
            page.goto((preview / rel).resolve().as_uri())
            png = f"{SHOTS}/{stem.replace('/', '--')}.{lang}.png"
            page.screenshot(path=str(preview / png))
            title = page.title().rsplit(" - ", 1)[0]  # without the site's name after it
            entry["langs"][lang] = {"page": rel, "png": png, "title": title}
        entries.append(entry)
    _contact_sheet(page, preview, entries, sheet)
    context.close()
    manifest = {"pages": entries, "sheet": sheet.name}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _contact_sheet(page, preview: Path, entries: list[dict], sheet: Path) -> None:
    """All screenshots on one page (a row per page, a column per language), saved as one PNG."""
    from html import escape
    rows = []
    for entry in entries:
        cells = "".join(f'<td><p>{escape(v["page"])}</p><img src="{(preview / v["png"]).resolve().as_uri()}"></td>'
                        for v in entry["langs"].values())
        rows.append(f"<tr>{cells}</tr>")
    html = ("<!doctype html><meta charset=utf-8><style>body{margin:8px;font:14px sans-serif}"
            "img{width:640px;border:1px solid #999}td{vertical-align:top;padding:4px}</style>"
            f"<table>{''.join(rows)}</table>")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sheet.html"
        path.write_text(html, encoding="utf-8")
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        sheet.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(sheet), full_page=True)


def summary(manifest: dict, preview_url: str = "", sheet_url: str = "", file_url: str = "") -> str:
    """The job summary: where to click, then a row per changed page with each language's page and
    screenshot inside the artifact (linked one by one when the host serves artifact files: GitLab)."""
    def where(path: str) -> str:
        return f"[`{path}`]({file_url}{path})" if file_url else f"`{path}`"

    out = ["### Bản xem trước — Preview", ""]
    if preview_url:
        out.append(f"1. Tải bản xem trước — download the preview: **[site-preview]({preview_url})** "
                   "(tệp zip — a zip file).")
    else:
        out.append("1. Tải bản xem trước (artifact **site-preview**) — download the preview artifact.")
    out += ["2. Giải nén, mở `index.html` bằng trình duyệt (không cần mạng) — unzip it, open `index.html` "
            "in a browser (works offline).", ""]
    if sheet_url:
        out += [f"📷 **[Ảnh chụp các trang đã sửa, cả hai ngôn ngữ — screenshots of the changed pages]({sheet_url})** "
                "(một ảnh PNG, mở ngay trên trình duyệt — one PNG, opens in the browser)", ""]
    out += ["| Trang — Page | Tiếng Việt | English |", "|---|---|---|"]
    for entry in manifest["pages"]:
        cells = []
        for lang in ("vi", "en"):
            v = entry["langs"].get(lang)
            cells.append(f"{where(v['page'])} · ảnh/screenshot {where(v['png'])}" if v else "—")
        title = next((v["title"] for v in entry["langs"].values()), entry["stem"]).replace("|", "/")
        out.append(f"| {title} | {cells[0]} | {cells[1]} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.preview_shots", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("shoot")
    p.add_argument("--preview", default="dist/preview")
    p.add_argument("--docs", default=str(ROOT / "docs"))
    p.add_argument("--base", help="the target branch: pages changed since it (default: uncommitted changes)")
    p.add_argument("--sheet", default="dist/preview-screenshots.png")
    p.add_argument("--manifest", default=f"dist/{MANIFEST}")
    p.add_argument("pages", nargs="*", help="stems to shoot instead of the changed pages (legal/nd-56-2017)")
    p = sub.add_parser("summary")
    p.add_argument("--manifest", default=f"dist/{MANIFEST}")
    p.add_argument("--preview-url", default="")
    p.add_argument("--sheet-url", default="")
    p.add_argument("--file-url", default="", help="prefix that serves one file of the preview (GitLab)")
    args = parser.parse_args(argv)
    if args.command == "shoot":
        preview = Path(args.preview)
        if not (preview / "index.html").exists():
            print(f"❌ {preview}/index.html không có: chạy 'make preview' trước", file=sys.stderr)
            return 1
        stems = args.pages or changed_stems(Path(args.docs), args.base)
        manifest = shoot(preview, stems, Path(args.sheet), Path(args.manifest))
        shots = sum(len(e["langs"]) for e in manifest["pages"])
        print(f"✅ {shots} ảnh chụp của {len(stems)} trang: {preview / SHOTS}/, {args.sheet}")
        return 0
    manifest = json.loads(Path(args.manifest).read_text(encoding="utf-8"))
    print(summary(manifest, args.preview_url, args.sheet_url, args.file_url), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
