"""Tooling of the Reporter Handbook (Sổ tay Báo cáo viên): content model, checks,
search index, acknowledgement tracking. Plain Python; only mkdocs_hooks.py knows MkDocs."""
