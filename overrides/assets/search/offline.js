/*
 * Sổ tay Báo cáo viên — search in the offline bundle opened from disk (file://).
 *
 * Only the offline build loads this file (scripts/search/offline.py adds it, with
 * assets/search/worker-source.js, to every page, before Material's bundle); the site on
 * the web never does. From file:// Chromium refuses `new Worker("…/worker.js")` and
 * fetch() of the index's JSON files. So, on a file:// page only:
 * - Material's `new Worker(config.search)` (assets/search/boot.js, the stub that loads the
 *   engine with importScripts, which a Blob worker on file:// cannot do) gets the engine
 *   itself started from a Blob of its source (self.HANDBOOK_WORKER_SOURCE, worker-source.js);
 * - before the first query reaches the worker, the index of the page's language is loaded
 *   with a <script> tag (search/<lang>/bundle.js, assigning its files to
 *   self.HANDBOOK_SEARCH_FILES[lang]) and posted to the worker, which then reads the
 *   index from that map instead of fetching it (worker.js, OFFLINE); the other languages
 *   follow (the worker looks there when the reader's language has no result).
 * (Material itself, from file://, loads search/search_index.js instead of the JSON index;
 * scripts/search/offline.py writes it.) Material also fetches "sitemap.xml" next to every
 * <link rel="alternate"> of the page (the feeds), which file:// refuses with a console
 * error: on a file:// page the feed links lose their rel "alternate" (Material's selector
 * is [rel=alternate]) before Material's bundle looks for them.
 * Served over http(s) this script does nothing: search works as on the web.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof Worker === "undefined" || typeof Blob === "undefined") return;
  var source = self.HANDBOOK_WORKER_SOURCE;
  var script = document.currentScript;
  if (!source || !script) return;
  var siteRoot = new URL("../../", script.src);  // this file is <site>/assets/search/offline.js
  var searchRoot = new URL("search/", siteRoot);
  var languages = self.HANDBOOK_SEARCH_LANGUAGES || [];
  var NativeWorker = window.Worker;
  // the message types, named as in worker.js (scripts/search/index.py MESSAGES)
  var MSG = { SETUP: 0, READY: 1, QUERY: 2, RESULT: 3, OFFLINE: "handbook-offline" };

  function loadLanguage(lang) {
    return new Promise(function (resolve, reject) {
      var files = self.HANDBOOK_SEARCH_FILES;
      if (files && files[lang]) return resolve(files[lang]);
      var tag = document.createElement("script");
      tag.src = new URL(lang + "/bundle.js", searchRoot).href;
      tag.onload = function () {
        var loaded = self.HANDBOOK_SEARCH_FILES && self.HANDBOOK_SEARCH_FILES[lang];
        if (loaded) resolve(loaded); else reject(new Error("offline search: no index in " + tag.src));
      };
      tag.onerror = function () { reject(new Error("offline search: cannot load " + tag.src)); };
      document.head.appendChild(tag);
    });
  }

  function merged(parts) {
    var files = {};
    parts.forEach(function (part) { for (var name in part) files[name] = part[name]; });
    return files;
  }

  /* post the page's language, then the others; resolves once the first is posted */
  function feed(worker, post, lang) {
    var first = languages.indexOf(lang) >= 0 ? [lang] : languages;
    var rest = languages.filter(function (l) { return first.indexOf(l) < 0; });
    var message = function (files, complete) {
      return { type: MSG.OFFLINE, root: searchRoot.href, lang: lang, files: files, complete: complete };
    };
    return Promise.all(first.map(loadLanguage)).then(function (parts) {
      post.call(worker, message(merged(parts), !rest.length));
      if (rest.length) {
        Promise.all(rest.map(loadLanguage)).then(function (others) {
          post.call(worker, message(merged(others), true));
        }, function (err) {
          console.error(err);
          post.call(worker, message({}, true));
        });
      }
    }, function (err) {
      console.error(err);
      post.call(worker, message({}, true));
    });
  }

  function isSearchWorker(url) {
    // the stub (config.search) or the engine itself: either way the Blob runs the engine
    try { return /\/assets\/search\/(boot|worker)\.js$/.test(new URL(String(url), location.href).pathname); }
    catch (e) { return false; }
  }

  function OfflineWorker(url, options) {
    if (!isSearchWorker(url)) return new NativeWorker(url, options);
    var lang = new URL(String(url), location.href).searchParams.get("lang") ||
      (document.documentElement.getAttribute("lang") || "vi").slice(0, 2);
    var blob = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    var worker = new NativeWorker(blob, options);
    var post = NativeWorker.prototype.postMessage;
    var ready = null;
    // Material posts MSG.SETUP and {type: MSG.QUERY, data: query}: queries wait for the index
    worker.postMessage = function (msg) {
      var args = arguments;
      if (!msg || msg.type !== MSG.QUERY) return post.apply(worker, args);
      if (!ready) ready = feed(worker, post, lang);
      ready.then(function () { post.apply(worker, args); });
    };
    return worker;
  }
  OfflineWorker.prototype = NativeWorker.prototype;
  Array.prototype.forEach.call(document.querySelectorAll("link[rel=alternate][type]"), function (link) {
    link.setAttribute("rel", "alternate feed");
  });
  window.Worker = OfflineWorker;
})();
