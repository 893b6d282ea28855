"""Languages as data: one locale file per language (`locales/<code>.yml`) holds the
language's names, its date format, the labels of every vocabulary (page types, document
types, statuses, relations, levels) and every UI string the Python side renders.

Adding a language = adding one file (and the language to mkdocs.yml); adding a string =
one key in every locale file (tests/test_architecture.py fails when a file lags behind).
The browser scripts read their strings from `browser_strings(lang)`, written into the
site by the build, so they come from the same table.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_LANGUAGE = "vi"  # the authoritative text; other languages are translations
LOCALES_DIR = Path(__file__).resolve().parent / "locales"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # its own name ("Tiếng Việt")
    language_names: dict[str, str]  # other languages named in this one: {"en": "tiếng Anh"}
    date_format: str  # "{day:02d}/{month:02d}/{year}"
    months: tuple[str, ...]
    vocab: dict[str, dict[str, Any]]  # vocabulary -> key -> label
    strings: dict[str, dict[str, str]]  # group -> key -> text
    source: str = ""
    search: dict[str, Any] = field(default_factory=dict)  # stem, stop_words, synonyms (scripts/search/index.py)
    numbers: dict[str, Any] = field(default_factory=dict)  # thousands, decimal, ordinals, scale, month_words
    og_locale: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


_LANGUAGES: dict[str, Language] = {}
_DIRS: list[Path] = []


def _load_dir(directory: Path) -> None:
    for path in sorted(Path(directory).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        code = data.get("code") or path.stem
        _LANGUAGES[code] = Language(code=code, name=data["name"], language_names=data.get("language_names") or {},
                                    date_format=data["date_format"], months=tuple(data["months"]),
                                    vocab=data.get("vocab") or {}, strings=data.get("strings") or {},
                                    source=str(path), search=data.get("search") or {},
                                    numbers=data.get("numbers") or {}, og_locale=str(data.get("og_locale") or code))


def add_locale_dir(directory: Path | str) -> None:
    """Make the locale files of another folder known (a site's own extra languages)."""
    directory = Path(directory).resolve()
    if directory not in _DIRS:
        _DIRS.append(directory)
        _ensure()
        _load_dir(directory)


def _ensure() -> None:
    if not _LANGUAGES:
        _load_dir(LOCALES_DIR)
        for extra in _DIRS:
            _load_dir(extra)


def languages() -> dict[str, Language]:
    """Every known language by code, the default first."""
    _ensure()
    return dict(sorted(_LANGUAGES.items(), key=lambda kv: kv[0] != DEFAULT_LANGUAGE))


def codes() -> tuple[str, ...]:
    return tuple(languages())


def language(code: str) -> Language:
    known = languages()
    return known.get(code) or known[DEFAULT_LANGUAGE]


def t(lang: str, key: str, **values: Any) -> str:
    """The UI string `group.key` in `lang` (the default language's when the locale lacks it)."""
    group, _, name = key.partition(".")
    strings = language(lang).strings.get(group) or {}
    if name not in strings:
        strings = language(DEFAULT_LANGUAGE).strings.get(group) or {}
    text: str = strings[name]
    return text.format(**values) if values else text


def strings(lang: str, group: str) -> dict[str, str]:
    """A whole group of strings (for code that formats many of them)."""
    merged = dict(language(DEFAULT_LANGUAGE).strings.get(group) or {})
    merged.update(language(lang).strings.get(group) or {})
    return merged


def label(vocab: str, key: Any, lang: str) -> str:
    """A vocabulary label ('status', 'in-force', 'en') -> 'In force'; the key itself when unknown."""
    table = language(lang).vocab.get(vocab) or {}
    return str(table.get(key, language(DEFAULT_LANGUAGE).vocab.get(vocab, {}).get(key, key)))


def vocabulary(vocab: str) -> dict[str, Any]:
    """The keys of a vocabulary, in order, with their default-language labels."""
    return dict(language(DEFAULT_LANGUAGE).vocab.get(vocab) or {})


def stop_words(lang: str) -> list[str]:
    """Words that never remove a page from `lang`'s search results (folded: no accents)."""
    return [str(w) for w in language(lang).search.get("stop_words") or []] if lang in languages() else []


def synonyms(lang: str) -> list[tuple[str, str]]:
    """(a reader's phrase, the handbook's phrase) pairs of `lang`'s search."""
    return [(str(a), str(b)) for a, b in language(lang).search.get("synonyms") or []] if lang in languages() else []


def language_name(code: str, in_lang: str) -> str:
    """How `in_lang` names the language `code` ("en" in "vi" -> "tiếng Anh")."""
    return str(language(in_lang).language_names.get(code, language(code).name))


def browser_strings(lang: str) -> dict[str, Any]:
    """What the browser scripts need, in `lang`: the `search` and `offline` groups and the language names."""
    return {"lang": lang, "search": strings(lang, "search"), "offline": strings(lang, "offline"),
            "languages": {code: language_name(code, lang) for code in codes()}}
