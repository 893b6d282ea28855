/*
 * Sổ tay Báo cáo viên — search worker (replaces Material's lunr worker).
 *
 * Speaks Material's worker protocol: {type:0} setup -> {type:1} ready,
 * {type:2, data: query} -> {type:3, data: {items: [[page, ...sections], ...]}}.
 * The index is built by scripts/searchindex.py into <site>/search/<lang>/ and is
 * downloaded in parts on the first query: the manifest, the term shards the
 * query needs, entry titles, and the texts of the top results (for snippets).
 *
 * Matching mirrors scripts/folding.py (fold, tone_key, words, compounds):
 * accent-insensitive (đ -> d), tone placement free (hoà = hòa), NFC/NFD free;
 * every term must match (AND), the last one as a prefix while typing; exact
 * diacritics, titles and document numbers rank first.
 *
 * When the reader's language has no result but another has, the worker says so on
 * the BroadcastChannel "handbook-search"; notice.js shows it under the search box.
 */
"use strict";

/* Replaced by the build (scripts/searchindex.py): {root, manifests: {lang: path}} */
var BUILD = /*@@HANDBOOK_SEARCH_BUILD@@*/null;

/* ---- folding: a port of scripts/folding.py ---------------------------------- */
var TONE_MARKS = { "\u0300": "`", "\u0301": "'", "\u0303": "~", "\u0309": "?", "\u0323": "." };
var WORD_RE = /[\p{L}\p{N}_]+/gu;
var COMPOUND_RE = /[\p{L}\p{N}_]+(?:[\/\-.][\p{L}\p{N}_]+)+/gu;
var MARK_RE = /\p{Mn}/gu;
var TONE_CHARS = "`'~?.";

function nfc(text) { return String(text).normalize("NFC"); }

function fold(text) {
  return String(text).toLowerCase().normalize("NFD").replace(MARK_RE, "").replace(/đ/g, "d").replace(/Đ/g, "d");
}

function toneKey(word) {
  var decomposed = String(word).toLowerCase().normalize("NFD");
  var tones = "", base = "";
  for (var i = 0; i < decomposed.length; i++) {
    var c = decomposed[i];
    if (TONE_MARKS[c]) tones += TONE_MARKS[c]; else base += c;
  }
  return base.normalize("NFC") + tones;
}

function words(text) { return nfc(text).match(WORD_RE) || []; }

function compounds(text) {
  var out = [], m, re = new RegExp(COMPOUND_RE.source, "gu"), t = nfc(text);
  while ((m = re.exec(t))) out.push((fold(m[0]).match(WORD_RE) || []).join(""));
  return out;
}

function splitKey(key) {
  var i = key.length;
  while (i > 0 && TONE_CHARS.indexOf(key[i - 1]) >= 0) i--;
  return [key.slice(0, i), key.slice(i)];
}

/* ---- query ------------------------------------------------------------------- */
function parseQuery(query) {
  var seen = {}, terms = [];
  words(query).forEach(function (w) {
    var lower = w.toLowerCase();
    var folded = fold(w);
    if (!folded || seen[lower]) return;
    seen[lower] = true;
    var key = toneKey(w), parts = splitKey(key);
    terms.push({ text: lower, folded: folded, key: key, base: parts[0], tones: parts[1],
                 accented: folded !== lower, prefix: false });
  });
  if (terms.length && !/\s$/.test(query)) terms[terms.length - 1].prefix = true;
  return terms;
}

/* ---- loading ----------------------------------------------------------------- */
var PREFIX_BUDGET = 160000;   // raw bytes of extra shards a prefix may pull in
var SNIPPET_GROUPS = 12;      // results that get a text snippet
var VISIBLE_SECTIONS = 4;     // sections shown under a page; the rest fold into "more"
var cache = {};

function fetchJSON(url) {
  if (!cache[url]) {
    cache[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return r.json();
    });
    cache[url].catch(function () { delete cache[url]; });
  }
  return cache[url];
}

function build() {
  return BUILD || { root: "../../search/", manifests: { vi: "vi/manifest.json", en: "en/manifest.json" } };
}

function searchRoot() { return new URL(build().root, self.location.href); }

var langs = {};
function language(lang) {
  if (!langs[lang]) {
    var path = build().manifests[lang];
    if (!path) return null;
    var base = new URL(path, searchRoot());
    var state = { lang: lang, base: base, loaded: {} };
    state.manifest = fetchJSON(base.href).then(function (m) {
      state.m = m;
      state.keys = Object.keys(m.shards);
      state.keySet = {};
      state.maxKey = 0;
      state.keys.forEach(function (k) { state.keySet[k] = true; state.maxKey = Math.max(state.maxKey, k.length); });
      return m;
    });
    langs[lang] = state;
  }
  return langs[lang];
}

function file(state, name) { return fetchJSON(new URL(name, state.base).href); }

function docsOf(state) {
  if (!state.docs) {
    state.docs = state.manifest.then(function (m) { return file(state, m.docs); }).then(function (d) {
      state.d = d;
      return d;
    });
  }
  return state.docs;
}

function shardKeyFor(state, term) {
  for (var l = Math.min(term.length, state.maxKey); l > 0; l--) {
    var k = term.slice(0, l);
    if (state.keySet[k]) return k;
  }
  return null;
}

function loadShard(state, key) {
  return file(state, state.m.shards[key][0]).then(function (s) { state.loaded[key] = s; return s; });
}

/* The shards a term needs: its own; for a prefix, also the longer keys under it. */
function shardsFor(state, term) {
  var keys = [], own = shardKeyFor(state, term.folded);
  if (own) keys.push(own);
  if (term.prefix && term.folded.length > 1) {  // one letter: whole words only
    var extra = state.keys.filter(function (k) {
      return k.length > term.folded.length && k.indexOf(term.folded) === 0;
    });
    var cost = 0;
    extra.forEach(function (k) { if (!state.loaded[k]) cost += state.m.shards[k][1]; });
    extra.forEach(function (k) { if (cost <= PREFIX_BUDGET || state.loaded[k]) keys.push(k); });
  }
  return keys;
}

function chunkOf(state, pageIndex) {
  var i = state.d.pages[pageIndex][2];
  return file(state, state.m.chunks[i]).then(function (texts) { state.loaded["t" + i] = texts; return texts; });
}

function textOf(state, docId) {
  var pageIndex = state.d.docs[docId][0];
  var row = state.d.pages[pageIndex];
  var texts = state.loaded["t" + row[2]];
  if (!texts) return null;
  // a chunk holds whole pages; find the chunk's first entry
  var first = row[1];
  for (var p = pageIndex - 1; p >= 0 && state.d.pages[p][2] === row[2]; p--) first = state.d.pages[p][1];
  return texts[docId - first];
}

/* ---- scoring ------------------------------------------------------------------ */
function fieldScore(w) {
  var title = w >= 100, docnum = (w % 100) >= 50, tf = w % 50;
  return (title ? 10 : 0) + (docnum ? 6 : 0) + 1 + Math.log2(1 + tf);
}

function quality(term, token, variant) {
  var key = variant === "" ? token : variant;
  if (token === term.folded) {
    if (!term.accented) return 1;
    return key === term.key ? 10 : 1;
  }
  if (!term.accented) return 0.5;
  // a prefix typed with diacritics only matches words spelled that way ("sô" ~ "số", not "soát")
  var parts = splitKey(key);
  return parts[0].indexOf(term.base) === 0 && (term.tones === "" || parts[1] === term.tones) ? 5 : 0;
}

var PAGE_ENTRY_BONUS = 1.25;

/* docId -> best score of this term, from the loaded shards */
function termScores(state, term, keys) {
  var scores = new Map();
  function add(token, variants) {
    for (var variant in variants) {
      var q = quality(term, token, variant), list = variants[variant], doc = 0;
      if (!q) continue;
      for (var i = 0; i < list.length; i += 2) {
        doc += list[i];
        var s = q * fieldScore(list[i + 1]);
        var prev = scores.get(doc);
        if (prev === undefined || s > prev) scores.set(doc, s);
      }
    }
  }
  keys.forEach(function (k) {
    var shard = state.loaded[k];
    if (!shard) return;
    if (!term.prefix) {
      if (Object.prototype.hasOwnProperty.call(shard, term.folded)) add(term.folded, shard[term.folded]);
      return;
    }
    for (var token in shard) if (token.indexOf(term.folded) === 0) add(token, shard[token]);
  });
  return scores;
}

/* Pages matching every term: [{page, score, docs: Map docId -> score}] best first */
function rank(state, terms, keysPerTerm) {
  var d = state.d, perTerm = terms.map(function (t, i) { return termScores(state, t, keysPerTerm[i]); });
  var pageScores = null;
  perTerm.forEach(function (scores) {
    var best = new Map();
    scores.forEach(function (s, doc) {
      var p = d.docs[doc][0], prev;
      // a match in the page itself (its title, its intro) beats the same match in a section
      if (d.pages[p][1] === doc) s *= PAGE_ENTRY_BONUS;
      prev = best.get(p);
      if (prev === undefined || s > prev) best.set(p, s);
    });
    if (pageScores === null) pageScores = best;
    else {
      var next = new Map();
      pageScores.forEach(function (s, p) { if (best.has(p)) next.set(p, s + best.get(p)); });
      pageScores = next;
    }
  });
  var groups = [];
  (pageScores || new Map()).forEach(function (score, page) {
    var docs = new Map();
    perTerm.forEach(function (scores) {
      var row = d.pages[page], end = page + 1 < d.pages.length ? d.pages[page + 1][1] : d.docs.length;
      for (var doc = row[1]; doc < end; doc++) {
        var s = scores.get(doc);
        if (s !== undefined) docs.set(doc, (docs.get(doc) || 0) + s);
      }
    });
    groups.push({ page: page, score: score, docs: docs });
  });
  groups.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
  return groups;
}

/* ---- snippets ------------------------------------------------------------------- */
function escapeHTML(s) {
  return s.replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* [term index, exact] of the first term a word matches, or null */
function matches(word, terms) {
  var token = fold(word), key = null;
  for (var i = 0; i < terms.length; i++) {
    var t = terms[i];
    if (token !== t.folded && !(t.prefix && token.indexOf(t.folded) === 0)) continue;
    if (!t.accented) return [i, false];
    if (key === null) key = toneKey(word);
    var q = quality(t, token, key);
    if (q) return [i, q > 1];
  }
  return null;
}

/* [start, end, termIndex] of every word or document number of text matching a term */
function matchRanges(text, terms) {
  var out = [], m, re = new RegExp(WORD_RE.source, "gu");
  var exact = {};
  while ((m = re.exec(text))) {
    var hit = matches(m[0], terms);
    if (hit) { out.push([m.index, m.index + m[0].length, hit[0], hit[1]]); if (hit[1]) exact[hit[0]] = true; }
  }
  re = new RegExp(COMPOUND_RE.source, "gu");
  while ((m = re.exec(text))) {
    var h = matches((fold(m[0]).match(WORD_RE) || []).join(""), terms);
    if (h) out.push([m.index, m.index + m[0].length, h[0], h[1]]);
  }
  // a term typed with diacritics: mark only the words spelled that way when there are any
  out = out.filter(function (r) { return r[3] || !exact[r[2]]; });
  out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
  var merged = [];
  out.forEach(function (r) {
    var last = merged[merged.length - 1];
    if (last && r[0] < last[1]) { if (r[1] > last[1]) last[1] = r[1]; } else merged.push(r.slice());
  });
  return merged;
}

function markup(text, ranges, start, end, found) {
  var html = "", pos = start;
  ranges.forEach(function (r) {
    if (r[0] < start || r[1] > end) return;
    html += escapeHTML(text.slice(pos, r[0])) + "<mark>" + escapeHTML(text.slice(r[0], r[1])) + "</mark>";
    if (found) found[text.slice(r[0], r[1]).toLowerCase()] = true;
    pos = r[1];
  });
  return html + escapeHTML(text.slice(pos, end));
}

function highlight(text, terms, found) {
  text = nfc(text || "");
  return markup(text, matchRanges(text, terms), 0, text.length, found);
}

function snippet(text, terms, found, size) {
  size = size || 220;
  text = nfc(text || "");
  if (!text) return "";
  var ranges = matchRanges(text, terms), start = 0;
  if (ranges.length) {
    var best = -1, bestAt = 0;
    ranges.forEach(function (r) {
      var distinct = {};
      ranges.forEach(function (o) { if (o[0] >= r[0] && o[1] <= r[0] + size) distinct[o[2]] = true; });
      var n = Object.keys(distinct).length;
      if (n > best) { best = n; bestAt = r[0]; }
    });
    start = Math.max(0, bestAt - 50);
    if (start > 0) { var sp = text.indexOf(" ", start); start = sp >= 0 && sp < bestAt ? sp + 1 : bestAt; }
  }
  var end = Math.min(text.length, start + size);
  if (end < text.length) { var e = text.lastIndexOf(" ", end); if (e > start + size / 2) end = e; }
  var body = markup(text, ranges, start, end, found);
  return "<p>" + (start > 0 ? "… " : "") + body + (end < text.length ? " …" : "") + "</p>";
}

/* ---- search ---------------------------------------------------------------------- */
function termsObject(found, terms) {
  var keys = Object.keys(found), out = {};
  (keys.length ? keys : terms.map(function (t) { return t.text; })).forEach(function (k) { out[k] = true; });
  return out;
}

/* Load what a query needs in one language; returns {state, groups} */
function run(lang, query, withText) {
  var terms = parseQuery(query);
  var state = terms.length ? language(lang) : null;  // nothing is downloaded for an empty box
  if (!state) return Promise.resolve({ state: state, terms: terms, groups: [] });
  return state.manifest.then(function () {
    var keysPerTerm = terms.map(function (t) { return shardsFor(state, t); });
    var wanted = {};
    keysPerTerm.forEach(function (ks) { ks.forEach(function (k) { wanted[k] = true; }); });
    return Promise.all([docsOf(state)].concat(Object.keys(wanted).map(function (k) { return loadShard(state, k); })))
      .then(function () {
        var groups = rank(state, terms, keysPerTerm);
        if (!withText) return { state: state, terms: terms, groups: groups };
        var chunks = {};
        groups.slice(0, SNIPPET_GROUPS).forEach(function (g) { chunks[state.d.pages[g.page][2]] = g.page; });
        return Promise.all(Object.keys(chunks).map(function (c) { return chunkOf(state, chunks[c]); }))
          .then(function () { return { state: state, terms: terms, groups: groups }; });
      });
  });
}

function items(result) {
  var state = result.state, d = state && state.d, terms = result.terms;
  return result.groups.map(function (g, rank) {
    var row = d.pages[g.page], pageLoc = row[0], pageDoc = row[1];
    var found = {};
    var rich = rank < SNIPPET_GROUPS;  // snippets for the top results only: the rest render on scroll
    var text = rich ? textOf(state, pageDoc) : null;
    var page = {
      location: pageLoc,
      title: highlight(d.docs[pageDoc][2], terms, found),
      text: text === null ? "" : snippet(text, terms, found),
      score: g.score
    };
    page.terms = termsObject(found, terms);
    var sections = [];
    g.docs.forEach(function (s, doc) { if (doc !== pageDoc) sections.push([doc, s]); });
    sections.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    var out = [page];
    sections.forEach(function (pair, i) {
      var doc = pair[0], f = {}, t = rich ? textOf(state, doc) : null;
      var entry = {
        location: pageLoc + "#" + d.docs[doc][1],
        title: highlight(d.docs[doc][2], terms, f),
        text: t === null ? "" : snippet(t, terms, f),
        score: i < VISIBLE_SECTIONS ? g.score : g.score / 2
      };
      entry.terms = termsObject(f, terms);
      out.push(entry);
    });
    return out;
  });
}

var channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("handbook-search") : null;
var LANG = (function () {
  try { return new URL(self.location.href).searchParams.get("lang") || "vi"; } catch (e) { return "vi"; }
})();
var latest = 0;

function otherLanguages() {
  return Object.keys(build().manifests).filter(function (l) { return l !== LANG; });
}

function notice(query, count, top) {
  if (!channel) return Promise.resolve();
  var others = count || !parseQuery(query).length ? [] : otherLanguages();
  return Promise.all(others.map(function (l) {
    return run(l, query, false).then(function (r) { return { lang: l, n: r.groups.length, state: r.state }; },
                                     function () { return { lang: l, n: 0 }; });
  })).then(function (found) {
    var best = found.sort(function (a, b) { return b.n - a.n; })[0];
    var msg = { query: query, lang: LANG, count: count, other: best ? best.n : 0, top: top || [] };
    if (best && best.n) {
      var home = new URL(best.state.m.home, new URL("../", searchRoot()));
      home.search = "q=" + encodeURIComponent(query.trim()).replace(/%20/g, "+");
      msg.otherLang = best.lang;
      msg.href = home.href;
    }
    channel.postMessage(msg);
  });
}

function handle(query) {
  var mine = ++latest;
  var started = Date.now();
  return run(LANG, query, true).then(function (result) {
    if (mine !== latest) return;
    var list = result.groups.length ? items(result) : [];
    self.postMessage({ type: 3, data: { items: list }, ms: Date.now() - started });
    return notice(query, list.length, list.slice(0, 10).map(function (g) { return g[0].location; }));
  }).catch(function (err) {
    if (mine !== latest) return;
    console.error("search:", err);
    self.postMessage({ type: 3, data: { items: [] } });
  });
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  self.addEventListener("message", function (ev) {
    var msg = ev.data || {};
    if (msg.type === 0) self.postMessage({ type: 1 });
    else if (msg.type === 2) handle(String(msg.data || ""));
  });
}
