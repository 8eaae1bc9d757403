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

  window.addEventListener("beforeprint", function () {
    if (!pending) {
      clearChecklistMode(); // Ctrl+P or the browser menu: print the whole page
    }
    pending = false;
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });

  window.addEventListener("afterprint", function () {
    clearChecklistMode();
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
