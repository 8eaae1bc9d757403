/* 信访工作知识库 — 分类处理向导 (docs/reference/triage.md).
 *
 * Every question and route is already in the page (kb/render/triage.py, from data/triage.yml),
 * hidden; this script shows one step at a time, remembers the answers for “上一步”, moves the
 * keyboard focus to each new step, and shows the notes of the answers given (e.g. report an
 * urgent matter first). “打印流程图” prints only the flowchart (stylesheets/tools.css).
 * Plain JavaScript, no external script, works from file://. */
(function () {
  "use strict";

  function setUp(box) {
    var start = box.getAttribute("data-start");
    var trail = [];          // [{question, button}]
    var trailText = box.querySelector(".kb-triage__trail");
    var back = box.querySelector(".kb-triage__back");

    function all(selector) {
      return Array.prototype.slice.call(box.querySelectorAll(selector));
    }

    function show(kind, id) {
      all(".kb-triage__question, .kb-triage__route").forEach(function (el) {
        el.hidden = true;
      });
      var shown = box.querySelector(".kb-triage__" + kind + "[data-" + kind + '="' + id + '"]');
      shown.hidden = false;
      var step = shown.querySelector(".kb-triage__step");
      if (step) {
        step.textContent = "第" + (trail.length + 1) + "步：";
      }
      var notes = {};
      trail.forEach(function (t) {
        var note = t.button.getAttribute("data-note");
        if (note) {
          notes[note] = true;
        }
      });
      all(".kb-triage__note").forEach(function (el) {
        el.hidden = !notes[el.getAttribute("data-note-id")];
      });
      trailText.textContent = trail.length ? "你的回答：" + trail.map(function (t) {
        return t.button.getAttribute("data-short");
      }).join(" → ") : "";
      back.disabled = trail.length === 0;
      return shown;
    }

    function focusTitle(section) {
      var title = section.querySelector(".kb-triage__title");
      if (title) {
        title.focus();
      }
    }

    function go(button) {
      var question = button.closest(".kb-triage__question").getAttribute("data-question");
      trail.push({question: question, button: button});
      var next = button.getAttribute("data-next");
      focusTitle(next ? show("question", next) : show("route", button.getAttribute("data-route")));
    }

    all(".kb-triage__answer").forEach(function (button) {
      button.addEventListener("click", function () {
        go(button);
      });
    });
    back.addEventListener("click", function () {
      var last = trail.pop();
      if (last) {
        show("question", last.question);
        last.button.focus();
      }
    });
    box.querySelector(".kb-triage__restart").addEventListener("click", function () {
      trail = [];
      focusTitle(show("question", start));
    });
    show("question", start);
  }

  function setUpPrint() {
    var button = document.querySelector(".kb-flowchart-print");
    if (!button) {
      return;
    }
    var pending = false;
    button.addEventListener("click", function () {
      document.body.classList.add("kb-print-flowchart");
      pending = true;
      window.print();
    });
    window.addEventListener("beforeprint", function () {
      if (!pending) {
        document.body.classList.remove("kb-print-flowchart");
      }
      pending = false;
    });
    window.addEventListener("afterprint", function () {
      document.body.classList.remove("kb-print-flowchart");
    });
  }

  function init() {
    var box = document.querySelector(".kb-triage");
    if (box && !box.getAttribute("data-ready")) {
      box.setAttribute("data-ready", "1");
      setUp(box);
      setUpPrint();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
