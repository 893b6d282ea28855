/*
 * Sổ tay Báo cáo viên — "no result in this language, N in the other" notice.
 *
 * The search worker (assets/search/worker.js) posts {query, lang, count, other,
 * otherLang, href} on the BroadcastChannel "handbook-search" after each query.
 * When the reader's language has no result and another language has some, this
 * script writes a notice with a link that runs the same query there into
 * Material's `.md-search-result__meta` (which Material rewrites on every result,
 * hence the MutationObserver).
 */
(function () {
  "use strict";
  if (typeof BroadcastChannel === "undefined") return;
  var lang = (document.documentElement.getAttribute("lang") || "vi").slice(0, 2).toLowerCase();
  var TEXT = {
    vi: {
      none: "Không có kết quả tiếng Việt",
      some: function (n, other) { return n + " kết quả bằng " + ({ en: "tiếng Anh", vi: "tiếng Việt" }[other] || other); }
    },
    en: {
      none: "No English results",
      some: function (n, other) {
        return n + (n === 1 ? " result" : " results") + " in " + ({ vi: "Vietnamese", en: "English" }[other] || other);
      }
    }
  };
  var text = TEXT[lang] || TEXT.en;
  var last = null;

  function elements() {
    return {
      meta: document.querySelector(".md-search-result__meta"),
      input: document.querySelector("input[data-md-component=search-query]")
    };
  }

  function render() {
    var el = elements();
    if (!el.meta || !el.input || !last) return;
    if (last.lang !== lang || last.count !== 0 || !last.other || !last.href) return;
    if (el.input.value !== last.query) return;
    var current = el.meta.querySelector(".hb-search-notice");
    if (current && current.getAttribute("data-query") === last.query) return;
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
    el.meta.textContent = "";
    el.meta.appendChild(box);
  }

  var channel = new BroadcastChannel("handbook-search");
  channel.addEventListener("message", function (ev) {
    var msg = ev.data || {};
    if (msg.lang !== lang) return;
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
