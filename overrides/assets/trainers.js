/* Trainers' tools (no dependencies, works from file:// too):
   - the language switcher keeps the section the reader is on (#anchor);
   - instructor view: answers stay collapsible for everyone, instructor notes
     (details.instructor) show only in instructor view — a toggle remembered in
     localStorage, or ?instructor in the URL;
   - print: learner handout (no answers, no notes) or instructor copy (everything),
     every <details> opened, links followed by their address;
   - presentation mode (modules): large type, one section per screen, keyboard next/previous,
     the QR code of the short link on the first screen; remembered like the instructor view
     (localStorage), or ?present in the URL. */
(function () {
  "use strict";
  var KEY = "hb-instructor";
  var PRESENT_KEY = "hb-present";
  var root = document.documentElement;

  function storage(get, value, key) {
    try {
      if (get) return window.localStorage.getItem(key || KEY);
      if (value) window.localStorage.setItem(key || KEY, "1"); else window.localStorage.removeItem(key || KEY);
    } catch (e) { /* private mode, file:// in some browsers */ }
    return null;
  }

  // ?name, ?name=1 -> true; ?name=0|false|off -> false; absent -> null
  function flag(name) {
    var params = new URLSearchParams(window.location.search);
    if (!params.has(name)) return null;
    var v = params.get(name);
    return v !== "0" && v !== "false" && v !== "off";
  }

  // -- language switcher keeps the hash --------------------------------------------------------------
  function keepHash() {
    var links = document.querySelectorAll("a.md-select__link[hreflang], .md-select a[hreflang]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      var base = a.getAttribute("data-hb-href");
      if (base === null) {
        base = a.getAttribute("href").split("#")[0];
        a.setAttribute("data-hb-href", base);
      }
      a.setAttribute("href", base + (window.location.hash || ""));
    }
  }

  // -- instructor view ------------------------------------------------------------------------------
  function setInstructor(on, remember) {
    root.classList.toggle("hb-instructor", !!on);
    if (remember) storage(false, on);
    var switches = document.querySelectorAll(".hb-instructor-switch");
    for (var i = 0; i < switches.length; i++) switches[i].checked = !!on;
  }

  function initialInstructor() {
    var on = flag("instructor");
    if (on !== null) { storage(false, on); return on; }
    return storage(true) === "1";
  }

  // -- presentation mode: large type, one section (h2) per screen, keys to move --------------------
  // The module's content is cut at each <h2>: screen 0 is the title, what comes before the
  // first h2 and the QR code of the short link; screen n is the n-th h2 and what follows it.
  var slides = null;   // arrays of top-level elements of the article
  var current = 0;
  var bar = null;

  function article() { return document.querySelector(".md-content__inner"); }
  function presentButton() { return document.querySelector("button.hb-present-toggle"); }

  function buildSlides() {
    var content = article();
    if (!content || slides) return;
    var qr = document.getElementById("short-link");
    var h1 = content.querySelector("h1");
    if (qr && h1) {
      var copy = qr.cloneNode(true);
      copy.removeAttribute("id");
      copy.classList.add("hb-present-qr");
      h1.insertAdjacentElement("afterend", copy);
    }
    slides = [[]];
    var children = content.children;
    for (var i = 0; i < children.length; i++) {
      var child = children[i];
      if (child.tagName === "H2") slides.push([]);
      slides[slides.length - 1].push(child);
    }
  }

  function buildBar() {
    if (bar) return;
    var button = presentButton();
    bar = document.createElement("div");
    bar.className = "hb-present-bar";
    bar.setAttribute("data-search-exclude", "");
    function make(cls, label, text, step) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = cls;
      b.setAttribute("aria-label", label);
      b.title = label;
      b.textContent = text;
      b.addEventListener("click", function () { if (step === 0) setPresent(false, true); else go(current + step); });
      bar.appendChild(b);
      return b;
    }
    make("hb-present-prev", button.getAttribute("data-prev"), "←", -1);
    var where = document.createElement("span");
    where.className = "hb-present-where";
    where.setAttribute("aria-live", "polite");
    bar.appendChild(where);
    make("hb-present-next", button.getAttribute("data-next"), "→", 1);
    make("hb-present-exit", button.getAttribute("data-exit"), "✕", 0);
    document.body.appendChild(bar);
  }

  function go(n) {
    if (!slides) return;
    current = Math.max(0, Math.min(slides.length - 1, n));
    for (var i = 0; i < slides.length; i++) {
      for (var j = 0; j < slides[i].length; j++) slides[i][j].classList.toggle("hb-slide-off", i !== current);
    }
    if (bar) bar.querySelector(".hb-present-where").textContent = (current + 1) + " / " + slides.length;
    window.scrollTo(0, 0);
  }

  function slideOf(el) {
    for (var i = 0; slides && i < slides.length; i++) {
      for (var j = 0; j < slides[i].length; j++) if (slides[i][j] === el || slides[i][j].contains(el)) return i;
    }
    return 0;
  }

  function setPresent(on, remember) {
    var button = presentButton();
    if (!button) { root.classList.remove("hb-present"); return; }  // only modules have the mode
    if (remember) storage(false, on, PRESENT_KEY);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) {
      buildSlides();
      buildBar();
      root.classList.add("hb-present");
      var target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      go(target ? slideOf(target) : 0);
    } else {
      root.classList.remove("hb-present");
      if (slides) for (var i = 0; i < slides.length; i++) for (var j = 0; j < slides[i].length; j++) slides[i][j].classList.remove("hb-slide-off");
    }
  }

  function initialPresent() {
    var on = flag("present");
    if (on !== null) { storage(false, on, PRESENT_KEY); return on; }
    return storage(true, null, PRESENT_KEY) === "1";
  }

  var NEXT_KEYS = { ArrowRight: 1, PageDown: 1, " ": 1 };
  var PREV_KEYS = { ArrowLeft: 1, PageUp: 1 };

  function onKey(ev) {
    if (!root.classList.contains("hb-present") || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (NEXT_KEYS[ev.key]) { ev.preventDefault(); go(current + 1); }
    else if (PREV_KEYS[ev.key]) { ev.preventDefault(); go(current - 1); }
    else if (ev.key === "Home") { ev.preventDefault(); go(0); }
    else if (ev.key === "End") { ev.preventDefault(); go(slides.length - 1); }
    else if (ev.key === "Escape") { setPresent(false, true); }
  }

  // -- print ---------------------------------------------------------------------------------------
  var opened = [];
  var savedInstructor = null;

  function beforePrint() {
    var details = document.querySelectorAll(".md-content details:not([open])");
    for (var i = 0; i < details.length; i++) { details[i].setAttribute("open", ""); opened.push(details[i]); }
    var links = document.querySelectorAll(".md-content a[href]");
    for (var j = 0; j < links.length; j++) {
      var a = links[j];
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || a.classList.contains("headerlink") ||
          a.classList.contains("footnote-ref") || a.classList.contains("footnote-backref") ||
          a.closest(".hb-short-link") || /^(mailto|tel|javascript):/i.test(href)) continue;
      var url = printableUrl(a, href);
      if (a.textContent.trim() === url) continue;
      a.setAttribute("data-print-href", url);
    }
  }

  // The address a reader of the paper can type: the published one (site_url, from the canonical
  // link), not the address of the copy being printed (a local server, a file:// bundle).
  function printableUrl(a, href) {
    var canonical = document.querySelector("link[rel=canonical]");
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || !canonical) return a.href;
    var url = new URL(href, canonical.href);
    if (window.location.protocol === "file:") {
      url.pathname = url.pathname.replace(/index\.html$/, "").replace(/\.html$/, "/");
    }
    return url.href;
  }

  function afterPrint() {
    while (opened.length) opened.pop().removeAttribute("open");
    if (savedInstructor !== null) { setInstructor(savedInstructor, false); savedInstructor = null; }
    root.removeAttribute("data-print");
  }

  function printAs(mode) {
    if (mode !== "learner" && mode !== "instructor") {
      mode = root.classList.contains("hb-instructor") ? "instructor" : "learner";  // print what you see
    }
    savedInstructor = root.classList.contains("hb-instructor");
    setInstructor(mode === "instructor", false);
    root.setAttribute("data-print", mode);
    beforePrint();
    window.print();
  }

  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  window.addEventListener("hashchange", keepHash);
  // Material's alternate-language handler (on document.body) rebuilds the URL from the page
  // path and drops the hash when it cannot resolve it; the link already points to the
  // right page of the other language, so let the browser follow it as it is.
  window.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest && ev.target.closest("a[hreflang]");
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    if (!a.closest(".md-select")) return;
    keepHash();
    ev.stopPropagation();
  }, true);

  // for tests and for the console: the same steps as the buttons, without the print dialog
  window.hbTrainers = { setInstructor: setInstructor, preparePrint: function (mode) {
    savedInstructor = root.classList.contains("hb-instructor");
    setInstructor(mode === "instructor", false);
    root.setAttribute("data-print", mode);
    beforePrint();
  }, afterPrint: afterPrint, keepHash: keepHash, setPresent: setPresent, go: go };

  setInstructor(initialInstructor(), false);

  function ready() {
    keepHash();
    setInstructor(root.classList.contains("hb-instructor"), false);
    var tools = document.querySelectorAll(".hb-trainer-tools");
    for (var i = 0; i < tools.length; i++) tools[i].hidden = false;
    document.addEventListener("click", function (ev) {
      var button = ev.target.closest && ev.target.closest("button.hb-print");
      if (button) { ev.preventDefault(); printAs(button.getAttribute("data-print")); }
    });
    document.addEventListener("click", function (ev) {
      var button = ev.target.closest && ev.target.closest("button.hb-present-toggle");
      if (button) { ev.preventDefault(); setPresent(!root.classList.contains("hb-present"), true); }
    });
    document.addEventListener("keydown", onKey);
    if (initialPresent()) setPresent(true, false);
    document.addEventListener("change", function (ev) {
      if (ev.target.classList && ev.target.classList.contains("hb-instructor-switch")) {
        setInstructor(ev.target.checked, true);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
