"""Benchmarks and the build/serve/browser harness, outside the core package.

`harness` builds a site with MkDocs in a subprocess, serves a folder on 127.0.0.1
(optionally gzipped, as a static host does) and launches Debian's Chromium through
Playwright; `tests/` and `make bench` both use it. `search` and `ack` are the
benchmarks (`python -m scripts bench search|ack`).
"""
