"""Boxes of a training module (Carpentries episode): timings, audience, prerequisites and
objectives at the top, key points at the bottom."""
from __future__ import annotations

from ..model.languages import label, strings
from .context import RenderContext, e, md
from .sanitize import generated_block


def top(ctx: RenderContext) -> str:
    L = strings(ctx.lang, "page")
    teaching, exercises = ctx.get("teaching") or 0, ctx.get("exercises") or 0
    audience = ", ".join(label("level", a, ctx.lang) for a in ctx.get("audience") or [])
    objectives = "".join(f"<li>{e(o)}</li>" for o in ctx.get("objectives") or [])
    prereq = " ".join(f"[{md(target.get('title'))}]({ctx.href(target)})"
                      for target in (ctx.tree.page(pid, ctx.lang) for pid in ctx.get("prerequisites") or [])
                      if target is not None)
    # the wrapper and the HTML are the build's; the prerequisites' links are Markdown (MkDocs
    # resolves them), sanitised with the page
    out = generated_block(
        '<div class="hb-module" markdown>\n'
        f'<p id="schedule"><strong>{e(L["schedule"])}:</strong> '
        f'{e(L["minutes"].format(teaching=teaching, exercises=exercises, total=teaching + exercises))}'
        f' · <strong>{e(L["audience"])}:</strong> {e(audience)}</p>')
    if prereq:
        out += f'**{e(L["prerequisites"])}:** {prereq}\n\n'
    out += generated_block(f'<div class="admonition abstract" id="objectives"><p class="admonition-title">'
                           f'{e(L["objectives"])}</p><ul>{objectives}</ul></div>\n</div>')
    return out


def bottom(ctx: RenderContext) -> str:
    points = "".join(f"<li>{e(o)}</li>" for o in ctx.get("key_points") or [])
    return generated_block(f'<div class="admonition success" id="key-points">'
                           f'<p class="admonition-title">{e(strings(ctx.lang, "page")["key_points"])}</p>'
                           f'<ul>{points}</ul></div>')
