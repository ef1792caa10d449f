// Added by `diptych serve` to every page it serves (never part of `build` output).
// Reloads the page when what it shows has changed, coming back to the same block and
// scroll position, and shows content errors over the page until they are fixed.
(function () {
  "use strict";
  var KEY = "diptych-position:" + location.pathname;
  var overlay = null;

  function pagePath() {
    var p = decodeURIComponent(location.pathname).replace(/^\//, "");
    return p === "" || p.slice(-1) === "/" ? p + "index.html" : p;
  }
  function topBlock() {
    var header = document.querySelector(".site-header");
    var top = header && getComputedStyle(header).position === "sticky" ? header.getBoundingClientRect().bottom : 0;
    var blocks = document.querySelectorAll(".body [id], .parallel tr[id]");
    for (var i = 0; i < blocks.length; i++) {
      var r = blocks[i].getBoundingClientRect();
      if (r.bottom > top + 8) return { id: blocks[i].id, offset: r.top };
    }
    return null;
  }
  function reload(to) {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ y: window.scrollY, block: topBlock() }));
    } catch (e) { /* private mode: reload at the top */ }
    // The browser would put the old scroll offset back after our restore (on load), which
    // is off by however much the content above the block grew or shrank.
    try { history.scrollRestoration = "manual"; } catch (e) { /* old browser */ }
    if (to) location.replace(to);
    else location.reload();
  }
  function restore() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
      sessionStorage.removeItem(KEY);
    } catch (e) { return; }
    // Back to the browser's own restoring (for a reload by hand), once it has let this
    // load pass: set during the load event, it would still apply the old offset.
    setTimeout(function () {
      try { history.scrollRestoration = "auto"; } catch (e) { /* old browser */ }
    }, 0);
    if (!saved) return;
    var el = saved.block && document.getElementById(saved.block.id);
    if (el) window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top - saved.block.offset);
    else window.scrollTo(0, saved.y);
  }
  function showErrors(lines) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "diptych-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0b0b;color:#fff;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:1rem 1.25rem;" +
        "border-top:4px solid #e5484d;box-shadow:0 -4px 16px rgba(0,0,0,.3)";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("p");
    h.style.cssText = "margin:0 0 .5rem;font-weight:bold;color:#ffb4b4";
    h.textContent = "diptych: the last save has errors; this page shows the last good version.";
    overlay.appendChild(h);
    var pre = document.createElement("pre");
    pre.style.cssText = "margin:0;white-space:pre-wrap";
    pre.textContent = lines.join("\n\n");
    overlay.appendChild(pre);
  }

  if (document.readyState === "complete") restore();
  else window.addEventListener("load", restore);

  function onReload(json) {
    var data = JSON.parse(json);
    // This page's declaration was renamed: the same page under its new name, at the same
    // block.
    var to = data.moved && data.moved[pagePath()];
    if (to) {
      KEY = "diptych-position:/" + to.replace(/index\.html$/, "");
      return reload("/" + to.replace(/index\.html$/, "") + location.hash);
    }
    if (overlay || data.full || data.changed.indexOf(pagePath()) >= 0) reload();
  }
  function onErrors(json) { showErrors(JSON.parse(json)); }
  // Set once this page hears of edits (the browser tests wait for it before editing).
  window.diptychPreview = { live: false };

  // One event stream for all the open pages of the preview: a browser opens at most six
  // connections to a server over HTTP/1.1, and with a stream per page a seventh page
  // (the single and parallel views of a declaration in three languages) never loaded.
  // The page holding the `diptych-events` lock holds the stream and passes its events on
  // to the others (BroadcastChannel); when it goes, the lock and the stream pass to the
  // next page. Where there are no locks (a preview opened from another machine over
  // plain HTTP is not a secure context), each page has a stream of its own.
  var channel = typeof BroadcastChannel === "function" && navigator.locks ? new BroadcastChannel("diptych-events") : null;
  function stream(share) {
    var source = new EventSource("/__diptych/events");
    var lastError = null;
    source.onopen = function () {
      window.diptychPreview.live = true;
      share({ type: "open" });
    };
    source.addEventListener("reload", function (e) {
      lastError = null;
      share({ type: "reload", data: e.data });
      onReload(e.data);
    });
    source.addEventListener("error-report", function (e) {
      lastError = e.data;
      share({ type: "error-report", data: e.data });
      onErrors(e.data);
    });
    // A page that opens later hears that the stream is open, and of errors still there.
    return function hello() {
      if (source.readyState === EventSource.OPEN) share({ type: "open" });
      if (lastError !== null) share({ type: "error-report", data: lastError });
    };
  }
  if (channel) {
    var leader = null;
    channel.onmessage = function (m) {
      var msg = m.data || {};
      if (msg.type === "hello") {
        if (leader) leader();
      } else if (msg.type === "open") window.diptychPreview.live = true;
      else if (msg.type === "reload") onReload(msg.data);
      else if (msg.type === "error-report") onErrors(msg.data);
    };
    navigator.locks.request("diptych-events", function () {
      leader = stream(function (msg) { channel.postMessage(msg); });
      // Held for as long as this page is open.
      return new Promise(function () {});
    });
    channel.postMessage({ type: "hello" });
  } else {
    stream(function () {});
  }
})();
