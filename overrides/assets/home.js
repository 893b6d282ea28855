/* The home page's "what's new" (scripts/render/home.py): the lines newer than the reader's
   previous visit are marked, and the title says how many changes there are since. The date of
   the newest change seen is remembered on this device only (localStorage); nothing is sent. */
(function () {
  "use strict";
  var KEY = "hb-seen";
  function run() {
    var box = document.querySelector("[data-hb-new]");
    if (!box) return;
    var dates = (box.getAttribute("data-dates") || "").split(" ").filter(Boolean);
    var seen = null;
    try {
      // the first page of this visit decides what is new; reloads during the visit keep it
      seen = window.sessionStorage.getItem(KEY);
      if (seen === null) {
        seen = window.localStorage.getItem(KEY) || "";
        window.sessionStorage.setItem(KEY, seen);
      }
      if (dates.length) window.localStorage.setItem(KEY, dates[0]);
    } catch (e) { return; }
    if (!seen) return;  // a first visit: the latest changes, as built
    var fresh = dates.filter(function (d) { return d > seen; }).length;
    var lines = box.querySelectorAll("li time[datetime]");
    for (var i = 0; i < lines.length; i++) {
      if (lines[i].getAttribute("datetime") > seen) lines[i].parentNode.classList.add("hb-new__fresh");
    }
    var title = box.querySelector(".hb-new__title");
    if (title) {
      title.textContent = fresh === 0 ? box.getAttribute("data-nothing") : fresh === 1 ? box.getAttribute("data-since_one")
        : box.getAttribute("data-since").replace("{n}", fresh);
    }
    box.setAttribute("data-fresh", String(fresh));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
})();
