/*
 * Sổ tay Báo cáo viên — search worker stub: what Material starts on every page
 * (config.search, overrides/main.html). The engine (worker.js, ~30 kB) is loaded only
 * when a message needs it, so the first page view does not download it.
 *
 * - {type: 0} (Material's setup) is answered {type: 1} at once: the search box is ready.
 * - A query with no letter or digit ({type: 2, data: ""}, which Material posts on every
 *   page right after the setup) gets no result, as the engine would answer it (its words()
 *   finds nothing, so it downloads nothing and returns no item).
 * - The first other message ({type: 2} query, {type: "handbook-offline"}) loads the engine
 *   with importScripts(); the engine reads ?lang= from self.location (this stub's URL,
 *   same folder as worker.js, so its index root resolves the same) and registers its own
 *   "message" listener. The stub then removes its listener and dispatches the same
 *   message again on `self`: the engine handles it exactly as one from the page, through
 *   its own listener, with no second copy of its dispatch here. importScripts() is
 *   synchronous, so no message can arrive between the engine's listener being added and
 *   the re-dispatch; later messages go to the engine, in order. If the engine cannot be
 *   loaded (offline, network error) the query gets an empty answer and the stub stays in
 *   place to try again on the next one.
 *
 * MSG names the message types as worker.js does (scripts/search/index.py MESSAGES).
 * ENGINE is written by the build (scripts/search/index.py, _patch_workers):
 * "worker.js?v=<hash of the built engine>", so a redeploy never runs a cached engine
 * against a new index. The build also drops this comment from the copy it serves.
 */
(function () {
  "use strict";
  var ENGINE = /*@@HANDBOOK_SEARCH_ENGINE@@*/"worker.js";
  var MSG = { SETUP: 0, READY: 1, QUERY: 2, RESULT: 3, OFFLINE: "handbook-offline" };
  function boot(ev) {
    var msg = ev.data || {};
    if (msg.type === MSG.SETUP) return self.postMessage({ type: MSG.READY });
    if (msg.type === MSG.QUERY && !/[\p{L}\p{N}_]/u.test(String(msg.data || ""))) {
      return self.postMessage({ type: MSG.RESULT, data: { items: [] } });
    }
    try {
      importScripts(new URL(ENGINE, self.location.href).href);
    } catch (err) {
      console.error("search: cannot load the engine", err);
      if (msg.type === MSG.QUERY) self.postMessage({ type: MSG.RESULT, data: { items: [] } });
      return;
    }
    self.removeEventListener("message", boot);
    self.dispatchEvent(new MessageEvent("message", { data: ev.data }));
  }
  self.addEventListener("message", boot);
})();
