"""The handbook's own CSS and JavaScript, as served: without their comments and indentation.

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
