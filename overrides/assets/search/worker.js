/*
 * Sổ tay Báo cáo viên — search worker (replaces Material's lunr worker).
 *
 * Speaks Material's worker protocol, its message types named in MSG (scripts/search/index.py
 * MESSAGES, the same names in boot.js and offline.js): {type: MSG.SETUP} -> {type: MSG.READY},
 * {type: MSG.QUERY, data: query} -> {type: MSG.RESULT, data: {items: [[page, ...sections], ...]}};
 * the offline bundle adds {type: MSG.OFFLINE} (its index files).
 * The index is built by scripts/search/index.py into <site>/search/<lang>/ and is
 * downloaded in parts on the first query: the manifest, the term shards the
 * query needs, entry titles, and the texts of the top results (for snippets).
 * Its rows are arrays; the worker reads their columns by name, row[col.page.chunk], from
 * the manifest's contract "rows" (index.py ROW_SHAPES), never by position.
 *
 * Matching mirrors scripts/model/folding.py (fold, tone_key, words, compounds) and
 * scripts/search/telex.py (Telex/VNI typed with the input method off): accent-insensitive
 * (đ -> d), tone placement free (hoà = hòa), NFC/NFD free, the last word a prefix
 * while typing. Every content word must match (stop words never remove a page);
 * when no page has them all, the pages with the most come back. Query words next
 * to each other in the text rank far above words apart; titles and document
 * numbers above bodies; readers' pages above editors' pages; documents in force
 * above expired ones; exact diacritics break ties. Every weight and threshold
 * comes from the manifest's "contract" (scripts/search/index.py); tests/test_search_contract.py
 * holds this file to it (column and message names, the order of the columns not relied on).
 *
 * After each query the worker posts on the BroadcastChannel "handbook-search" what
 * notice.js shows above the results: the Telex/VNI reading it searched for, the
 * words no result contains, and when the reader's language has no result but
 * another has, a link to them.
 */
"use strict";

/* Replaced by the build (scripts/search/index.py): {root, manifests: {lang: path}} */
var BUILD = /*@@HANDBOOK_SEARCH_BUILD@@*/null;

/* The message types, by name: scripts/search/index.py MESSAGES (also in the manifest's
 * contract "messages"); boot.js and offline.js name them the same way. Material's
 * protocol numbers its own; tests/test_search_contract.py holds the three files to the table. */
var MSG = { SETUP: 0, READY: 1, QUERY: 2, RESULT: 3, OFFLINE: "handbook-offline" };

/* ---- folding: a port of scripts/model/folding.py ---------------------------------- */
var TONE_MARKS = { "\u0300": "`", "\u0301": "'", "\u0303": "~", "\u0309": "?", "\u0323": "." };
var WORD_RE = /[\p{L}\p{N}_]+/gu;
/* A compound starts where a word starts (the lookbehind): without it, a long word was tried from
 * each of its letters, each try running to its end (quadratic: 200,000 letters spun for minutes). */
var COMPOUND_RE = /(?<![\p{L}\p{N}_])[\p{L}\p{N}_]+(?:[\/\-.][\p{L}\p{N}_]+)+/gu;
/* A term is at most MAX_TERM characters of its word, as the index has it (scripts/search/index.py). */
var MAX_TERM = 64;
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
  while ((m = re.exec(t))) out.push((fold(m[0]).match(WORD_RE) || []).join("").slice(0, MAX_TERM));
  return out;
}

function splitKey(key) {
  var i = key.length;
  while (i > 0 && TONE_CHARS.indexOf(key[i - 1]) >= 0) i--;
  return [key.slice(0, i), key.slice(i)];
}

/* ---- Telex / VNI: a port of scripts/search/telex.py --------------------------------- */
var T_INITIALS = ["ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
  "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x", ""];
var T_FINALS = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];
var T_NUCLEI = {};
("a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ " +
 "uy ưa ưi ươ ưu yê iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu").split(" ").forEach(function (n) { T_NUCLEI[n] = true; });
var T_NEED_FINAL = { "ă": 1, "â": 1, "iê": 1, "uô": 1, "ươ": 1, "yê": 1, "uyê": 1, "oă": 1, "uâ": 1 };
var T_CLOSED_OK = { "oa": 1, "oă": 1, "uâ": 1, "uê": 1, "uy": 1, "iê": 1, "yê": 1, "uô": 1, "ươ": 1, "uyê": 1,
                    "oo": 1, "oe": 1, "ua": 1, "uơ": 1 };
var T_VOWELS = "aăâeêioôơuưy";
var TELEX_TONES = { s: "\u0301", f: "\u0300", r: "\u0309", x: "\u0303", j: "\u0323" };
var VNI_TONES = { "1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323" };
var CIRCUMFLEX = { a: "â", e: "ê", o: "ô" };

function tParts(word) {
  for (var k = 0; k < T_INITIALS.length; k++) {
    var ini = T_INITIALS[k];
    if (word.indexOf(ini) !== 0) continue;
    var rest = word.slice(ini.length);
    if (ini === "gi" && (!rest || T_VOWELS.indexOf(rest[0]) < 0)) { ini = "g"; rest = "i" + rest; }
    if (ini === "qu" && !rest) continue;
    var m = /^([aăâeêioôơuưy]+)(.*)$/.exec(rest);
    if (m) return [ini, m[1], m[2]];
  }
  return null;
}

function tValid(ini, nucleus, fin) {
  if (T_FINALS.indexOf(fin) < 0 || !T_NUCLEI[nucleus]) return false;
  if (!fin && T_NEED_FINAL[nucleus]) return false;
  if (fin && nucleus.length > 1 && /[iyou]$/.test(nucleus) && !T_CLOSED_OK[nucleus]) return false;
  if ((ini === "k" || ini === "gh" || ini === "ngh") && "eêiy".indexOf(nucleus[0]) < 0) return false;
  if ((ini === "c" || ini === "ng") && "eêi".indexOf(nucleus[0]) >= 0) return false;
  return true;
}

function tTonePosition(nucleus, fin) {
  for (var i = 0; i < nucleus.length; i++) {
    if ("ăâêôơư".indexOf(nucleus[i]) >= 0) return nucleus.slice(i, i + 2) === "ươ" ? i + 1 : i;
  }
  if (fin || nucleus.length === 1) return nucleus.length - 1;
  if (nucleus === "oa" || nucleus === "oe" || nucleus === "uy") return 1;
  return nucleus.length === 2 ? 0 : 1;
}

function tApply(letters, tone, quality) {
  var parts = tParts(letters);
  if (!parts) return null;
  var ini = parts[0], nucleus = parts[1], fin = parts[2], i;
  if (quality === "^") {
    i = -1;
    for (var j = 0; j < nucleus.length; j++) if (CIRCUMFLEX[nucleus[j]]) i = j;
    if (i < 0) return null;
    nucleus = nucleus.slice(0, i) + CIRCUMFLEX[nucleus[i]] + nucleus.slice(i + 1);
  } else if (quality === "(") {
    i = nucleus.indexOf("a");
    if (i < 0) return null;
    nucleus = nucleus.slice(0, i) + "ă" + nucleus.slice(i + 1);
  } else if (quality === "+") {
    if (nucleus.indexOf("uo") >= 0) nucleus = nucleus.replace("uo", "ươ");
    else if (nucleus.indexOf("o") >= 0) nucleus = nucleus.replace("o", "ơ");
    else if (nucleus.indexOf("u") >= 0) nucleus = nucleus.replace("u", "ư");
    else return null;
  }
  if (!tValid(ini, nucleus, fin)) return null;
  if (tone) {
    if (["c", "ch", "p", "t"].indexOf(fin) >= 0 && tone !== "\u0301" && tone !== "\u0323") return null;
    var pos = tTonePosition(nucleus, fin);
    nucleus = nucleus.slice(0, pos + 1) + tone + nucleus.slice(pos + 1);
  }
  return (ini + nucleus + fin).normalize("NFC");
}

function tVni(w) {
  if (!/^[a-z][a-z0-9]*$/.test(w)) return null;
  var tone = "", quality = "", letters = "";
  for (var i = 0; i < w.length; i++) {
    var c = w[i];
    if (c >= "0" && c <= "9") {
      if (VNI_TONES[c]) { if (tone) return null; tone = VNI_TONES[c]; }
      else if (c === "6") quality = quality || "^";
      else if (c === "7") { if (quality !== "" && quality !== "+") return null; quality = "+"; }
      else if (c === "8") { if (quality !== "" && quality !== "(") return null; quality = "("; }
      else if (c === "9") { if (letters !== "d") return null; letters = "đ"; }
      else return null;
    } else letters += c;
  }
  if (!(tone || quality || letters.indexOf("đ") === 0)) return null;
  return tApply(letters, tone, quality);
}

function tTelex(w) {
  var letters = w, tone = "", quality = "";
  if (letters.indexOf("dd") === 0) letters = "đ" + letters.slice(2);
  var m = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|đ|[bcdghklmnpqrstvx])?(.*)$/.exec(letters);
  var ini = m[1] || "", rest = m[2], out = "";
  for (var i = 0; i < rest.length; i++) {
    var c = rest[i];
    if (TELEX_TONES[c] && (/[aeiouyw]/.test(out) || ini === "gi")) {
      if (tone) return null;
      tone = TELEX_TONES[c];
    } else out += c;
  }
  var first = out.indexOf("w");
  if (first >= 0) {
    var before = out.slice(0, first).replace(/[^aou]/g, "");
    if (!before) { out = out.slice(0, first) + "u" + out.slice(first + 1); quality = "+"; }
    else quality = before[before.length - 1] === "a" ? "(" : "+";
    out = out.replace(/w/g, "");
  }
  var doubles = ["aa", "ee", "oo"];
  for (var d = 0; d < doubles.length; d++) {
    if (out.indexOf(doubles[d]) >= 0) {
      if (quality) return null;
      out = out.replace(doubles[d], doubles[d][0]);
      quality = "^";
    }
  }
  if (!(tone || quality || ini === "đ")) return null;
  return tApply(ini + out, tone, quality);
}

function decodeWord(word) {
  var w = String(word).toLowerCase();
  if (!/^[a-z0-9]+$/.test(w) || !/[a-z]/.test(w)) return null;
  return /[0-9]/.test(w) ? tVni(w) : tTelex(w);
}

function decodeTelex(query) {
  var words = String(query).match(/\S+/g) || [], out = [], changed = false;
  words.forEach(function (w) {
    var d = decodeWord(w);
    if (d !== null && d !== w.toLowerCase()) { out.push(d); changed = true; } else out.push(w.toLowerCase());
  });
  return changed ? out.join(" ") : null;
}

/* ---- query ------------------------------------------------------------------- */
/* terms: distinct words (the last one a prefix while typing); seq: the words in order */
/* English words share a stem with their endings: "receiving" -> "receiv", "reports" -> "report" */
function stemOf(folded) {
  if (folded.length < 5 || !/^[a-z]+$/.test(folded)) return null;
  var s = folded.replace(/(ing|ed|es|s|e)$/, "");
  return s.length > 3 ? s : null;
}

function parseQuery(query, stop, stem) {
  var seen = {}, terms = [], seq = [];
  var list = words(query).map(function (w) { return w.slice(0, MAX_TERM); });
  list.forEach(function (w) {
    var lower = w.toLowerCase(), folded = fold(w);
    if (!folded) return;
    if (seen[lower] === undefined) {
      var key = toneKey(w), parts = splitKey(key);
      seen[lower] = terms.length;
      terms.push({ text: lower, folded: folded, key: key, base: parts[0], tones: parts[1],
                   accented: folded !== lower, prefix: false, stop: !!(stop && stop[folded]),
                   stem: stem ? stemOf(folded) : null });
    }
    seq.push(seen[lower]);
  });
  if (seq.length && !/\s$/.test(query)) {
    var last = terms[seq[seq.length - 1]];
    // the last word is a prefix while typing; one letter (or a repeated word) matches whole words only
    if (seq.indexOf(seq[seq.length - 1]) === seq.length - 1 && last.folded.length > 1) last.prefix = true;
  }
  // a query of stop words only: they are its content
  if (terms.length && terms.every(function (t) { return t.stop; })) terms.forEach(function (t) { t.stop = false; });
  var pairs = [];
  for (var i = 0; i + 1 < seq.length; i++) {
    var a = terms[seq[i]], b = terms[seq[i + 1]];
    if (seq[i] === seq[i + 1]) continue;
    pairs.push({ folded: a.folded + " " + b.folded, prefix: b.prefix && i + 2 === seq.length, a: seq[i], b: seq[i + 1] });
  }
  // content: how many words a page must have to answer the whole query (stop words never count)
  var content = terms.filter(function (t) { return !t.stop; }).length;
  return { terms: terms, seq: seq, pairs: pairs, content: content };
}

/* ---- loading ----------------------------------------------------------------- */
var cache = {};

/* The offline bundle opened from disk (file://), where a page may neither start a worker
 * from a file nor fetch JSON: assets/search/offline.js starts this worker from a Blob and
 * posts {type: MSG.OFFLINE, root, lang, files, complete} before the first query:
 * the reader's language first, then the others (complete: true), `files` being index files
 * by their path under the search root (scripts/search/offline.py). The index is then read
 * from that map (a file not there yet waits for the rest); nothing is fetched. Online it
 * stays null. */
var OFFLINE = null;

function offlineFile(url) {
  var u = new URL(url), root = OFFLINE.root;
  u.search = ""; u.hash = "";
  var name = u.href.indexOf(root) === 0 ? u.href.slice(root.length) : u.href;
  return new Promise(function (resolve, reject) {
    (function look() {
      if (Object.prototype.hasOwnProperty.call(OFFLINE.files, name)) resolve(OFFLINE.files[name]);
      else if (OFFLINE.complete) reject(new Error("offline: no " + name));
      else OFFLINE.waiting.push(look);
    })();
  });
}

function offlineFiles(msg) {
  if (!OFFLINE) {
    OFFLINE = { root: String(msg.root), files: {}, complete: false, waiting: [] };
    if (msg.lang) LANG = String(msg.lang);
  }
  for (var name in msg.files) OFFLINE.files[name] = msg.files[name];
  OFFLINE.complete = !!msg.complete;
  var waiting = OFFLINE.waiting;
  OFFLINE.waiting = [];
  waiting.forEach(function (look) { look(); });
}

function fetchJSON(url) {
  if (!cache[url]) {
    cache[url] = OFFLINE ? offlineFile(url) : fetch(url, { credentials: "same-origin" }).then(function (r) {
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

function searchRoot() { return OFFLINE ? new URL(OFFLINE.root) : new URL(build().root, self.location.href); }

function table(shards) {
  var t = { shards: shards, keys: Object.keys(shards), set: {}, max: 0 };
  t.keys.forEach(function (k) { t.set[k] = true; t.max = Math.max(t.max, k.length); });
  return t;
}

/* The column numbers of every row type, by name, from the manifest's contract "rows"
 * (scripts/search/index.py ROW_SHAPES): {page: {location: 0, entry: 1, ...}, doc: {...}, ...}.
 * Rows are read as row[col.page.chunk], never by a number. */
function columns(rows) {
  var col = {};
  Object.keys(rows).forEach(function (shape) {
    col[shape] = {};
    rows[shape].forEach(function (name, i) { col[shape][name] = i; });
  });
  return col;
}

var langs = {};
function language(lang) {
  if (!langs[lang]) {
    var path = build().manifests[lang];
    if (!path) return null;
    var base = new URL(path, searchRoot());
    var state = { lang: lang, base: base, loaded: {} };
    state.manifest = fetchJSON(base.href).then(function (m) {
      state.m = m;
      state.c = m.contract;
      state.col = columns(m.contract.rows);
      state.stride = m.contract.rows.posting.length;  // a posting list is flat: [doc delta, weight, ...]
      state.stop = {};
      (m.contract.stop || []).forEach(function (w) { state.stop[w] = true; });
      state.terms = table(m.shards);
      state.pairs = table(m.pairs || {});
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

function shardKeyFor(t, term) {
  for (var l = Math.min(term.length, t.max); l > 0; l--) {
    var k = term.slice(0, l);
    if (t.set[k]) return k;
  }
  return null;
}

/* The shards a term (or pair) needs: its own; for a prefix, also the longer keys under it. */
function shardsFor(state, t, folded, prefix) {
  var keys = [], own = shardKeyFor(t, folded), col = state.col;
  if (own) keys.push(own);
  if (prefix) {
    var extra = t.keys.filter(function (k) { return k.length > folded.length && k.indexOf(folded) === 0; });
    var cost = 0;
    extra.forEach(function (k) { if (!state.loaded[t.shards[k][col.shard.file]]) cost += t.shards[k][col.shard.bytes]; });
    extra.forEach(function (k) {
      if (cost <= state.c.thresholds.prefix_budget || state.loaded[t.shards[k][col.shard.file]]) keys.push(k);
    });
  }
  return keys.map(function (k) { return t.shards[k][col.shard.file]; });
}

function loadFile(state, name) {
  return file(state, name).then(function (s) { state.loaded[name] = s; return s; });
}

function chunkOf(state, pageIndex) {
  var i = state.d.pages[pageIndex][state.col.page.chunk];
  return file(state, state.m.chunks[i]).then(function (texts) { state.loaded["t" + i] = texts; return texts; });
}

function textOf(state, docId) {
  var col = state.col;
  var pageIndex = state.d.docs[docId][col.doc.page];
  var row = state.d.pages[pageIndex], chunk = row[col.page.chunk];
  var texts = state.loaded["t" + chunk];
  if (!texts) return null;
  var first = row[col.page.entry];  // a chunk holds whole pages; find the chunk's first entry
  for (var p = pageIndex - 1; p >= 0 && state.d.pages[p][col.page.chunk] === chunk; p--) first = state.d.pages[p][col.page.entry];
  return texts[docId - first];
}

/* ---- scoring: every number comes from the manifest's contract ------------------ */
function fieldScore(c, w) {
  var enc = c.encoding, s = c.scoring;
  var title = w >= enc.title, docnum = (w % enc.title) >= enc.docnum, tf = w % enc.docnum;
  return (title ? s.title : 0) + (docnum ? s.docnum : 0) + s.body + Math.log2(1 + tf);
}

/* [quality, exact] of a token (and its spelling variant) for a term, or null */
function quality(c, term, token, variant) {
  var key = variant === "" ? token : variant;
  var whole = token === term.folded;
  var stemmed = !whole && term.stem && token.indexOf(term.stem) === 0 && token.length - term.stem.length <= 3;
  if (!whole && !stemmed && !(term.prefix && token.indexOf(term.folded) === 0)) return null;
  var q = whole ? 1 : stemmed ? c.scoring.stem : c.scoring.prefix, exact = false;
  if (term.accented) {
    if (whole) exact = key === term.key;
    else {
      var parts = splitKey(key);
      exact = parts[0].indexOf(term.base) === 0 && (term.tones === "" || parts[1] === term.tones);
    }
  }
  return [q, exact];
}

/* docId -> best score of one term, from the loaded shards */
function termScores(state, term, files) {
  var c = state.c, scores = new Map(), stride = state.stride;
  var docAt = state.col.posting.doc, weightAt = state.col.posting.weight;
  function add(token, variants) {
    for (var variant in variants) {
      var qe = quality(c, term, token, variant);
      if (!qe) continue;
      var list = variants[variant], doc = 0;
      for (var i = 0; i < list.length; i += stride) {
        doc += list[i + docAt];
        var s = qe[0] * fieldScore(c, list[i + weightAt]) + (qe[1] ? c.scoring.exact : 0);
        var prev = scores.get(doc);
        if (prev === undefined || s > prev) scores.set(doc, s);
      }
    }
  }
  files.forEach(function (name) {
    var shard = state.loaded[name];
    if (!shard) return;
    if (!term.prefix && !term.stem) {
      if (Object.prototype.hasOwnProperty.call(shard, term.folded)) add(term.folded, shard[term.folded]);
      return;
    }
    var start = term.stem && term.folded.indexOf(term.stem) === 0 ? term.stem : term.folded;
    for (var token in shard) if (token.indexOf(start) === 0) add(token, shard[token]);
  });
  return scores;
}

/* docId -> score of one query pair (two words next to each other, in order) */
function pairScores(state, pair, files) {
  var c = state.c, s = c.scoring, scores = new Map(), stride = state.stride;
  var docAt = state.col.posting.doc, weightAt = state.col.posting.weight;
  function add(list, q) {
    var doc = 0;
    for (var i = 0; i < list.length; i += stride) {
      doc += list[i + docAt];
      var w = list[i + weightAt];
      var v = q * ((w >= c.encoding.title ? s.pair_title : s.pair) + Math.log2(w % c.encoding.docnum || 1));
      var prev = scores.get(doc);
      if (prev === undefined || v > prev) scores.set(doc, v);
    }
  }
  files.forEach(function (name) {
    var shard = state.loaded[name];
    if (!shard) return;
    if (Object.prototype.hasOwnProperty.call(shard, pair.folded)) add(shard[pair.folded], 1);
    if (pair.prefix) {
      for (var key in shard) if (key !== pair.folded && key.indexOf(pair.folded) === 0) add(shard[key], s.prefix);
    }
  });
  return scores;
}

function pageFactor(state, row) {
  var c = state.c, col = state.col, k = row[col.page.kind], st = row[col.page.status];
  // `search: {boost: x}` in the front matter, when the row has it, else the kind's factor
  var kind = row.length > col.page.boost ? row[col.page.boost] : (c.kinds[k] !== undefined ? c.kinds[k] : 1);
  var status = st && c.status.factors[st] !== undefined ? c.status.factors[st] : 1;
  return kind * status;
}

/* Pages ranked: [{page, score, matched: [term index...], docs: Map docId -> score}] best first.
 * Pages with every content word come first; when there are none, pages with the most. */
function rank(state, q, termFiles, pairFiles) {
  var d = state.d, c = state.c, col = state.col, terms = q.terms;
  var perTerm = terms.map(function (t, i) { return termScores(state, t, termFiles[i]); });
  var perPair = q.pairs.map(function (p, i) { return pairScores(state, p, pairFiles[i]); });
  var pages = new Map();
  function page(p) {
    var g = pages.get(p);
    if (!g) { g = { page: p, best: {}, pairs: {}, docs: new Map() }; pages.set(p, g); }
    return g;
  }
  function collect(scores, slot, index) {
    scores.forEach(function (s, doc) {
      var p = d.docs[doc][col.doc.page], g = page(p);
      g.docs.set(doc, (g.docs.get(doc) || 0) + s);
      // a match in the page itself (its title, its intro) beats the same match in a section
      if (d.pages[p][col.page.entry] === doc) s *= c.scoring.page_entry;
      if (g[slot][index] === undefined || s > g[slot][index]) g[slot][index] = s;
    });
  }
  perTerm.forEach(function (scores, i) { collect(scores, "best", i); });
  perPair.forEach(function (scores, i) { collect(scores, "pairs", i); });
  var content = q.content;
  var groups = [];
  pages.forEach(function (g) {
    var matched = [], score = 0, n = 0;
    terms.forEach(function (t, i) {
      if (g.best[i] === undefined) return;
      matched.push(i);
      score += g.best[i];
      if (!t.stop) n++;
    });
    if (!n) return;  // stop words alone never bring a page in
    for (var k in g.pairs) score += g.pairs[k];
    g.matched = matched;
    g.coverage = n;
    g.share = n / (content || 1);  // of the query's content words, how many the page has
    g.score = score * pageFactor(state, d.pages[g.page]);
    groups.push(g);
  });
  var full = groups.filter(function (g) { return g.coverage === content; });
  if (full.length) groups = full;
  groups.sort(function (a, b) { return b.coverage - a.coverage || b.score - a.score || a.page - b.page; });
  return groups;
}

/* ---- snippets ------------------------------------------------------------------- */
function escapeHTML(s) {
  return s.replace(/[&<>"']/g, function (ch) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
  });
}

/* The words of a text, folded: [start, end, folded, start, end, folded, …]. Remembered
 * per text (the texts of the loaded index parts, the titles): the same pages come back
 * query after query while a reader types, and scanning and folding their words is the
 * costly part of marking them (NFD plus Unicode-property regexes). */
var WORDS_OF = new Map();
function wordsOf(text) {
  var list = WORDS_OF.get(text);
  if (list === undefined) {
    if (WORDS_OF.size > 20000) WORDS_OF.clear();
    list = [];
    var re = new RegExp(WORD_RE.source, "gu"), m;
    while ((m = re.exec(text))) list.push(m.index, m.index + m[0].length, fold(m[0]));
    WORDS_OF.set(text, list);
  }
  return list;
}

/* What matchTerm needs of a query, computed once: whole words by their folded form, and
 * the few terms that match more than their own form (the last word as a prefix, stems). */
function matcher(q) {
  if (!q.matcher) {
    var whole = new Map(), loose = [];
    q.terms.forEach(function (t, i) {
      if (!whole.has(t.folded)) whole.set(t.folded, i);
      if (t.prefix || t.stem) loose.push(i);
    });
    q.matcher = { whole: whole, loose: loose, digits: q.terms.some(function (t) { return /[0-9]/.test(t.folded); }),
                  highlighted: new Map() };
  }
  return q.matcher;
}

/* the term index a folded word matches (whole word, or the last term as a prefix), or -1;
 * the first such term in query order, as a loop over every term would find */
function matchTerm(token, q) {
  var mt = matcher(q), best = mt.whole.has(token) ? mt.whole.get(token) : -1;
  for (var k = 0; k < mt.loose.length; k++) {
    var i = mt.loose[k], t = q.terms[i];
    if (best >= 0 && i >= best) break;
    if ((t.prefix && token.indexOf(t.folded) === 0) ||
        (t.stem && token.indexOf(t.stem) === 0 && token.length - t.stem.length <= 3)) return i;
  }
  return best;
}

/* [start, end] of the words and document numbers of `text` to mark.
 * When the query has several words and the text has them next to each other, in
 * order, only those runs are marked ("mua bán người", not the "ban" of "ban hành");
 * stop words are marked only inside a run. */
function matchRanges(text, q) {
  var terms = q.terms, out = [], m, re;
  // matched words only: [start, end, term index, word number] (a run needs consecutive numbers)
  var hits = [], list = wordsOf(text);
  for (var w = 0; w < list.length; w += 3) {
    var k = matchTerm(list[w + 2], q);
    if (k >= 0) hits.push([list[w], list[w + 1], k, w / 3]);
  }
  var next = {};
  q.pairs.forEach(function (p) { next[p.a + " " + p.b] = true; });
  var inRun = hits.map(function () { return false; }), runs = false;
  for (var i = 0; i + 1 < hits.length; i++) {
    var a = hits[i], b = hits[i + 1];
    if (b[3] !== a[3] + 1 || !next[a[2] + " " + b[2]]) continue;
    if (/\n/.test(text.slice(a[1], b[0])) || /[^\s,\-–\/.]/.test(text.slice(a[1], b[0]))) continue;
    inRun[i] = inRun[i + 1] = runs = true;
  }
  // no run: mark single words only when the text has every content word of the query
  var present = {}, have = 0;
  hits.forEach(function (h) { present[h[2]] = true; });
  terms.forEach(function (t, k) { if (!t.stop && present[k]) have++; });
  var loose = have === q.content;
  hits.forEach(function (h, i) {
    if (runs ? inRun[i] : loose && (!terms[h[2]].stop || q.pairs.length === 0)) out.push([h[0], h[1]]);
  });
  // document numbers ("102/2016/QH13") are marked whole when a query word with a digit matches them joined
  if (matcher(q).digits) {
    re = new RegExp(COMPOUND_RE.source, "gu");
    while ((m = re.exec(text))) {
      if (matchTerm((fold(m[0]).match(WORD_RE) || []).join(""), q) >= 0) out.push([m.index, m.index + m[0].length]);
    }
  }
  out.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
  var merged = [];
  out.forEach(function (r) {
    var last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + 1 && !/\n/.test(text.slice(last[1], r[0])) && runs) {
      if (r[1] > last[1]) last[1] = r[1];
    } else if (last && r[0] < last[1]) { if (r[1] > last[1]) last[1] = r[1]; } else merged.push(r.slice());
  });
  return merged;
}

/* blocks (cells, list items, paragraphs) are stored one per line: show them apart */
function showText(s) {
  return escapeHTML(s).replace(/([.:;!?…])?\n/g, function (_, p) { return p ? p + " " : " · "; });
}

function markup(text, ranges, start, end) {
  var out = "", pos = start;
  ranges.forEach(function (r) {
    if (r[0] < start || r[1] > end) return;
    out += showText(text.slice(pos, r[0])) + "<mark>" + showText(text.slice(r[0], r[1])) + "</mark>";
    pos = r[1];
  });
  return out + showText(text.slice(pos, end));
}

/* a title marked for the query; section titles repeat across pages ("Tổng quan"), so
 * each is marked once per query */
function highlight(text, q) {
  var done = matcher(q).highlighted, html = done.get(text);
  if (html === undefined) {
    var t = nfc(text || "");
    html = markup(t, matchRanges(t, q), 0, t.length);
    done.set(text, html);
  }
  return html;
}

function snippet(text, q, size) {
  text = nfc(text || "");
  if (!text) return "";
  var ranges = matchRanges(text, q), start = 0;
  if (ranges.length) {
    // the window of `size` characters holding the most marked text, starting at a range: ranges
    // are sorted and disjoint, so the ranges inside a window are a run (two pointers, one pass)
    var best = -1, bestAt = 0, j = 0, n = 0;
    for (var i = 0; i < ranges.length; i++) {
      if (j < i) { j = i; n = 0; }
      while (j < ranges.length && ranges[j][1] <= ranges[i][0] + size) { n += ranges[j][1] - ranges[j][0]; j++; }
      if (n > best) { best = n; bestAt = ranges[i][0]; }
      if (j > i) n -= ranges[i][1] - ranges[i][0];
    }
    start = Math.max(0, bestAt - 50);
    if (start > 0) {
      var sp = text.slice(start, bestAt).search(/[\s][^\s]*$/);
      var nl = text.lastIndexOf("\n", bestAt);
      if (nl >= start) start = nl + 1;
      else start = sp >= 0 ? start + sp + 1 : bestAt;
    }
  }
  var end = Math.min(text.length, start + size);
  if (end < text.length) { var e = text.lastIndexOf(" ", end); if (e > start + size / 2) end = e; }
  var body = markup(text, ranges, start, end);
  return "<p>" + (start > 0 ? "… " : "") + body + (end < text.length ? " …" : "") + "</p>";
}

/* ---- search ---------------------------------------------------------------------- */
/* Load what a query needs in one language; returns {state, q, groups} */
function run(lang, query, withText) {
  var state = words(query).length ? language(lang) : null;  // nothing is downloaded for an empty box
  if (!state) return Promise.resolve({ state: state, q: parseQuery(query), groups: [] });
  return state.manifest.then(function () {
    // the query as typed, then the same query with a synonym in place of a phrase it contains
    var readings = [query].concat(synonymReadings(state, query)).map(function (text) {
      var q = parseQuery(text, state.stop, state.c.stem);
      return {
        q: q,
        termFiles: q.terms.map(function (t) {
          return t.stem ? shardsFor(state, state.terms, t.stem, true) : shardsFor(state, state.terms, t.folded, t.prefix);
        }),
        pairFiles: q.pairs.map(function (p) { return shardsFor(state, state.pairs, p.folded, p.prefix); })
      };
    });
    var q = readings[0].q, wanted = {};
    readings.forEach(function (r) {
      r.termFiles.concat(r.pairFiles).forEach(function (fs) { fs.forEach(function (f) { wanted[f] = true; }); });
    });
    return Promise.all([docsOf(state)].concat(Object.keys(wanted).map(function (f) { return loadFile(state, f); })))
      .then(function () {
        var groups = merge(readings.map(function (r, i) {
          var g = rank(state, r.q, r.termFiles, r.pairFiles);
          g.forEach(function (x) { x.q = r.q; if (i) x.score *= state.c.scoring.synonym; });
          return g;
        }));
        var result = { state: state, q: q, groups: groups, query: query };
        if (!withText) return result;
        var chunks = {};
        groups.slice(0, state.c.thresholds.snippet_groups).forEach(function (g) {
          chunks[state.d.pages[g.page][state.col.page.chunk]] = g.page;
        });
        return Promise.all(Object.keys(chunks).map(function (ch) { return chunkOf(state, chunks[ch]); }))
          .then(function () { return result; });
      });
  });
}

/* The query with a reader's phrase replaced by the handbook's (manifest contract
 * "synonyms": [reader's phrase, handbook's phrase], "buôn bán" -> "mua bán"): whole
 * words, compared folded, so every spelling of the phrase counts. */
function synonymReadings(state, query) {
  var list = words(query), out = [];
  var tail = /\s$/.test(query) ? " " : "";
  var col = state.col;
  (state.c.synonyms || []).forEach(function (synonym) {
    var from = words(synonym[col.synonym.phrase]).map(fold), to = words(synonym[col.synonym.replacement]), n = from.length;
    for (var at = 0; at + n <= list.length; at++) {
      if (list.slice(at, at + n).map(fold).join(" ") === from.join(" ")) {
        out.push(list.slice(0, at).concat(to, list.slice(at + n)).join(" ") + tail);
        return;
      }
    }
  });
  return out;
}

/* Pages of every reading in one list, each page once, with its best reading: pages that
 * have every content word of their reading first, then the higher score. */
function merge(lists) {
  if (lists.length === 1) return lists[0];
  var best = new Map();
  lists.forEach(function (groups) {
    groups.forEach(function (g) {
      var had = best.get(g.page);
      if (!had || g.share > had.share || (g.share === had.share && g.score > had.score)) best.set(g.page, g);
    });
  });
  var groups = Array.from(best.values());
  var top = groups.reduce(function (m, g) { return Math.max(m, g.share); }, 0);
  if (top === 1) groups = groups.filter(function (g) { return g.share === 1; });
  groups.sort(function (a, b) { return b.share - a.share || b.score - a.score || a.page - b.page; });
  return groups;
}

/* how well a result answers its query: [content words of the best page, its score] */
function strength(result) {
  var g = result.groups[0];
  if (!g) return [0, 0];
  return [g.share, g.score];
}

/* The query as typed, or read as Telex/VNI when that reading matches better. */
function runBest(lang, query, withText) {
  var decoded = decodeTelex(query);
  if (decoded !== null && /\s$/.test(query)) decoded += " ";
  var raw = run(lang, query, withText);
  if (decoded === null) return raw;
  return Promise.all([raw, run(lang, decoded, withText)]).then(function (both) {
    var a = strength(both[0]), b = strength(both[1]);
    // better: more of its words found together (or as many, where the raw reading found nothing)
    var better = b[0] > a[0] || (a[0] === 0 && b[1] > a[1]);
    if (both[1].groups.length && better) { both[1].decoded = decoded.trim(); return both[1]; }
    return both[0];
  });
}

function items(result) {
  var state = result.state, d = state && state.d, c = state.c, col = state.col;
  return result.groups.map(function (g, i) {
    var q = g.q;  // the reading that found the page (a synonym marks its own words)
    var row = d.pages[g.page], pageLoc = row[col.page.location], pageDoc = row[col.page.entry];
    var status = row[col.page.status];
    var rich = i < c.thresholds.snippet_groups;  // snippets for the top results only: the rest render on scroll
    var text = rich ? textOf(state, pageDoc) : null;
    // ?h= and Material's "missing" line: the query's own words, found or not in this page
    var terms = {};
    q.terms.forEach(function (t, k) { terms[t.text] = g.matched.indexOf(k) >= 0 || t.stop; });
    var page = {
      location: pageLoc,
      title: highlight(d.docs[pageDoc][col.doc.title], q),
      text: text === null ? "" : snippet(text, q, c.thresholds.snippet_chars),
      score: g.score,
      terms: terms
    };
    if (status && c.status.labels[status]) page.tags = [c.status.labels[status]];
    var sections = [];
    g.docs.forEach(function (s, doc) { if (doc !== pageDoc) sections.push([doc, s]); });
    sections.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    var out = [page];
    sections.forEach(function (pair, k) {
      var doc = pair[0], t = rich ? textOf(state, doc) : null;
      out.push({
        location: pageLoc + "#" + d.docs[doc][col.doc.anchor],
        title: highlight(d.docs[doc][col.doc.title], q),
        text: t === null ? "" : snippet(t, q, c.thresholds.snippet_chars),
        score: k < c.thresholds.visible_sections ? g.score : g.score / 2,
        terms: terms
      });
    });
    return out;
  });
}

/* words of the query that the best results do not contain (content words only) */
function missingWords(result) {
  var g = result.groups[0];
  if (!g) return [];
  return g.q.terms.filter(function (t, k) { return !t.stop && g.matched.indexOf(k) < 0; })
    .map(function (t) { return t.text; });
}

var channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("handbook-search") : null;
var LANG = (function () {
  try { return new URL(self.location.href).searchParams.get("lang") || "vi"; } catch (e) { return "vi"; }
})();
var latest = 0;

function otherLanguages() {
  return Object.keys(build().manifests).filter(function (l) { return l !== LANG; });
}

function notice(query, result, count, top) {
  if (!channel) return Promise.resolve();
  // a letter or two being typed is not worth a look in the other language
  var others = count || !words(query).some(function (w) { return w.length > 1; }) ? [] : otherLanguages();
  return Promise.all(others.map(function (l) {
    return runBest(l, query, false).then(function (r) { return { lang: l, n: r.groups.length, state: r.state }; },
                                         function () { return { lang: l, n: 0 }; });
  })).then(function (found) {
    var best = found.sort(function (a, b) { return b.n - a.n; })[0];
    var msg = { query: query, lang: LANG, count: count, other: best ? best.n : 0, top: top || [],
                decoded: result.decoded || null, missing: count ? missingWords(result) : [] };
    if (best && best.n) {
      var home = new URL(best.state.m.home, new URL("../", searchRoot()));
      if (OFFLINE && /\/$/.test(home.pathname)) home.pathname += "index.html";  // no directory index on disk
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
  return runBest(LANG, query, true).then(function (result) {
    if (mine !== latest) return;
    var list = result.groups.length ? items(result) : [];
    self.postMessage({ type: MSG.RESULT, data: { items: list }, ms: Date.now() - started });
    return notice(query, result, list.length, list.slice(0, result.state ? result.state.c.thresholds.announced : 0).map(function (g) { return g[0].location; }));
  }).catch(function (err) {
    if (mine !== latest) return;
    console.error("search:", err);
    self.postMessage({ type: MSG.RESULT, data: { items: [] } });
  });
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  self.addEventListener("message", function (ev) {
    var msg = ev.data || {};
    if (msg.type === MSG.SETUP) self.postMessage({ type: MSG.READY });
    else if (msg.type === MSG.QUERY) handle(String(msg.data || ""));
    else if (msg.type === MSG.OFFLINE && msg.files) offlineFiles(msg);
  });
}
