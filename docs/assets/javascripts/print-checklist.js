/* 信访工作知识库 — “打印本页清单”.
 *
 * Adds a button to every one-page checklist (<div class="kb-checklist">). Clicking it marks
 * that checklist .kb-print-target and the body .kb-print-checklist, then opens the print
 * dialog: stylesheets/print.css then prints only that checklist on one A4 sheet. The classes
 * are removed after printing, and a normal Ctrl+P prints the whole page again.
 * Also opens every collapsed block (<details>) while printing and closes it again after.
 * Plain JavaScript, no external script: the intranet has no internet. */
(function () {
  "use strict";

  var pending = false;   // true from the button click until the print dialog opened
  var opened = [];       // details opened for printing, closed again afterwards

  function clearChecklistMode() {
    document.body.classList.remove("kb-print-checklist");
    document.querySelectorAll(".kb-print-target").forEach(function (el) {
      el.classList.remove("kb-print-target");
    });
  }

  function printChecklist(box) {
    clearChecklistMode();
    box.classList.add("kb-print-target");
    document.body.classList.add("kb-print-checklist");
    pending = true;
    window.print();
  }

  function addButtons() {
    document.querySelectorAll(".kb-checklist").forEach(function (box) {
      if (box.querySelector(".kb-print-button")) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button kb-print-button";
      button.textContent = "打印本页清单";
      button.title = "只打印这张清单，一张A4纸";
      button.addEventListener("click", function () {
        printChecklist(box);
      });
      box.appendChild(button);
    });
  }

  /* A training page printed from the browser must not give the quiz away: the answers
   * (details.kb-quiz-answer, hidden by print.css) are copied, in order, into an answer key
   * on a new page at the end, and removed again after printing. Without JavaScript they
   * are simply left out. */
  function addAnswerKey() {
    var answers = document.querySelectorAll("details.kb-quiz-answer");
    var article = document.querySelector(".md-content__inner");
    if (!answers.length || !article || document.querySelector(".kb-print-answer-key")) {
      return;
    }
    var key = document.createElement("section");
    key.className = "kb-print-answer-key";
    var title = document.createElement("h2");
    title.textContent = "答案与依据";
    key.appendChild(title);
    answers.forEach(function (details, i) {
      var item = document.createElement("div");
      item.className = "kb-print-answer";
      var number = document.createElement("p");
      var strong = document.createElement("strong");
      strong.textContent = "第" + (i + 1) + "题";
      number.appendChild(strong);
      item.appendChild(number);
      Array.prototype.forEach.call(details.children, function (child) {
        if (child.tagName !== "SUMMARY") {
          item.appendChild(child.cloneNode(true));
        }
      });
      key.appendChild(item);
    });
    article.appendChild(key);
  }

  function removeAnswerKey() {
    document.querySelectorAll(".kb-print-answer-key").forEach(function (el) {
      el.parentNode.removeChild(el);
    });
  }

  window.addEventListener("beforeprint", function () {
    if (!pending) {
      clearChecklistMode(); // Ctrl+P or the browser menu: print the whole page
    }
    pending = false;
    addAnswerKey();
    document.querySelectorAll("details:not([open]):not(.kb-quiz-answer)").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });

  window.addEventListener("afterprint", function () {
    clearChecklistMode();
    removeAnswerKey();
    opened.forEach(function (d) {
      d.open = false;
    });
    opened = [];
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButtons);
  } else {
    addButtons();
  }
})();
