/* 信访工作知识库 — tooltips for glossary terms (<abbr title>) and article links (<a title>).
 *
 * Shown ABOVE the line being read (below it only when there is no room above), never over
 * the words themselves; on hover, on keyboard focus, and on a tap on a term (phones). Gone on
 * mouse leave, blur, Escape, or a tap anywhere else. The title is moved to
 * data-kb-tip (so the browser's own tooltip does not appear as well) and stays available to
 * screen readers through aria-describedby. Plain JavaScript, nothing loaded from outside. */
(function () {
  "use strict";

  var tip = null;        // the one tooltip element
  var current = null;    // the element it belongs to
  var GAP = 6;

  function make() {
    tip = document.createElement("div");
    tip.className = "kb-tip";
    tip.setAttribute("role", "tooltip");
    tip.id = "kb-tip";
    tip.hidden = true;
    document.body.appendChild(tip);
  }

  function place(el) {
    var r = el.getClientRects()[0] || el.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    tip.style.maxWidth = Math.min(320, vw - 16) + "px";
    tip.style.left = "0px";
    tip.style.top = "0px";
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var header = document.querySelector(".md-header");
    var top0 = header ? header.getBoundingClientRect().bottom : 0;
    var above = r.top - h - GAP >= top0;
    var y = above ? r.top - h - GAP : r.bottom + GAP;
    var x = Math.max(8, Math.min(r.left, vw - w - 8));
    tip.style.left = x + window.scrollX + "px";
    tip.style.top = y + window.scrollY + "px";
    tip.setAttribute("data-kb-side", above ? "above" : "below");
  }

  function show(el) {
    var text = el.getAttribute("data-kb-tip");
    if (!text) { return; }
    current = el;
    tip.textContent = text;
    tip.hidden = false;
    place(el);
  }

  function hide() {
    if (tip) { tip.hidden = true; }
    current = null;
  }

  function prepare(el, n) {
    var text = el.getAttribute("title");
    if (!text) { return; }
    el.setAttribute("data-kb-tip", text);
    el.removeAttribute("title");
    var desc = document.createElement("span");    // what a screen reader announces as description
    desc.id = "kb-tip-text-" + n;
    desc.hidden = true;
    desc.textContent = text;
    document.body.appendChild(desc);
    el.setAttribute("aria-describedby", desc.id);
    if (el.tagName === "ABBR") {
      el.setAttribute("tabindex", "0");             // reachable with the keyboard too
    }
    el.addEventListener("mouseenter", function () { show(el); });
    el.addEventListener("mouseleave", function () { if (current === el) { hide(); } });
    el.addEventListener("focus", function () { show(el); });
    el.addEventListener("blur", function () { if (current === el) { hide(); } });
    if (el.tagName === "ABBR") {
      el.addEventListener("click", function () { show(el); });   // a tap on a phone (a tap elsewhere closes it)
    }
  }

  function init() {
    make();
    var n = 0;
    document.querySelectorAll(".md-content abbr[title], .md-content a[title]:not(.headerlink):not(.md-content__button)")
      .forEach(function (el) { prepare(el, n++); });
    document.addEventListener("pointerdown", function (event) {
      if (current && !current.contains(event.target)) { hide(); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { hide(); }
    });
    window.addEventListener("scroll", function () { if (current) { place(current); } }, { passive: true });
    window.addEventListener("resize", hide);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
