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

  // Focus not obscured (WCAG 2.4.11): what is scrolled into view (a focused element, the
  // `#block` of a link) lands below the sticky header, however tall a long site title,
  // larger text or the user's text spacing make it. The header's height, kept up to date
  // here, is `--header-height` on <html>, which .header-measured lets the stylesheet's
  // scroll margins use instead of their fixed fallback (8.5rem, without this script).
  // (Not the root's scroll-padding-top: that applies to the header's own links and search
  // box too, and focusing one of them scrolled the page up by the header's height.)
  var root = document.documentElement;
  var siteHeader = document.querySelector(".site-header");
  function headerHeight() {
    return Math.ceil(siteHeader.getBoundingClientRect().height);
  }
  function fitScrollMargins() {
    var want = headerHeight() + "px";
    if (root.style.getPropertyValue("--header-height") !== want) root.style.setProperty("--header-height", want);
  }
  if (siteHeader) {
    fitScrollMargins();
    root.classList.add("header-measured");
    if (window.ResizeObserver) new ResizeObserver(fitScrollMargins).observe(siteHeader);
    else window.addEventListener("resize", fitScrollMargins);
    // The browser may have scrolled to the URL's #block before the margins were right:
    // bring it below the header once, unless the reader has scrolled it away.
    var target = null;
    try {
      target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    } catch (e) {
      // A malformed %-escape: no such block.
    }
    if (target) {
      var landed = function () {
        if (getComputedStyle(siteHeader).position !== "sticky") return;
        var top = target.getBoundingClientRect().top;
        if (top > -1 && top < siteHeader.getBoundingClientRect().bottom) target.scrollIntoView();
      };
      landed();
      window.addEventListener("load", landed, { once: true });
    }
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
