"""The build adapter: the only package that imports MkDocs (see mkdocs_hooks.py)."""
