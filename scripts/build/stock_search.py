"""Material's own search index, left empty: the handbook writes its own (scripts/search).

Material's search plugin copies the text of every page into one pooled index while the
site is built (about a sixth of a 1,000-page build, with static-i18n's rewrite of it for
each language), and the handbook's index replaces that file with a stub afterwards. So
each build (static-i18n runs one per language) tells the plugin's index to take no page
entries; the plugin still writes its file (the stub's `config` comes from it) and still
strips `data-search-*` attributes from pages, as before.
"""
from __future__ import annotations


def skip_page_entries(config) -> bool:
    """Make the search plugin's index of this build ignore pages; True when it applied."""
    plugins = getattr(config, "plugins", None) or {}
    plugin = plugins.get("material/search") or plugins.get("search")
    index = getattr(plugin, "search_index", None)
    if index is None or not hasattr(index, "add_entry_from_context"):
        return False
    index.add_entry_from_context = _ignore
    return True


def _ignore(page) -> None:
    return None
