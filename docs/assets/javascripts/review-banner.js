/* 信访工作知识库 — “本页可能已过时”.
 *
 * Each page carries its next review date (data-kb-review-due="YYYY-MM-DD", written by the build
 * from the front matter). The banner is decided here, when the page is viewed, so a site built
 * months ago still warns once the date has passed. Rows of the printable review list
 * (data-kb-due) are marked overdue the same way. Plain JavaScript, nothing loaded from outside. */
(function () {
  "use strict";

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function check() {
    var now = today();
    document.querySelectorAll("[data-kb-review-due]").forEach(function (status) {
      var due = status.getAttribute("data-kb-review-due");
      var banner = status.nextElementSibling;
      if (due && due < now && banner && banner.hasAttribute("data-kb-stale")) {
        banner.hidden = false;
        status.classList.add("kb-status--overdue");
      }
    });
    document.querySelectorAll("[data-kb-due]").forEach(function (row) {
      var due = row.getAttribute("data-kb-due");
      var mark = row.querySelector("[data-kb-due-mark]");
      if (due && due < now) {
        row.classList.add("kb-review--overdue");
        if (mark) { mark.textContent = "已过期"; }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", check);
  } else {
    check();
  }
})();
