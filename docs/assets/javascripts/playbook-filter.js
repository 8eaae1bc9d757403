/* 案例手册目录的筛选（docs/playbooks/index.md）。
 *
 * 纯本地脚本：不请求任何网络资源，不依赖 navigation.instant。卡片和按钮都由
 * kb/playbooks.py 的 playbook_index() 生成，用 data- 属性标明类别、风险等级和信访形式；
 * 每组只能选一个值，各组之间是“并且”的关系。没有 JavaScript 时筛选栏保持隐藏，
 * 完整列表照常显示（打印时也是）。
 */
(function () {
  "use strict";

  function init() {
    var bar = document.querySelector("[data-kb-filters]");
    if (!bar || bar.getAttribute("data-kb-ready")) return;
    bar.setAttribute("data-kb-ready", "1");

    var cards = Array.prototype.slice.call(document.querySelectorAll("[data-kb-card]"));
    var count = bar.querySelector("[data-kb-count]");
    var empty = document.querySelector("[data-kb-empty]");
    var chosen = {}; // group name -> value ("" = 全部)

    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var match = Object.keys(chosen).every(function (group) {
          return !chosen[group] || card.getAttribute("data-" + group) === chosen[group];
        });
        card.hidden = !match;
        if (match) shown += 1;
      });
      if (count) count.textContent = "显示 " + shown + " 个，共 " + cards.length + " 个案例";
      if (empty) empty.hidden = shown !== 0;
    }

    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-filter]");
      if (!button) return;
      var group = button.getAttribute("data-filter");
      chosen[group] = button.getAttribute("data-value");
      bar.querySelectorAll("button[data-filter]").forEach(function (other) {
        if (other.getAttribute("data-filter") === group) {
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        }
      });
      apply();
    });

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
