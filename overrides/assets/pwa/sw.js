/*
 * Sổ tay Báo cáo viên — service worker: the handbook readable with no connection after the
 * first visit. The build (scripts/render/pwa.py) moves this file to the site root (its scope is
 * the whole site, under a sub-path too) and writes PLAN: the build's version (a hash of every
 * file listed) and, per language, the pages and files to keep, the language's folder and its
 * offline page.
 *
 * - Install: the languages kept by the previous version (an update keeps what the reader had),
 *   or else the language of the open page(s), each into its own cache "hb-<version>-<lang>",
 *   marked complete only when every file is in. A failed install leaves the previous version
 *   in charge, its caches untouched.
 * - Activate (at once on a first visit; for an update when the reader presses "reload", which
 *   posts "skip-waiting"): every cache of another version is deleted, so a new build replaces
 *   the old copy in one step.
 * - Fetch: only GET requests of this site for an address in PLAN are answered here. Pages:
 *   stale-while-revalidate (from the cache, refreshed in the background when online); a page
 *   not kept, when the network fails, leads to the offline page of its language. Other files:
 *   from the cache first (their addresses change with their content: hashed names, ?v=). Every
 *   other request — another origin (the acknowledgement form), the feeds, downloads — is left
 *   to the browser, exactly as with no worker, and nothing of it is kept.
 * - Messages from the pages (assets/pwa/pwa.js), answered on the given port: {type: "save",
 *   lang} keeps a language (the other one only when the reader opens it), {type: "status"},
 *   {type: "remove"} deletes every copy, {type: "skip-waiting"}.
 */
"use strict";

var PLAN = /*@@HANDBOOK_OFFLINE_PLAN@@*/null;
var PREFIX = "hb-";
var ROOT = new URL("./", self.location.href).href;  // the site root: this file is there
var SAVED = new URL("__handbook_saved__", ROOT).href;  // a cache's "complete" mark (no such file)
var PARALLEL = 6;  // requests at once while saving (a phone's connection)

function abs(rel) { return new URL(rel, ROOT).href; }
function cacheName(lang) { return PREFIX + PLAN.version + "-" + lang; }
function languages() { return Object.keys(PLAN.languages); }
function noop() {}

/* absolute address -> languages whose copy holds it */
var PAGES = new Map(), FILES = new Map(), PATHS = new Map();
function add(map, href, lang) {
  if (!map.has(href)) map.set(href, []);
  if (map.get(href).indexOf(lang) < 0) map.get(href).push(lang);
}
languages().forEach(function (lang) {
  var lp = PLAN.languages[lang];
  lp.pages.forEach(function (p) { add(PAGES, abs(p), lang); });
  lp.files.forEach(function (f) { var u = abs(f); add(FILES, u, lang); add(PATHS, u.split("?")[0], lang); });
});

function languageOf(href) {
  var rel = href.indexOf(ROOT) === 0 ? href.slice(ROOT.length) : "", best = PLAN["default"], len = -1;
  languages().forEach(function (lang) {
    var root = PLAN.languages[lang].root;
    if (rel.indexOf(root) === 0 && root.length > len) { best = lang; len = root.length; }
  });
  return best;
}

/* the first kept copy of `href` among `langs` (the reader's language first): {response, cache} */
function lookup(href, langs, loose) {
  var order = langs.slice().sort(function (a, b) { return (b === languageOf(href)) - (a === languageOf(href)); });
  return order.reduce(function (found, lang) {
    return found.then(function (hit) {
      if (hit) return hit;
      return caches.match(href, { cacheName: cacheName(lang), ignoreSearch: !!loose }).then(function (r) {
        return r ? { response: r, cache: cacheName(lang) } : null;
      });
    });
  }, Promise.resolve(null));
}

/* ---- saving a language ------------------------------------------------------------------- */
function clean(response) {
  // a response that followed a redirect cannot answer a navigation: keep its body only
  if (!response.redirected) return Promise.resolve(response);
  return response.blob().then(function (body) {
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  });
}

function isSaved(lang) {
  return PLAN.languages[lang] ? caches.match(SAVED, { cacheName: cacheName(lang) }).then(Boolean) : Promise.resolve(false);
}

var saving = {};
function save(lang) {
  if (!PLAN.languages[lang]) return Promise.reject(new Error("no language " + lang));
  if (saving[lang]) return saving[lang];
  var lp = PLAN.languages[lang], name = cacheName(lang);
  saving[lang] = isSaved(lang).then(function (done) {
    if (done) return;
    return caches.open(name).then(function (cache) {
      var queue = lp.pages.concat(lp.files).map(abs);
      function next() {
        var href = queue.shift();
        if (href === undefined) return Promise.resolve();
        return fetch(new Request(href, { cache: "no-cache", credentials: "same-origin" })).then(function (r) {
          if (!r.ok) throw new Error(r.status + " " + href);
          return clean(r);
        }).then(function (r) { return cache.put(href, r); }).then(next);
      }
      var lanes = [];
      for (var i = 0; i < PARALLEL; i++) lanes.push(next());
      return Promise.all(lanes).then(function () {
        return cache.put(SAVED, new Response(JSON.stringify({ bytes: lp.bytes, version: PLAN.version })));
      });
    }).catch(function (err) {
      return caches["delete"](name).then(function () { throw err; });
    });
  });
  saving[lang].then(function () { delete saving[lang]; }, function () { delete saving[lang]; });
  return saving[lang];
}

function status() {
  return Promise.all(languages().map(isSaved)).then(function (flags) {
    var saved = {};
    languages().forEach(function (lang, i) { saved[lang] = flags[i] ? PLAN.languages[lang].bytes : 0; });
    return { version: PLAN.version, saved: saved };
  });
}

function removeAll() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0; }).map(function (n) { return caches["delete"](n); }));
  });
}

/* the languages to keep on install: those the previous version kept, else those of the open pages */
function wanted() {
  return caches.keys().then(function (names) {
    var langs = [];
    return Promise.all(names.map(function (n) {
      var m = /^hb-[0-9a-f]+-([a-z]{2,3}(?:-[a-z0-9]+)?)$/i.exec(n);
      if (!m || !PLAN.languages[m[1]]) return null;
      return caches.match(SAVED, { cacheName: n }).then(function (done) { if (done && langs.indexOf(m[1]) < 0) langs.push(m[1]); });
    })).then(function () {
      if (langs.length) return langs;
      return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (clients) {
        clients.forEach(function (c) { var l = languageOf(c.url); if (langs.indexOf(l) < 0) langs.push(l); });
        return langs.length ? langs : [PLAN["default"]];
      });
    });
  });
}

self.addEventListener("install", function (ev) {
  ev.waitUntil(wanted().then(function (langs) { return Promise.all(langs.map(save)); }));
});

self.addEventListener("activate", function (ev) {
  ev.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf(PREFIX) === 0 && n.indexOf(PREFIX + PLAN.version + "-") !== 0;
    }).map(function (n) { return caches["delete"](n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (ev) {
  var msg = ev.data || {}, port = ev.ports && ev.ports[0];
  function reply(value) { if (port) port.postMessage(value); }
  function failed(err) { return status().then(function (s) { s.error = String(err && err.message || err); reply(s); }); }
  if (msg.type === "skip-waiting") { self.skipWaiting(); return; }
  if (msg.type === "status") ev.waitUntil(status().then(reply));
  else if (msg.type === "save") ev.waitUntil(save(String(msg.lang)).then(status).then(reply, failed));
  else if (msg.type === "remove") ev.waitUntil(removeAll().then(status).then(reply, failed));
});

/* ---- answering requests ------------------------------------------------------------------ */
function pageKey(url) {
  var u = new URL(url.href);
  u.search = "";
  u.hash = "";
  if (PAGES.has(u.href)) return u.href;
  if (/\/index\.html$/.test(u.pathname)) {
    var dir = u.href.replace(/index\.html$/, "");
    if (PAGES.has(dir)) return dir;
  }
  if (!/\/$/.test(u.pathname) && PAGES.has(u.href + "/")) return u.href + "/";
  return null;
}

function offlinePage(lang, url) {
  var page = PLAN.languages[lang] && PLAN.languages[lang].offline;
  if (!page) return Promise.resolve(Response.error());
  return lookup(abs(page), PAGES.get(abs(page)) || []).then(function (hit) {
    if (!hit) return Response.error();
    var target = new URL(abs(page));
    target.search = "?from=" + encodeURIComponent(url.pathname + url.search);
    return Response.redirect(target.href, 302);
  });
}

function navigate(ev, url) {
  var key = pageKey(url), lang = languageOf(url.href);
  // a navigation's URL keeps its #fragment (and a redirect inherits it): compare without it,
  // or "legal/x/#article-151" would be sent to itself until the browser gives up
  if (key && key !== url.origin + url.pathname && !/\/index\.html$/.test(url.pathname)) {
    return Promise.resolve(Response.redirect(key + url.search, 301));  // "legal/x" -> "legal/x/", as the host does
  }
  var network = function () { return fetch(ev.request); };
  if (!key) return network().catch(function () { return offlinePage(lang, url); });  // a page not kept
  return lookup(key, PAGES.get(key)).then(function (hit) {
    var refresh = network().then(function (r) {
      if (hit && r.ok && r.type === "basic" && !r.redirected) {
        var copy = r.clone();
        ev.waitUntil(caches.open(hit.cache).then(function (cache) { return cache.put(key, copy); }).catch(noop));
      }
      return r;
    });
    if (hit) {
      ev.waitUntil(refresh.catch(noop));
      return hit.response;
    }
    return refresh.catch(function () { return offlinePage(lang, url); });
  });
}

self.addEventListener("fetch", function (ev) {
  var req = ev.request;
  if (req.method !== "GET" || !PLAN) return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin || url.href.indexOf(ROOT) !== 0) return;  // never another origin
  if (req.mode === "navigate") {
    // a download or a feed opened in the tab (a file name other than .html): the network only
    if (!pageKey(url) && /\.[a-z0-9]+$/i.test(url.pathname) && !/\.html$/i.test(url.pathname)) return;
    ev.respondWith(navigate(ev, url));
    return;
  }
  var href = url.href.split("#")[0], langs = FILES.get(href), loose = !langs && PATHS.get(url.origin + url.pathname);
  if (!langs && !loose) return;  // not a file the handbook keeps: the network, as without a worker
  ev.respondWith(lookup(href, langs || loose, !langs).then(function (hit) {
    return hit ? hit.response : fetch(req);
  }));
});
