"""scripts/build/slim.py: the handbook's own CSS and JS served without comments and
indentation, and still the same code."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.build.slim import slim, slim_assets

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ["assets/handbook.css", "assets/trainers.css", "assets/search/notice.js", "assets/trainers.js",
          "assets/since.js", "assets/pwa/pwa.js", "assets/home.js"]


def test_only_whole_line_comments_and_indentation_go():
    js = ("/*\n * header\n */\n(function () {\n  // a note\n  var a = 1; // kept: not a whole line\n"
          "  /* a */ var b = '/* not a comment */';\n  var re = /\\/\\*x/;\n\n  /* one\n     two */\n"
          "  return a + b;\n})();\n")
    out = slim(js, js=True)
    assert out == ("(function () {\nvar a = 1; // kept: not a whole line\n"
                   "/* a */ var b = '/* not a comment */';\nvar re = /\\/\\*x/;\nreturn a + b;\n})();\n")
    # a comment ending before code on its line is kept whole, not joined to a later "*/"
    assert slim("/* a */ f();\n/* b */\n", js=True) == "/* a */ f();\n"
    css = '/* rules */\n.a {\n  content: "/* x */";\n}\n'
    assert slim(css, js=False) == '.a {\ncontent: "/* x */";\n}\n'


def test_a_script_with_a_template_literal_is_left_alone():
    js = "// note\nvar t = `a\n  b`;\n"
    assert slim(js, js=True) == js
    assert slim("/* `quoted` in a comment */\nvar a = 1;\n", js=True) == "var a = 1;\n"


def test_the_real_assets_stay_valid_and_lose_their_comments(tmp_path):
    node = shutil.which("node")
    if node is None and not os.environ.get("CI"):
        pytest.skip("node is not installed")
    assert node, "node is required under CI"
    for name in ASSETS:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "overrides" / name, tmp_path / name)
    done = slim_assets(tmp_path, ASSETS)
    assert set(done) == set(ASSETS)
    assert sum(before - after for before, after in done.values()) > 4000
    for name in ASSETS:
        if name.endswith(".js"):
            result = subprocess.run([node, "--check", str(tmp_path / name)], capture_output=True, text=True)
            assert result.returncode == 0, name + result.stderr
    # the same rules, property for property
    for name in ("assets/handbook.css", "assets/trainers.css"):
        strip = lambda t: "".join(t.split())  # noqa: E731
        import re
        source = re.sub(r"/\*.*?\*/", "", (ROOT / "overrides" / name).read_text(encoding="utf-8"), flags=re.S)
        assert strip((tmp_path / name).read_text(encoding="utf-8")) == strip(source)


def test_the_build_slims_what_mkdocs_yml_lists():
    from scripts.build.configfile import read_config
    config = read_config(ROOT / "mkdocs.yml")
    assert sorted(config["extra_css"] + config["extra_javascript"]) == sorted(ASSETS)


def test_the_built_site_serves_them_slim(site):
    for name in ASSETS:
        text = (site / name).read_text(encoding="utf-8")
        assert not text.startswith("/*") and "\n  " not in text, name
    boot = (site / "assets/search/boot.js").read_text(encoding="utf-8")
    assert len(boot.encode("utf-8")) < 1024 and 'worker.js?v=' in boot


def test_html_loses_its_indentation_but_not_preformatted_text():
    from scripts.build.slim import slim_html
    page = ("<html>\n  <body>\n    <p>một\n      hai</p>\n\n    <pre><code>a:\n  b: 1\n\n    c\n</code></pre>\n"
            "    <TEXTAREA>\n  x\n</TEXTAREA>\n    <script>\n      var a = 1; // note\n      var b = 2;\n    </script>\n"
            "  </body>\n</html>\n")
    assert slim_html(page) == ("<html>\n<body>\n<p>một\nhai</p>\n<pre><code>a:\n  b: 1\n\n    c\n</code></pre>\n"
                               "<TEXTAREA>\n  x\n</TEXTAREA>\n<script>\nvar a = 1; // note\nvar b = 2;\n</script>\n"
                               "</body>\n</html>\n")


def test_built_pages_are_written_slim(site):
    import re

    from scripts.build.slim import slim_html
    page = (site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<pre\b.*?</pre>", page, re.S)  # its command examples
    assert slim_html(page) == page
    assert "\n  <" not in re.sub(r"<pre\b.*?</pre>", "", page, flags=re.S)  # no template indentation
