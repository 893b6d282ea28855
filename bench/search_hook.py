"""MkDocs hook of the search benchmark's "ours" build: the handbook's index on a synthetic
corpus whose pages have no front matter (so the content checks and boxes do not apply)."""
from pathlib import Path

from mkdocs.plugins import event_priority


def on_pre_build(config):
    from scripts.build.stock_search import skip_page_entries
    skip_page_entries(config)  # as the real site's hook does


@event_priority(-200)  # after static-i18n has written every language
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n and getattr(i18n, "building", False):
        return
    from scripts.search import index
    index.build_site_search(Path(config.site_dir), docs_dir=Path(config.docs_dir))
