/* Sổ tay Báo cáo viên — kept on the device for reading offline (the page's side of sw.js).
   - Registers the service worker at the site root (sw.js; Material's config gives the root
     from any page, under a sub-path too) and asks it to keep this page's language: the first
     visit keeps it, a page of the other language keeps that one when the reader opens it.
   - Shows the state in the footer: "Đã lưu để đọc ngoại tuyến" with a way to remove the copy
     (which also stops the worker on this device until the reader saves again).
   - When a new build is waiting, offers "Có bản cập nhật mới — tải lại": the button lets the
     new worker take over (its caches replace the old ones) and reloads.
   - On the offline page, a link back to the address that was asked for (?from=, same site).
   Nothing happens from file:// (the offline zip) or without service workers. */
(function () {
  "use strict";
  var KEY = "hb-offline";
  if (!("serviceWorker" in navigator) || !window.isSecureContext || !/^https?:$/.test(window.location.protocol)) return;
  var config = document.getElementById("__config"), data = document.getElementById("hb-strings");
  if (!config || !data) return;
  var S = (JSON.parse(data.textContent) || {}).offline || {};
  var base = String(JSON.parse(config.textContent).base || ".");
  var root = new URL(/\/$/.test(base) ? base : base + "/", window.location.href);
  var lang = document.documentElement.getAttribute("lang") || "";
  var sw = navigator.serviceWorker, reloading = false, box = null;

  function remembered(value) {
    try {
      if (value === undefined) return window.localStorage.getItem(KEY);
      if (value) window.localStorage.setItem(KEY, value); else window.localStorage.removeItem(KEY);
    } catch (e) { /* storage blocked: the default (keep a copy) */ }
    return null;
  }

  function element(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text) el.textContent = text;
    return el;
  }

  function button(label, action) {
    var b = element("button", "hb-offline__action", label);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }

  /* the state line in the footer: saving, saved (+ remove), not saved (+ save) */
  function show(state, text, label, action) {
    if (!box) {
      box = element("p", "hb-offline");
      box.setAttribute("role", "status");
      (document.querySelector(".md-footer-meta__inner") || document.body).appendChild(box);
    }
    box.setAttribute("data-state", state);
    box.textContent = "";
    box.appendChild(element("span", "hb-offline__text", text));
    if (label) { box.appendChild(document.createTextNode(" · ")); box.appendChild(button(label, action)); }
  }

  function ask(worker, msg) {
    return new Promise(function (resolve, reject) {
      if (!worker) { reject(new Error("no worker")); return; }
      var channel = new MessageChannel();
      channel.port1.onmessage = function (ev) { resolve(ev.data || {}); };
      worker.postMessage(msg, [channel.port2]);
    });
  }

  function told(state) {
    if (state && state.saved && state.saved[lang]) show("saved", S.saved, S.remove, remove);
    else show("failed", S.failed, S.save, start);
  }

  /* a new build waiting behind the one that serves this page */
  function offerUpdate(worker) {
    if (!sw.controller || document.querySelector(".hb-update")) return;
    var bar = element("div", "hb-update");
    bar.setAttribute("role", "alert");
    bar.appendChild(element("span", null, S.update + " — "));
    bar.appendChild(button(S.reload, function () {
      reloading = true;
      worker.postMessage({ type: "skip-waiting" });
    }));
    document.body.appendChild(bar);
  }

  function watch(reg) {
    if (reg.waiting) offerUpdate(reg.waiting);
    reg.addEventListener("updatefound", function () {
      var worker = reg.installing;
      if (!worker) return;
      worker.addEventListener("statechange", function () { if (worker.state === "installed") offerUpdate(worker); });
    });
  }

  function start() {
    remembered(null);
    show("saving", S.saving);
    sw.register(new URL("sw.js", root).href, { scope: root.href }).then(function (reg) {
      watch(reg);
      return sw.ready;
    }).then(function (reg) {
      return ask(reg.active, { type: "save", lang: lang });
    }).then(told, function () { show("failed", S.failed, S.save, start); });
  }

  function remove() {
    sw.getRegistration(root.href).then(function (reg) {
      if (!reg) return null;
      return ask(reg.active || reg.waiting, { type: "remove" }).then(function () { return reg.unregister(); },
                                                                   function () { return reg.unregister(); });
    }).then(function () {
      remembered("off");
      show("removed", S.removed, S.save, start);
    });
  }

  sw.addEventListener("controllerchange", function () { if (reloading) window.location.reload(); });

  // the offline page: back to the page that was asked for, once the connection is back
  var from = new URLSearchParams(window.location.search).get("from");
  var home = document.getElementById("offline-home");
  if (from && home && /^\/(?!\/)/.test(from)) {
    var again = element("a", "md-button", S.retry);
    again.href = new URL(from, window.location.origin).href;
    home.parentNode.appendChild(document.createTextNode(" "));
    home.parentNode.appendChild(again);
  }

  function ready() {
    if (remembered() === "off") {
      show("off", S.off, S.save, start);
      sw.getRegistration(root.href).then(function (reg) { if (reg) reg.unregister(); });
    } else start();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();
