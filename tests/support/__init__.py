"""Helpers the tests share (no tests here): sample trees and logs, the search harness, the link
crawler, the hostile-input harness. Importable as `support.<module>` (pytest puts tests/ on the path)."""
