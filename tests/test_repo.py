"""Repository-wide rules: Markdown, YAML and CSV in Unicode NFC; the real docs pass the checks."""
from __future__ import annotations

import subprocess
import sys
import unicodedata

from conftest import ROOT

SKIP = {".venv", ".bench", "site", ".git", ".pytest_cache", "node_modules"}


def tracked_text_files():
    for pattern in ("*.md", "*.yml", "*.yaml", "*.csv"):
        for path in ROOT.rglob(pattern):
            if not SKIP & set(path.relative_to(ROOT).parts):
                yield path


def test_markdown_yaml_and_csv_are_nfc():
    files = list(tracked_text_files())
    assert len(files) > 40
    bad = [p.relative_to(ROOT).as_posix() for p in files
           if not unicodedata.is_normalized("NFC", p.read_text(encoding="utf-8-sig"))]
    assert bad == []


def test_real_docs_pass_the_checks_with_one_ok_line():
    result = subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "CI": "false"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("✅ nội dung ok")
