// Added by `diptych serve` (never part of `build` output): one connection to the event
// stream for every open page of the preview, shared. A browser opens at most six
// connections to a server over HTTP/1.1; a page holding a stream of its own each, a
// seventh page (the single and parallel views of a declaration in three languages)
// waited for a free one, and pages reloading together stalled.
(function () {
  "use strict";
  var ports = [], source = null, lastError = null, open = false;
  function broadcast(message) {
    ports.forEach(function (port) { port.postMessage(message); });
  }
  self.onconnect = function (e) {
    var port = e.ports[0];
    ports.push(port);
    port.onmessage = function (m) {
      if (m.data === "bye") ports = ports.filter(function (p) { return p !== port; });
    };
    // A page that opens while the content is broken sees the errors at once.
    if (lastError !== null) port.postMessage({ type: "error-report", data: lastError });
    if (open) port.postMessage({ type: "open" });
    if (source) return;
    source = new EventSource("/__diptych/events");
    source.onopen = function () {
      open = true;
      broadcast({ type: "open" });
    };
    source.addEventListener("error-report", function (ev) {
      lastError = ev.data;
      broadcast({ type: "error-report", data: ev.data });
    });
    source.addEventListener("reload", function (ev) {
      lastError = null;
      broadcast({ type: "reload", data: ev.data });
    });
  };
})();
