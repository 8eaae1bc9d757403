/* 案例手册目录的筛选（docs/playbooks/index.md）。
 *
 * 纯本地脚本：不请求任何网络资源，不依赖 navigation.instant。卡片和按钮都由
 * kb/render/playbooks.py 的 playbook_index() 生成，用 data- 属性标明类别、风险等级和信访形式；
 * 每组只能选一个值，各组之间是“并且”的关系。没有 JavaScript 时筛选栏保持隐藏，
 * 完整列表照常显示（打印时也是）。
 *
 * The choice lives in the address (#category=housing&risk=high), so a link to it works, and
 * going back to the list shows it as it was left. The hash (not ?query) because the site also
 * opens from a folder (file://), where history entries with a new query cannot be written.
 * Each button's count says how many cases it would show with the other groups as they are.
 */
(function () {
  "use strict";

  function init() {
    var bar = document.querySelector("[data-kb-filters]");
    if (!bar || bar.getAttribute("data-kb-ready")) return;
    bar.setAttribute("data-kb-ready", "1");

    var cards = Array.prototype.slice.call(document.querySelectorAll("[data-kb-card]"));
    var buttons = Array.prototype.slice.call(bar.querySelectorAll("button[data-filter]"));
    var groups = [];
    buttons.forEach(function (b) {
      var g = b.getAttribute("data-filter");
      if (groups.indexOf(g) < 0) groups.push(g);
    });
    var count = bar.querySelector("[data-kb-count]");
    var empty = document.querySelector("[data-kb-empty]");
    var chosen = {}; // group name -> value ("" = 全部)

    function matches(card, except, value) {
      return groups.every(function (g) {
        var want = g === except ? value : chosen[g];
        return !want || card.getAttribute("data-" + g) === want;
      });
    }

    function fromHash() {
      var hash = decodeURIComponent(location.hash.replace(/^#/, ""));
      if (hash.indexOf("=") < 0) return false;            // a heading anchor, not a filter
      var next = {};
      hash.split("&").forEach(function (pair) {
        var kv = pair.split("=");
        if (groups.indexOf(kv[0]) >= 0) next[kv[0]] = kv[1] || "";
      });
      groups.forEach(function (g) {
        var value = next[g] || "";
        var known = buttons.some(function (b) {
          return b.getAttribute("data-filter") === g && b.getAttribute("data-value") === value;
        });
        chosen[g] = known ? value : "";
      });
      return true;
    }

    function toHash() {
      var parts = groups.filter(function (g) { return chosen[g]; })
        .map(function (g) { return g + "=" + encodeURIComponent(chosen[g]); });
      var hash = parts.length ? "#" + parts.join("&") : "";
      if (("#" + location.hash.replace(/^#/, "")) === (hash || "#")) return;
      var url = location.href.split("#")[0] + hash;
      try {
        history.replaceState(history.state, "", url);
      } catch (e) {
        location.replace(hash || "#");                     // file:// in some browsers
      }
    }

    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var match = matches(card, null, null);
        card.hidden = !match;
        if (match) shown += 1;
      });
      buttons.forEach(function (b) {
        var g = b.getAttribute("data-filter"), v = b.getAttribute("data-value");
        b.setAttribute("aria-pressed", (chosen[g] || "") === v ? "true" : "false");
        var n = cards.filter(function (card) { return matches(card, g, v); }).length;
        var slot = b.querySelector("[data-kb-n]");
        if (slot) slot.textContent = String(n);
        b.classList.toggle("kb-pb-filter__btn--none", n === 0);
      });
      if (count) count.textContent = "显示 " + shown + " 个，共 " + cards.length + " 个案例";
      if (empty) empty.hidden = shown !== 0;
    }

    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-filter]");
      if (!button) return;
      chosen[button.getAttribute("data-filter")] = button.getAttribute("data-value");
      apply();
      toHash();
    });

    function restore() {
      if (fromHash()) apply();
    }
    window.addEventListener("hashchange", restore);
    window.addEventListener("pageshow", restore);     // back/forward, also from the page cache

    groups.forEach(function (g) { chosen[g] = ""; });
    fromHash();
    bar.hidden = false;
    apply();
  }

  // Material's document$ fires on first load (and after instant navigation, if ever enabled).
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
