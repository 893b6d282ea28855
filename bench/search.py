"""Search benchmark: stock Material search vs the handbook's engine, side by side.

`python -m scripts bench search [--pages N] [--queries N] [--keep]`

1. Generates a synthetic bilingual corpus: N pages per language (default 500), in
   20 sections (only the section pages are in the nav, so the nav stays small),
   Vietnamese and English text containing the words the tests use.
2. Builds it twice: stock (plugins: search + i18n; no hooks, no overrides) and ours
   (same theme and plugins + overrides/ + bench/search_hook.py, which runs scripts/search/index.py).
3. Serves each site from 127.0.0.1 with gzip for text files, as any static host does,
   and measures in Chromium: bytes transferred by the first page view, bytes for a
   first query typed key by key, median latency of 20 queries once the index parts
   are loaded, and the index size on disk.
"""
from __future__ import annotations

import argparse
import gzip
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

from bench.harness import CHROMIUM, ROOT, Server, build, launch  # noqa: F401 - also used by tests

TARGETS = {"first_view": 300_000, "first_query": 250_000, "latency_ms": 100}


# -- corpus ----------------------------------------------------------------------------------
VI_SECTIONS = [
    "Văn bản pháp luật", "Điều tra vụ án", "Bảo vệ trẻ em", "Đường dây nóng", "Phòng ngừa xâm hại",
    "Mua bán người", "Hợp tác biên phòng", "Hoà giải cơ sở", "Truyền thông cộng đồng", "Tiếp nhận tố giác",
    "Hỗ trợ nạn nhân", "Trường học an toàn", "Không gian mạng", "Gia đình và cộng đồng", "Tư pháp người chưa thành niên",
    "Thống kê vụ việc", "Kỹ năng phỏng vấn", "Phối hợp liên ngành", "Chính sách xã hội", "Đào tạo báo cáo viên",
]
EN_SECTIONS = [
    "Legal documents", "Investigations", "Child protection", "Hotlines", "Preventing abuse", "Trafficking in persons",
    "Border cooperation", "Grassroots mediation", "Community outreach", "Receiving reports", "Victim support",
    "Safe schools", "Online safety", "Family and community", "Juvenile justice", "Case statistics",
    "Interview skills", "Inter-agency coordination", "Social policy", "Reporter training",
]
VI_SENTENCES = [
    "Cơ quan điều tra tiếp nhận tin báo về hành vi xâm hại trẻ em và xác minh ngay trong ngày.",
    "Tổng đài điện thoại quốc gia bảo vệ trẻ em 111 là đường dây nóng miễn phí, hoạt động cả ngày lẫn đêm.",
    "Luật Trẻ em 102/2016/QH13 quy định quyền và bổn phận của trẻ em.",
    "Nghị định 56/2017/NĐ-CP quy định chi tiết một số điều của Luật Trẻ em.",
    "Điều 151 Bộ luật Hình sự quy định tội mua bán người dưới 16 tuổi.",
    "Mỗi hồ sơ vụ việc có một mã số riêng để tra cứu và theo dõi.",
    "Ma túy và rượu bia gây hại cho sức khỏe học sinh trong trường học.",
    "Uỷ ban nhân dân cấp xã tổ chức hoà giải các mâu thuẫn nhỏ ở cơ sở.",
    "Lực lượng biên phòng phối hợp với công an tỉnh ngăn chặn đường dây mua bán người qua biên giới.",
    "Cán bộ thuỷ lợi và y tế cùng chăm lo sức khoẻ người dân vùng sâu, vùng xa.",
    "Báo cáo viên cần lắng nghe, không đổ lỗi và bảo đảm bí mật cho người tố giác.",
    "Việc lấy lời khai của trẻ em phải được thực hiện trong môi trường thân thiện, có người đại diện.",
    "Gia đình, nhà trường và xã hội có trách nhiệm phòng ngừa, phát hiện sớm dấu hiệu bị xâm hại.",
    "Người nào phát hiện trẻ em bị bạo lực, bóc lột phải thông báo ngay cho cơ quan có thẩm quyền.",
    "Kế hoạch giai đoạn 2021–2025 đặt mục tiêu giảm số vụ xâm hại trẻ em ở tất cả các địa phương.",
    "Các lớp bồi dưỡng giúp báo cáo viên nắm vững kỹ năng tuyên truyền pháp luật tại cộng đồng.",
    "Thông tin cá nhân của nạn nhân không được công bố trên báo chí và mạng xã hội.",
    "Công an xã là lực lượng gần dân nhất, tiếp nhận và chuyển tin báo trong vòng hai mươi bốn giờ.",
    "Trẻ em bị xâm hại được hỗ trợ chăm sóc y tế, tâm lý và trợ giúp pháp lý miễn phí.",
    "Hội nghị tổng kết đánh giá kết quả công tác phòng, chống mua bán người trong năm qua.",
]
EN_SENTENCES = [
    "Investigators receive reports of child abuse and verify them on the same day.",
    "The national child protection hotline 111 is free of charge and open day and night.",
    "The Law on Children 102/2016/QH13 sets out the rights and duties of children.",
    "Decree 56/2017/NĐ-CP details several articles of the Law on Children.",
    "Article 151 of the Criminal Code covers trafficking in persons under 16.",
    "Each case file has its own case number for look-up and follow-up.",
    "Drugs and alcohol harm the health of pupils at school.",
    "The commune people's committee organises mediation of small disputes.",
    "Border guards work with the provincial police to stop trafficking rings across the border.",
    "Irrigation and health officers look after the health of people in remote areas.",
    "Reporters should listen, never blame, and keep the identity of whistle-blowers secret.",
    "Children are interviewed in a child-friendly room with a representative present.",
    "Families, schools and society must prevent abuse and spot its signs early.",
    "Anyone who finds a child subjected to violence or exploitation must notify the authorities at once.",
    "The 2021–2025 plan aims to reduce child abuse cases in every province.",
    "Training courses help reporters master the skills of legal education in the community.",
    "Personal information about victims must not be published in the press or on social media.",
    "Commune police are closest to the people and forward reports within twenty-four hours.",
    "Abused children receive free medical, psychological and legal support.",
    "The annual review assesses the results of the fight against human trafficking.",
]
VI_WORDS = ("an toàn bảo vệ chăm sóc giáo dục hướng dẫn kiểm tra giám sát quản lý phối hợp thực hiện "
            "tuyên truyền phổ biến pháp luật nhân dân địa phương cơ sở thôn bản phường quận huyện tỉnh thành phố "
            "học sinh sinh viên phụ huynh giáo viên cán bộ chiến sĩ công an biên phòng kiểm sát tòa án "
            "hồ sơ chứng cứ lời khai nhân chứng nạn nhân đối tượng vi phạm xử lý hành chính hình sự").split()
EN_WORDS = ("safety protection care education guidance inspection supervision management coordination "
            "implementation awareness dissemination law people locality village ward district province city "
            "pupil student parent teacher officer police border procuracy court file evidence statement witness "
            "victim suspect violation administrative criminal handling").split()


def _paragraph(rng: random.Random, sentences: list[str], words: list[str], n: int, salt: int) -> str:
    out = []
    for _ in range(n):
        out.append(rng.choice(sentences))
        extra = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14)))
        out.append(f"{extra[0].upper()}{extra[1:]} {salt * 7 + rng.randint(1, 999)}.")
    return " ".join(out)


def make_corpus(docs: Path, pages: int, seed: int = 1) -> None:
    """pages per language in 20 sections; section pages link to their pages."""
    if docs.exists():
        shutil.rmtree(docs)
    rng = random.Random(seed)
    per = max(1, pages // len(VI_SECTIONS))
    count = 0
    for s, (vi_name, en_name) in enumerate(zip(VI_SECTIONS, EN_SECTIONS, strict=True)):
        folder = docs / f"s{s:02d}"
        folder.mkdir(parents=True)
        vi_links: list[str] = []
        en_links: list[str] = []
        for p in range(per if s < len(VI_SECTIONS) - 1 else pages - count):
            count += 1
            n = count
            for lang, sentences, words, name, links in (
                    ("vi", VI_SENTENCES, VI_WORDS, vi_name, vi_links), ("en", EN_SENTENCES, EN_WORDS, en_name, en_links)):
                title = f"{name} {p + 1}" + (f" — số {n}/{2000 + n % 26}/QH{n % 15}" if lang == "vi" and n % 5 == 0 else "")
                heads = (["Tổng quan", "Quy trình", "Kinh nghiệm", "Tài liệu tham khảo"] if lang == "vi"
                         else ["Overview", "Procedure", "Lessons learned", "References"])
                body = [f"# {title}", "", _paragraph(rng, sentences, words, 2, n), ""]
                for h in heads:
                    body += [f"## {h}", "", _paragraph(rng, sentences, words, 3, n), "",
                             _paragraph(rng, sentences, words, 2, n + 1), ""]
                (folder / f"p{p:03d}.{lang}.md").write_text("\n".join(body), encoding="utf-8")
                links.append(f"- [{title}](p{p:03d}.md)")
        for lang, name, links in (("vi", vi_name, vi_links), ("en", en_name, en_links)):
            (folder / f"index.{lang}.md").write_text(f"# {name}\n\n" + "\n".join(links) + "\n", encoding="utf-8")
    (docs / "index.vi.md").write_text("# Sổ tay Báo cáo viên\n\nTrang chủ của bộ dữ liệu thử nghiệm.\n",
                                      encoding="utf-8")
    (docs / "index.en.md").write_text("# Reporter Handbook\n\nHome of the synthetic test corpus.\n", encoding="utf-8")


CONFIG = """site_name: Sổ tay Báo cáo viên
site_url: http://127.0.0.1:8000/
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  language: vi
  font: false
  features: [navigation.sections, navigation.indexes, navigation.top, search.highlight, search.share]
{extra_theme}
plugins:
  - search
  - i18n:
      docs_structure: suffix
      fallback_to_default: false
      reconfigure_material: true
      reconfigure_search: true
      languages:
        - {{locale: vi, default: true, name: Tiếng Việt, build: true}}
        - {{locale: en, name: English, build: true, site_name: Reporter Handbook}}
markdown_extensions: [toc, attr_list, admonition]
{extra}
nav:
  - Trang chủ: index.md
{nav}
"""

def write_configs(work: Path) -> tuple[Path, Path]:
    nav = "\n".join(f"  - {name}: s{s:02d}/index.md" for s, name in enumerate(VI_SECTIONS))
    stock = work / "stock.yml"
    stock.write_text(CONFIG.format(extra_theme="", extra="", nav=nav), encoding="utf-8")
    ours = work / "ours.yml"
    ours.write_text(CONFIG.format(
        extra_theme=f"  custom_dir: {ROOT / 'overrides'}",
        extra=f"hooks:\n  - {ROOT / 'bench' / 'search_hook.py'}\nextra_javascript:\n  - assets/search/notice.js",
        nav=nav), encoding="utf-8")
    return stock, ours


# -- measuring ---------------------------------------------------------------------------------
FIRST_QUERY = "xâm hại trẻ em"
QUERIES = [
    "xam hai tre em", "xâm hại", "duong day nong", "điều tra", "dieu 151", "102 2016 qh13", "1022016qh13",
    "56 2017 nd cp", "hòa giải", "thủy lợi", "mã số", "bien phong", "tre em", "bao ve", "to giac",
    "luat tre em", "cong an xa", "mua ban nguoi", "nghi dinh", "suc khoe hoc sinh",
]

TIME_QUERY = """async (q) => {
  const meta = document.querySelector('.md-search-result__meta');
  const input = document.querySelector('input[data-md-component=search-query]');
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
      obs.disconnect();
      resolve([performance.now() - t0, meta.textContent, document.querySelectorAll('.md-search-result__item').length]);
    });
    obs.observe(meta, {childList: true, characterData: true, subtree: true});
    input.value = q;
    input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'End'}));
    setTimeout(() => { obs.disconnect(); resolve([NaN, meta.textContent, 0]); }, 15000);
  });
}"""


class Meter:
    """Bytes on the wire (encoded bodies + headers) of every response of a page and its workers."""

    def __init__(self, page):
        self.items = []
        page.on("requestfinished", self._done)

    def _done(self, request):
        try:
            sizes = request.sizes()
        except Exception:  # noqa: BLE001 - a request without sizes counts as zero
            return
        self.items.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    def mark(self) -> int:
        return len(self.items)

    def since(self, mark: int) -> tuple[int, list]:
        part = self.items[mark:]
        return sum(n for _, n in part), part


def _settle(page, ms: int = 400):
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(ms)


def measure(site: Path, label: str, queries: int) -> dict:
    from playwright.sync_api import sync_playwright
    server = Server(site, gzip_enabled=True)
    out: dict = {"label": label}
    try:
        with sync_playwright() as p:
            browser = launch(p)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            meter = Meter(page)
            page.goto(server.url)
            _settle(page, 1500)  # the stock worker loads and indexes everything here
            out["first_view"], parts = meter.since(0)
            out["first_view_search"] = sum(n for u, n in parts if "/search/" in u)
            # first query, typed key by key as a reader does
            mark = meter.mark()
            box = page.locator("input[data-md-component=search-query]")
            box.click()
            box.press_sequentially(FIRST_QUERY, delay=60)
            box.press("End")
            page.wait_for_selector(".md-search-result__item, .hb-search-notice", timeout=30_000)
            _settle(page)
            out["first_query"], parts = meter.since(mark)
            out["first_query_files"] = len(parts)
            # warm every query once (loads the index parts), then time them
            runs = QUERIES[:queries]
            for q in runs:
                page.evaluate(TIME_QUERY, q)
            _settle(page, 200)
            timings, counts = [], {}
            for q in runs:
                ms, meta, n = page.evaluate(TIME_QUERY, q)
                timings.append(ms)
                counts[q] = meta.strip()
            out["latency_ms"] = statistics.median(t for t in timings if t == t)
            out["latency_max_ms"] = max(t for t in timings if t == t)
            out["counts"] = counts
            browser.close()
    finally:
        server.close()
    return out


def disk_size(site: Path, ours: bool) -> int:
    search = site / "search"
    if not ours:
        return (search / "search_index.json").stat().st_size
    return sum(f.stat().st_size for f in search.rglob("*") if f.is_file())


def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def _kb(n: float) -> str:
    return f"{n / 1000:,.1f} kB"


def report(stock: dict, ours: dict, pages: int) -> list[str]:
    def ratio(a, b):
        return f"{b / a:.3f}×" if a else "—"
    rows = [
        ("first page view (all bytes)", stock["first_view"], ours["first_view"], TARGETS["first_view"], _kb),
        ("  of which search", stock["first_view_search"], ours["first_view_search"], None, _kb),
        (f"first query '{FIRST_QUERY}' typed", stock["first_query"], ours["first_query"], TARGETS["first_query"], _kb),
        ("median query latency (warm)", stock["latency_ms"], ours["latency_ms"], stock["latency_ms"],
         lambda v: f"{v:.1f} ms"),
        ("slowest query (warm)", stock["latency_max_ms"], ours["latency_max_ms"], TARGETS["latency_ms"],
         lambda v: f"{v:.1f} ms"),
        ("index on disk", stock["disk"], ours["disk"], None, _kb),
        ("index on disk, gzip", stock["disk_gz"], ours["disk_gz"], None, _kb),
    ]
    lines = [f"Search benchmark: {pages} pages per language (vi + en), served from 127.0.0.1 with gzip "
             f"(Content-Encoding: gzip for HTML/CSS/JS/JSON, as any static host does); "
             f"bytes = encoded bodies + response headers, measured in Chromium.",
             "", f"{'':34}{'stock Material':>16}{'handbook':>14}{'ratio':>10}   target"]
    for name, a, b, target, fmt in rows:
        verdict = ""
        if target is not None:
            verdict = f"{'≤ ' + (fmt(target))} {'ok' if b <= target else 'MISSED'}"
        lines.append(f"{name:34}{fmt(a):>16}{fmt(b):>14}{ratio(a, b):>10}   {verdict}")
    lines += ["", f"{'results (meta line)':34}{'stock Material':>30}   handbook"]
    for q in ours["counts"]:
        lines.append(f"  {q:32}{stock['counts'].get(q, ''):>30.30}   {ours['counts'][q]}")
    return lines


# -- relevance: the judged query set (tests/search/judgements.yml) -------------------------
JUDGEMENTS = ROOT / "tests" / "search" / "judgements.yml"

UI_QUERY = """async ([q, ours]) => {
  const input = document.querySelector('input[data-md-component=search-query]');
  const list = () => [...document.querySelectorAll('.md-search-result__item')]
    .map(li => li.querySelector('a')).filter(a => a).map(a => a.href);
  if (ours) { window.__hbSearch = window.__hbSearch || []; }
  const seen = ours ? (window.__hbSearch || []).length : 0;
  input.focus();
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'End'}));
  const t0 = performance.now();
  let last = null, stableSince = performance.now();
  while (performance.now() - t0 < 10000) {
    await new Promise(r => setTimeout(r, 50));
    if (ours) {
      const msgs = (window.__hbSearch || []).slice(seen).filter(m => m.query === q);
      if (!msgs.length) continue;
      const want = msgs[msgs.length - 1].top;
      const have = list().slice(0, want.length).map(h => new URL(h).pathname);
      const base = new URL(JSON.parse(document.querySelector('#__config').textContent).base, location.href);
      if (want.every((l, i) => new URL(l, base).pathname === have[i])) return list();
      continue;
    }
    const now = JSON.stringify(list());
    if (now !== last) { last = now; stableSince = performance.now(); continue; }
    if (performance.now() - stableSince > 400) return list();
  }
  return list();
}"""

# Zensical's search box lives in a shadow root opened by a button, its results are options.
ZENSICAL_UI_QUERY = """async ([q]) => {
  document.querySelector('.md-search__button').click();
  const root = () => [...document.querySelectorAll('*')].find(e => e.shadowRoot)?.shadowRoot;
  const t0 = performance.now();
  while (!root()?.querySelector('input') && performance.now() - t0 < 5000) await new Promise(r => setTimeout(r, 50));
  const input = root().querySelector('input');
  input.focus();
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
  const list = () => [...root().querySelectorAll('a[role=option][href]')].map(a => a.href);
  // the index loads after the page: an empty list counts as an answer only after 5 s
  let last = null, stableSince = performance.now();
  while (performance.now() - t0 < 10000) {
    await new Promise(r => setTimeout(r, 50));
    const now = JSON.stringify(list());
    if (now !== last) { last = now; stableSince = performance.now(); continue; }
    if (performance.now() - stableSince > 400 && (list().length || performance.now() - t0 > 5000)) break;
  }
  const out = list();
  document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));
  return out;
}"""

RECORD = """() => {
  if (window.__hbRec) return; window.__hbRec = true; window.__hbSearch = [];
  const ch = new BroadcastChannel("handbook-search");
  ch.onmessage = (ev) => window.__hbSearch.push(ev.data);
}"""


def load_judgements(path: Path = JUDGEMENTS) -> list[dict]:
    import yaml
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def judge_site(page, base: str, docs_dir: Path, judgements: list[dict], engine: str = "ours") -> dict:
    """Run every judged query through the search box (Material's, or Zensical's with
    engine="zensical"); success@1, success@3, MRR."""
    import unicodedata
    from urllib.parse import unquote, urlsplit

    from scripts.model.tree import load_tree
    urls = {(p.lang, p.get("id")): "/" + p.url_path for p in load_tree(docs_dir).pages if p.stem and p.get("id")}
    rows, current = [], None
    for j in judgements:
        lang = j.get("lang", "vi")
        query = unicodedata.normalize("NFD", j["q"]) if j.get("nfd") else j["q"]
        start = base if lang == "vi" else base + f"{lang}/"
        if current != start:
            page.goto(start)
            page.wait_for_load_state("load")
            current = start
        if engine == "ours":
            page.evaluate(RECORD)
        if engine == "zensical":
            page.goto(start)  # a fresh search box for every query
            hrefs = page.evaluate(ZENSICAL_UI_QUERY, [query])
        else:
            hrefs = page.evaluate(UI_QUERY, [query, engine == "ours"])
        got = []
        for h in hrefs:
            path = unquote(urlsplit(h).path)
            if path not in got:
                got.append(path)
        want = {urls[(lang, w)] for w in j["want"]}
        rank = next((i + 1 for i, p in enumerate(got) if p in want), 0)
        rows.append({"q": j["q"], "lang": lang, "rank": rank, "top": got[:3]})
    n = len(rows) or 1
    return {
        "success@1": sum(r["rank"] == 1 for r in rows) / n,
        "success@3": sum(1 <= r["rank"] <= 3 for r in rows) / n,
        "mrr": sum(1 / r["rank"] for r in rows if r["rank"]) / n,
        "rows": rows,
    }


def stock_config_for_real_site(work: Path) -> Path:
    """The real mkdocs.yml without the handbook's overrides, hooks and scripts: stock Material."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    out, skip = [], False
    for line in text.splitlines():
        if skip and (line.startswith("  ") or not line.strip()):
            continue
        skip = False
        if line.startswith(("hooks:", "extra_javascript:", "watch:")):
            skip = True
            continue
        if line.strip().startswith("custom_dir:"):
            continue
        if line.startswith("docs_dir:"):
            line = f"docs_dir: {ROOT / 'docs'}"
        out.append(line)
    cfg = work / "real-stock.yml"
    cfg.write_text("\n".join(out) + "\n", encoding="utf-8")
    return cfg


def relevance(work: Path) -> dict:
    """Build the real site twice (ours, stock Material) and run the judged queries on both."""
    from playwright.sync_api import sync_playwright
    sites = {"ours": work / "real-ours", "stock": work / "real-stock"}
    configs = {"ours": ROOT / "mkdocs.yml", "stock": stock_config_for_real_site(work)}
    out = {}
    for name in ("stock", "ours"):
        result = build(configs[name], sites[name], strict=False)
        if result.returncode:
            raise SystemExit(result.stdout + result.stderr)
    judgements = load_judgements()
    with sync_playwright() as p:
        browser = launch(p)
        for name, site in sites.items():
            server = Server(site)
            try:
                page = browser.new_context().new_page()
                out[name] = judge_site(page, server.url, ROOT / "docs", judgements, engine=name)
            finally:
                server.close()
        browser.close()
    return out


def relevance_report(scores: dict) -> list[str]:
    lines = ["", f"Relevance: {len(scores['ours']['rows'])} judged queries (tests/search/judgements.yml), real site",
             f"{'':34}{'stock Material':>16}{'handbook':>14}"]
    for key in ("success@1", "success@3", "mrr"):
        lines.append(f"{key:34}{scores['stock'][key]:>16.3f}{scores['ours'][key]:>14.3f}")
    misses = [r for r in scores["ours"]["rows"] if r["rank"] != 1]
    for r in misses:
        lines.append(f"  handbook miss: [{r['lang']}] {r['q']!r} rank {r['rank'] or '—'}; top {r['top']}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts bench search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500, help="pages per language (default 500)")
    parser.add_argument("--queries", type=int, default=20, help="queries timed (default 20)")
    parser.add_argument("--work", type=Path, default=ROOT / ".bench" / "search", help="work directory")
    parser.add_argument("--keep", action="store_true", help="reuse the corpus and builds in --work")
    parser.add_argument("--no-relevance", action="store_true", help="skip the judged queries on the real site")
    args = parser.parse_args(argv or [])
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}: sudo apt-get install -y chromium", file=sys.stderr)
        return 2
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    sites = {"stock": work / "site-stock", "ours": work / "site-ours"}
    if not (args.keep and all((s / "index.html").exists() for s in sites.values())):
        print(f"generating {args.pages} pages per language in {work / 'docs'} …", flush=True)
        make_corpus(work / "docs", args.pages)
        stock_cfg, ours_cfg = write_configs(work)
        times = {}
        for name, cfg in (("stock", stock_cfg), ("ours", ours_cfg)):
            t0 = time.time()
            result = build(cfg, sites[name], strict=False)
            if result.returncode:
                print(result.stdout + result.stderr, file=sys.stderr)
                return 1
            times[name] = time.time() - t0
            print(f"built {name} in {times[name]:.1f} s", flush=True)
        print(f"build time ratio (handbook / stock): {times['ours'] / times['stock']:.2f}× (target ≤ 1.3×)", flush=True)
    results = {}
    for name, site in sites.items():
        print(f"measuring {name} …", flush=True)
        results[name] = measure(site, name, args.queries)
        results[name]["disk"] = disk_size(site, name == "ours")
        files = [site / "search" / "search_index.json"] if name == "stock" else \
            list((site / "search").rglob("*.json"))
        results[name]["disk_gz"] = sum(gz_size(f) for f in files)
    print()
    print("\n".join(report(results["stock"], results["ours"], args.pages)))
    if not args.no_relevance:
        print("\n".join(relevance_report(relevance(work))))
    ok = (results["ours"]["first_view"] <= TARGETS["first_view"]
          and results["ours"]["first_query"] <= TARGETS["first_query"]
          and results["ours"]["latency_ms"] <= results["stock"]["latency_ms"]
          and results["ours"]["latency_max_ms"] <= TARGETS["latency_ms"])
    return 0 if ok else 3


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
