/* 信访工作知识库 — “复制全文” on the 文书模板 pages.
 *
 * Copies the template's clean text (kb/documents/compose.py puts it in the page as JSON in
 * <script type="application/json" id="kb-template-text">): no tooltips, no links, no glossary
 * markup. navigator.clipboard where the browser allows it, a hidden textarea otherwise (older
 * intranet browsers, file://). Plain JavaScript, no external script. */
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (err) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function init() {
    var box = document.querySelector(".kb-doc-actions");
    var source = document.getElementById("kb-template-text");
    if (!box || !source || box.getAttribute("data-ready")) {
      return;
    }
    box.setAttribute("data-ready", "1");
    var text = JSON.parse(source.textContent).text;
    var status = box.querySelector(".kb-copy-status");
    box.querySelector(".kb-copy-template").addEventListener("click", function () {
      function done(ok) {
        status.textContent = ok ? "已复制，可以粘贴到 WPS 或 Word 里。" : "浏览器不允许复制，请下载 Word 文档。";
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
      } else {
        done(fallbackCopy(text));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
