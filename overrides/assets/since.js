/* What changed since the reader's last acknowledgement: a personal link opens the page with
   ?since=N; the revision notes after N (rendered hidden at the top of the page by
   scripts/render/ackbox.py) are shown, and the sections they name (#anchor) highlighted. */
(function () {
  "use strict";
  function run() {
    var box = document.getElementById("ack-since");
    var m = /[?&]since=(\d{1,6})(?:&|$)/.exec(window.location.search);
    if (!box || !m) return;
    var since = parseInt(m[1], 10), shown = 0;
    var items = box.querySelectorAll("li[data-revision]");
    for (var i = 0; i < items.length; i++) {
      if (parseInt(items[i].getAttribute("data-revision"), 10) <= since) continue;
      items[i].hidden = false;
      shown++;
      var anchors = (items[i].getAttribute("data-anchors") || "").split(" ");
      for (var k = 0; k < anchors.length; k++) {
        var target = anchors[k] && document.getElementById(anchors[k]);
        if (target) target.classList.add("since-changed");
      }
    }
    if (shown) box.hidden = false;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
})();
