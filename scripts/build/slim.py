"""The handbook's own CSS and JavaScript, as served: without their comments and indentation;
and every page's HTML without its indentation.

Every page loads them (mkdocs.yml extra_css, extra_javascript); their comments are for
the people who edit them, not for readers' phones (about 6 kB of the first page view).
Run by the build after the site is written, on the copies in the site only.

Deliberately not a minifier: it drops only
- lines that are a whole comment (`// …`; `/* … */` starting a line, over one or more lines),
- each line's leading indentation, and empty lines;
so it never has to tell a comment from a string or a regular expression in the middle of a
line. A script with a template literal (a backtick outside comments: its text could span
lines) is left as it is.
"""
from __future__ import annotations

import re
from pathlib import Path

# a comment that starts a line and whose first "*/" ends a line (never "/* a */ code();")
_BLOCK = re.compile(r"^[ \t]*/\*(?:(?!\*/).)*\*/[ \t]*$", re.S | re.M)
_LINE = re.compile(r"^[ \t]*//.*$", re.M)


def slim(text: str, js: bool) -> str:
    out = _BLOCK.sub("", text)
    if js:
        out = _LINE.sub("", out)
        if "`" in out:  # a template literal's opening backtick is on a line of code
            return text
    return "".join(line.strip() + "\n" for line in out.splitlines() if line.strip())


def slim_assets(site_dir: Path, names: list[str]) -> dict[str, tuple[int, int]]:
    """Slim each of `names` (paths under site_dir, .css or .js); bytes before and after."""
    done = {}
    for name in names:
        path = Path(site_dir) / name
        if path.suffix not in (".css", ".js") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        out = slim(text, js=path.suffix == ".js")
        if out != text:
            path.write_text(out, encoding="utf-8")
        done[name] = (len(text.encode("utf-8")), len(out.encode("utf-8")))
    return done


# where whitespace is content: kept byte for byte
_KEEP = re.compile(r"(<(pre|textarea)\b.*?</\2\s*>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def slim_html(html: str) -> str:
    """A page without the indentation of its template (3–4 kB of a 30 kB page).

    Each run of line breaks and indentation becomes one line break, which a browser shows
    exactly as it showed the run (a space, or nothing between blocks); <pre> and
    <textarea>, where whitespace is content, are left as they are.
    """
    parts = _KEEP.split(html)
    out = []
    # split() with two groups yields: text, whole kept element, tag name, text, …
    for i in range(0, len(parts), 3):
        out.append(_INDENT.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
