"""Link previews (Open Graph): what a page shows when it is shared in Zalo or Facebook.

Plain Python, no MkDocs. `card_for(tree, page, lang)` names the card of a page and what it
says: one card per section (the section's title), one per legal update (its title, its
document number and its status on the build date, which is what the page itself says);
`draw(card)` draws it as a 1200 × 630 PNG with Pillow and the DejaVu fonts of Debian
(fonts-dejavu-core), so nothing is fetched and Vietnamese is drawn from the font's own
precomposed letters (text is NFC). `meta(...)` gives the tags of one page.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..model import dates, folding, languages, legal
from ..model.languages import label, t

SIZE = (1200, 630)
CARD_DIR = "assets/cards"
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/local/share/fonts/dejavu"))
FONTS = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
THEME = "#4051b5"
STATUS_COLOURS = {"in-force": "#1b5e20", "expired": "#b71c1c", "suspended": "#b71c1c"}


class FontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Card:
    name: str          # file stem under assets/cards/<lang>/
    lang: str
    kicker: str        # the site's name
    title: str         # the section's or the legal update's title
    lines: tuple[str, ...] = ()   # document number, status on the build date
    status: str = ""


def _section_title(tree, stem: str, lang: str) -> str:
    """The title of a section's index page (legal/index), or of a page at the top (hotlines)."""
    for p in tree.in_language(lang):
        if p.stem in (f"{stem}/index", stem) and p.get("title"):
            return str(p.get("title"))
    return stem


def card_for(tree, page, lang: str, site_name: str, stem: str | None = None) -> Card:
    """The card of a page: its own for a legal update, else its section's (its first folder;
    a page at the top is its own section). A generated page has no `page`: its `stem` says
    where it is."""
    if page is not None and page.get("type") == "legal-update":
        status = legal.status(tree, page)
        key = status.key or ""
        number = str(page.get("doc_number") or "")
        as_of = dates.format_date(status.as_of.isoformat(), lang)
        lines = tuple(x for x in (
            f'{t(lang, "cards.number")} {number}' if number else "",
            f'{label("status", key, lang)} · {t(lang, "cards.as_of", date=as_of)}' if key else "") if x)
        return Card(f"legal-{page.id}", lang, site_name, folding.nfc(str(page.get("title") or "")), lines, key)
    stem = (page.stem if page is not None else stem) or ""
    section = stem.split("/", 1)[0] if stem not in ("", "index") else ""
    if not section:
        return Card("home", lang, site_name, site_name, (t(lang, "cards.home"),))
    return Card(f"section-{section}", lang, site_name, folding.nfc(_section_title(tree, section, lang)))


def card_path(card: Card) -> str:
    return f"{CARD_DIR}/{card.lang}/{card.name}.png"


def font(kind: str, size: int):
    """A DejaVu font of Debian's fonts-dejavu-core (regular or bold)."""
    from PIL import ImageFont
    for folder in FONT_DIRS:
        path = folder / FONTS[kind]
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    raise FontMissing(FONTS[kind])


def _wrap(draw, text: str, font, width: int, max_lines: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and draw.textlength(lines[-1] + " …", font=font) > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += " …"
    return lines


def draw(card: Card) -> bytes:
    """The card as PNG bytes: the site's name on a band of the theme colour, the title large,
    then the document number and status."""
    from PIL import Image, ImageDraw
    width, height = SIZE
    image = Image.new("RGB", SIZE, "#ffffff")
    d = ImageDraw.Draw(image)
    d.rectangle([0, 0, width, 110], fill=THEME)
    d.text((70, 55), folding.nfc(card.kicker), font=font("bold", 40), fill="#ffffff", anchor="lm")
    title_font = font("bold", 66)
    y = 170
    for line in _wrap(d, card.title, title_font, width - 140, 3):
        d.text((70, y), line, font=title_font, fill="#1b1b1b")
        y += 84
    y += 20
    body = font("regular", 40)
    for i, line in enumerate(card.lines):
        colour = STATUS_COLOURS.get(card.status, "#6d4c00") if card.status and i == len(card.lines) - 1 else "#333333"
        for part in _wrap(d, folding.nfc(line), body, width - 140, 2):
            d.text((70, y), part, font=body, fill=colour)
            y += 54
    d.rectangle([0, height - 16, width, height], fill=THEME)
    out = io.BytesIO()
    # a palette of 16 colours: the card is flat colours and antialiased text (a third of the bytes)
    image.quantize(16).save(out, format="PNG")
    return out.getvalue()


def meta(title: str, description: str, url: str, lang: str, image_url: str, site_name: str,
         kind: str = "article") -> list[tuple[str, str]]:
    """(property, content) of a page's Open Graph tags; the template escapes them."""
    tags = [("og:type", kind), ("og:site_name", site_name), ("og:title", title), ("og:description", description),
            ("og:url", url), ("og:locale", languages.language(lang).og_locale)]  # language_TERRITORY
    tags += [("og:locale:alternate", languages.language(other).og_locale) for other in languages.codes() if other != lang]
    if image_url:
        tags += [("og:image", image_url), ("og:image:width", str(SIZE[0])), ("og:image:height", str(SIZE[1])),
                 ("og:image:type", "image/png")]
    return tags


def write_cards(site_dir: Path, cards: dict[str, Card]) -> int:
    """Draw every card once into the site; the number written."""
    for path, card in cards.items():
        target = Path(site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(draw(card))
    return len(cards)

