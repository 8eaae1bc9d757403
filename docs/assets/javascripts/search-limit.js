/* 搜索框最多按 200 个字符搜索（和 kb search 一样）：再长的内容会让浏览器卡住很久。
   Caps the search box at 200 characters and says so under it. No network, works from file://. */
(function () {
  "use strict";
  var MAX = 200;
  function setup() {
    var input = document.querySelector("[data-kb-search-input]");
    if (!input || input.getAttribute("data-kb-limit")) return;
    input.setAttribute("data-kb-limit", String(MAX));
    input.maxLength = MAX;
    var note = document.createElement("div");
    note.className = "kb-search-limit";
    note.hidden = true;
    note.textContent = "搜索内容最多 " + MAX + " 个字，只按前 " + MAX + " 个字搜索。请只写关键词。";
    input.parentNode.appendChild(note);
    input.addEventListener("input", function () {
      if (input.value.length > MAX) input.value = input.value.slice(0, MAX);  // pasted text
      note.hidden = input.value.length < MAX;
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
