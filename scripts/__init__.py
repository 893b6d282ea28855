"""Sổ tay Báo cáo viên: the project's Python package (`python -m scripts …`).

docs -> model -> (checks | render | search | acks) -> build. Plain Python; only
scripts/build/ knows MkDocs. See README.md, "Architecture".
"""
