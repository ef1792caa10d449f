// diptych: small progressive enhancements. The site works without this script.
// Loaded as a file (never inline), so pages run under `Content-Security-Policy: default-src 'self'`.
(function () {
  "use strict";

  // The block a reader is looking at: the one in the URL, or the first block whose
  // top is on screen.
  // The first block below the (sticky) header; a sliver of a block that has
  // scrolled away under it does not count.
  function currentBlock() {
    if (location.hash.length > 1) return location.hash;
    var header = document.querySelector(".site-header");
    var top = 0;
    if (header && getComputedStyle(header).position === "sticky") top = header.getBoundingClientRect().bottom;
    var blocks = document.querySelectorAll(".body [id], .parallel tr[id]");
    for (var i = 0; i < blocks.length; i++) {
      var r = blocks[i].getBoundingClientRect();
      if (r.bottom <= top) continue;
      // A block that shows only its last line or two above the next one is not the
      // one being read.
      if (r.top < top && r.bottom - top < 48 && i + 1 < blocks.length) continue;
      // A list item whose own text has scrolled away: its sub-item is being read.
      if (i + 1 < blocks.length && blocks[i].contains(blocks[i + 1]) && blocks[i + 1].getBoundingClientRect().top < top + 48) continue;
      return "#" + encodeURIComponent(blocks[i].id).replace(/%2E/gi, ".");
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
