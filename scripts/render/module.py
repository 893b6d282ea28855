"""Boxes of a training module (Carpentries episode): timings, audience, prerequisites and
objectives at the top, key points at the bottom."""
from __future__ import annotations

from ..model.languages import label, strings
from .context import RenderContext, e, md


def top(ctx: RenderContext) -> str:
    L = strings(ctx.lang, "page")
    teaching, exercises = ctx.get("teaching") or 0, ctx.get("exercises") or 0
    audience = ", ".join(label("level", a, ctx.lang) for a in ctx.get("audience") or [])
    objectives = "".join(f"<li>{e(o)}</li>" for o in ctx.get("objectives") or [])
    prereq = " ".join(f"[{md(target.get('title'))}]({ctx.href(target)})"
                      for target in (ctx.tree.page(pid, ctx.lang) for pid in ctx.get("prerequisites") or [])
                      if target is not None)
    out = (f'<div class="hb-module" markdown>\n\n'
           f'<p id="schedule"><strong>{e(L["schedule"])}:</strong> '
           f'{e(L["minutes"].format(teaching=teaching, exercises=exercises, total=teaching + exercises))}'
           f' · <strong>{e(L["audience"])}:</strong> {e(audience)}</p>\n\n')
    if prereq:
        out += f'**{e(L["prerequisites"])}:** {prereq}\n\n'
    out += (f'<div class="admonition abstract" id="objectives"><p class="admonition-title">{e(L["objectives"])}</p>'
            f'<ul>{objectives}</ul></div>\n\n</div>\n\n')
    return out


def bottom(ctx: RenderContext) -> str:
    points = "".join(f"<li>{e(o)}</li>" for o in ctx.get("key_points") or [])
    return (f'\n\n<div class="admonition success" id="key-points">'
            f'<p class="admonition-title">{e(strings(ctx.lang, "page")["key_points"])}</p><ul>{points}</ul></div>\n')
