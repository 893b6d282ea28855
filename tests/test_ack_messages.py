"""The acknowledgement rules table (scripts/acks/messages.py) against the code: every rule and
case the code reports has an entry, every entry is reported somewhere, no message is written
inline, and the editors' reference page shows them all in both languages."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from scripts.acks.messages import ACK_HELP, MESSAGES
from scripts.render import reference

ACKS = Path(__file__).resolve().parent.parent / "scripts" / "acks"
HELPERS = {"problem": 2, "pair": 0, "message": 0}  # function -> index of the rule argument
RULE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def _sources():
    return [p for p in sorted(ACKS.glob("*.py")) if p.name != "messages.py"]


def _calls():
    """(file:line, rule, case, keyword names) of every problem/pair/message call in scripts/acks."""
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                    and n.module == "messages" and n.level == 1 for a in n.names}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in imported:
                i = HELPERS[node.func.id]
                rule, case = node.args[i], node.args[i + 1]
                where = f"{path.name}:{node.lineno}"
                assert isinstance(rule, ast.Constant) and isinstance(case, ast.Constant), \
                    f"{where}: name the rule and the case literally"
                found.append((where, rule.value, case.value, {k.arg for k in node.keywords}))
    return found


def test_every_rule_and_case_the_code_reports_has_an_entry_and_every_entry_is_used():
    calls = _calls()
    assert len(calls) > 100
    missing = [f"{w}: [{r}] {c}" for w, r, c, _ in calls if c not in MESSAGES.get(r, {})]
    assert missing == [], missing
    used = {(r, c) for _, r, c, _ in calls}
    unused = [f"[{r}] {c}" for r, cases in MESSAGES.items() for c in cases if (r, c) not in used]
    assert unused == [], unused
    assert set(ACK_HELP) == set(MESSAGES)
    assert all(RULE_ID.match(r) for r in MESSAGES)


def test_no_problem_is_written_with_an_inline_message():
    """A Problem built in scripts/acks takes its rule and message from the table (re-wrapping a
    problem already made, `Problem(path, 0, p.rule, p.message)`, is the one other form)."""
    inline = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = getattr(getattr(node, "func", None), "id", "")
            if name in ("Problem", "TimeProblem"):
                literal = [a for a in node.args[2 if name == "Problem" else 0:]
                           if isinstance(a, ast.JoinedStr) or (isinstance(a, ast.Constant) and isinstance(a.value, str))]
                if literal:
                    inline.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Tuple) and len(node.elts) == 2 and isinstance(node.elts[1], ast.JoinedStr) \
                    and isinstance(node.elts[0], ast.Constant) and node.elts[0].value in MESSAGES:
                inline.append(f"{path.name}:{node.lineno}")
    assert inline == []


def test_every_call_gives_exactly_the_values_its_template_names():
    wrong = []
    for where, rule, case, given in _calls():
        names = set(re.findall(r"(?<!\{)\{(\w+)", MESSAGES[rule][case]))
        if given != names:
            wrong.append(f"{where}: [{rule}] {case}: gives {sorted(given)}, the template names {sorted(names)}")
    assert wrong == []


def test_the_reference_page_shows_every_ack_rule_and_the_limits_in_both_languages():
    for lang in ("vi", "en"):
        table = reference.ack_messages(lang)
        for rule in MESSAGES:
            assert f"| `{rule}` |" in table and f"[{rule}]" in table
        limits = reference.ack_limits(lang)
        assert "`too-many-rows`" in limits and "`file-too-large`" in limits
        page = reference.expand("<!-- ack-messages -->\n<!-- ack-limits -->", lang, None)
        assert "<!--" not in page
    assert "250.000" in reference.ack_limits("vi") and "250,000" in reference.ack_limits("en")
    assert ACK_HELP["bad-token"][2] in reference.ack_messages("en")
    assert ACK_HELP["bad-token"][0] in reference.ack_messages("vi")
    for lang in ("vi", "en"):
        source = (ACKS.parent.parent / "docs" / "contributing" / f"reference.{lang}.md").read_text(encoding="utf-8")
        assert "<!-- ack-messages -->" in source and "<!-- ack-limits -->" in source
