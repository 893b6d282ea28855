/*
 * Sổ tay Báo cáo viên — the lines above the search results.
 *
 * The search worker (assets/search/worker.js) posts {query, lang, count, other,
 * otherLang, href, decoded, missing} on the BroadcastChannel "handbook-search" after
 * each query. This script writes into Material's `.md-search-result__meta` (which
 * Material rewrites on every result, hence the MutationObserver):
 * - "Đang tìm: xâm hại trẻ em" when the query was read as Telex/VNI;
 * - "Không tìm thấy: xyzzy" when no page has every word (the results have the most);
 * - when the reader's language has no result and another language has some, a
 *   notice with a link that runs the same query there.
 */
(function () {
  "use strict";
  if (typeof BroadcastChannel === "undefined") return;
  var lang = (document.documentElement.getAttribute("lang") || "vi").slice(0, 2).toLowerCase();
  // The page's strings come from the language table (scripts/model/locales/<lang>.yml),
  // written into every page by the build (overrides/main.html, #hb-strings).
  var data = document.getElementById("hb-strings");
  if (!data) return;
  var strings = JSON.parse(data.textContent);
  var S = strings.search;
  var text = {
    none: S.none,
    some: function (n, other) {
      return (n === 1 ? S.some_one : S.some_many).replace("{n}", n)
        .replace("{language}", strings.languages[other] || other);
    },
    decoded: S.decoded,
    missing: S.missing
  };
  var last = null;

  function elements() {
    return {
      meta: document.querySelector(".md-search-result__meta"),
      input: document.querySelector("input[data-md-component=search-query]")
    };
  }

  function line(cls, label, value) {
    var box = document.createElement("span");
    box.className = "hb-search-line " + cls;
    box.style.display = "block";
    box.appendChild(document.createTextNode(label));
    var b = document.createElement("strong");
    b.textContent = value;
    box.appendChild(b);
    return box;
  }

  function otherLanguage() {
    var box = document.createElement("span");
    box.className = "hb-search-notice";
    box.setAttribute("data-query", last.query);
    box.appendChild(document.createTextNode(text.none + " — "));
    var link = document.createElement("a");
    link.href = last.href;
    link.hreflang = last.otherLang || "";
    link.className = "hb-search-notice__link";
    link.textContent = text.some(last.other, last.otherLang);
    // Material rewrites clicks on links into another language (its language switcher
    // keeps the reader on the same page) and would drop "?q=": keep the link as it is.
    link.addEventListener("click", function (ev) { ev.stopPropagation(); });
    box.appendChild(link);
    return box;
  }

  function render() {
    var el = elements();
    if (!el.meta || !el.input || !last || last.lang !== lang) return;
    if (el.input.value !== last.query) return;
    var mine = el.meta.querySelectorAll("[data-hb-query], .hb-search-line");
    var marker0 = el.meta.querySelector("[data-hb-query]");
    if (marker0 && marker0.getAttribute("data-hb-query") === last.query) return;
    for (var i = 0; i < mine.length; i++) mine[i].remove();  // lines of an earlier query
    var lines = [];
    if (last.decoded) lines.push(line("hb-search-decoded", text.decoded, last.decoded));
    if (last.count && last.missing && last.missing.length) lines.push(line("hb-search-missing", text.missing, last.missing.join(", ")));
    var other = !last.count && last.other && last.href;
    if (!lines.length && !other) return;
    var marker = document.createElement("span");
    marker.setAttribute("data-hb-query", last.query);
    marker.hidden = true;
    if (other) {
      el.meta.textContent = "";
      lines.push(otherLanguage());
    }
    lines.forEach(function (node) { el.meta.appendChild(node); });
    el.meta.appendChild(marker);
  }

  // Any page of the origin can post on the channel: take a message only in the worker's shape,
  // and a link only to this site (same origin; the offline copy: a file: URL like this page's).
  function sameSite(href) {
    if (typeof href !== "string") return null;
    var url;
    try { url = new URL(href, location.href); } catch (e) { return null; }
    if (url.protocol !== location.protocol) return null;
    if (url.protocol !== "file:" && url.origin !== location.origin) return null;
    return url.href;
  }

  function valid(msg) {
    if (!msg || typeof msg !== "object" || typeof msg.query !== "string" || msg.lang !== lang) return null;
    var words = Array.isArray(msg.missing) ? msg.missing.filter(function (w) { return typeof w === "string"; }) : [];
    var out = { query: msg.query, lang: msg.lang, count: msg.count | 0, other: msg.other | 0, missing: words,
                decoded: typeof msg.decoded === "string" ? msg.decoded : null, href: null, otherLang: null };
    if (out.other && Object.prototype.hasOwnProperty.call(strings.languages || {}, msg.otherLang)) {
      out.href = sameSite(msg.href);
      out.otherLang = out.href ? msg.otherLang : null;
    }
    if (!out.href) out.other = 0;
    return out;
  }

  var channel = new BroadcastChannel("handbook-search");
  channel.addEventListener("message", function (ev) {
    var msg = valid(ev.data);
    if (!msg) return;
    last = msg;
    render();
  });

  function watch() {
    var meta = document.querySelector(".md-search-result__meta");
    if (!meta) return;
    new MutationObserver(render).observe(meta, { childList: true, characterData: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
