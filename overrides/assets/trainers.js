/* Trainers' tools (no dependencies, works from file:// too):
   - the language switcher keeps the section the reader is on (#anchor);
   - instructor view: answers stay collapsible for everyone, instructor notes
     (details.instructor) show only in instructor view — a toggle remembered in
     localStorage, or ?instructor in the URL;
   - print: learner handout (no answers, no notes) or instructor copy (everything),
     every <details> opened, links followed by their address. */
(function () {
  "use strict";
  var KEY = "hb-instructor";
  var root = document.documentElement;

  function storage(get, value) {
    try {
      if (get) return window.localStorage.getItem(KEY);
      if (value) window.localStorage.setItem(KEY, "1"); else window.localStorage.removeItem(KEY);
    } catch (e) { /* private mode, file:// in some browsers */ }
    return null;
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
    var params = new URLSearchParams(window.location.search);
    if (params.has("instructor")) {
      var v = params.get("instructor");
      var on = v !== "0" && v !== "false" && v !== "off";
      storage(false, on);
      return on;
    }
    return storage(true) === "1";
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
  }, afterPrint: afterPrint, keepHash: keepHash };

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
    document.addEventListener("change", function (ev) {
      if (ev.target.classList && ev.target.classList.contains("hb-instructor-switch")) {
        setInstructor(ev.target.checked, true);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
