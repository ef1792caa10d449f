// diptych: small progressive enhancements. The site works without this script.
// Loaded as a file (never inline), so pages run under `Content-Security-Policy: default-src 'self'`.
(function () {
  "use strict";

  // The block a reader is looking at: the one in the URL, or the first block whose
  // top is on screen.
  function currentBlock() {
    if (location.hash.length > 1) return location.hash;
    var blocks = document.querySelectorAll(".body [id], .parallel tr[id]");
    for (var i = 0; i < blocks.length; i++) {
      var r = blocks[i].getBoundingClientRect();
      if (r.bottom > 0) return "#" + encodeURIComponent(blocks[i].id).replace(/%2E/gi, ".");
    }
    return "";
  }

  // Switching language lands on the same block in the other language.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[data-keep-anchor]");
    if (!a) return;
    var hash = currentBlock();
    if (!hash) return;
    var href = a.getAttribute("href").split("#")[0];
    a.setAttribute("href", href + hash);
  });
})();
