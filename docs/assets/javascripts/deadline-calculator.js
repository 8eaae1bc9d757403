/* 信访工作知识库 — 期限计算器 (docs/reference/deadline-calculator.md).
 *
 * The browser twin of kb/model/calendar.py and kb/model/deadline_calc.py: the same rules, on the
 * same data, which the page embeds at build time as JSON in
 * <script type="application/json" id="kb-deadline-data"> (no fetch: it works from file:// too).
 * tests/e2e compare this file with the Python side on a few hundred cases; change both together.
 *
 * Dates are whole days counted from 1970-01-01 (UTC), so no time zone or summer time can move them.
 * window.kbDeadlineCalculator.compute(eventId, "YYYY-MM-DD") gives the results without the page.
 * Plain JavaScript, no external script: the intranet has no internet. */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var NEXT_YEAR_REACHES_BACK = [12, 25];  // from this day of December the next year's notice is needed too
  var WEEKDAYS = "一二三四五六日";

  function dayNumber(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) {
      return null;
    }
    var y = +m[1], mo = +m[2], d = +m[3];
    var t = Date.UTC(y, mo - 1, d);
    var back = new Date(t);
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
      return null;  // 2026-02-30 and the like
    }
    return Math.round(t / DAY_MS);
  }

  /* What staff type: 2026-09-27, 2026/9/27, 2026.9.27, 2026年9月27日, 20260927 → "2026-09-27" or null. */
  function normalizeDate(text) {
    var t = String(text || "").trim().replace(/\s+/g, "");
    var m = /^(\d{4})(\d{2})(\d{2})$/.exec(t) || /^(\d{4})[-\/.年](\d{1,2})[-\/.月](\d{1,2})日?$/.exec(t);
    if (!m) {
      return null;
    }
    var out = m[1] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[3]).slice(-2);
    return dayNumber(out) === null ? null : out;
  }

  function iso(n) {
    return new Date(n * DAY_MS).toISOString().slice(0, 10);
  }

  function parts(n) {
    var d = new Date(n * DAY_MS);
    return {year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate()};
  }

  function weekday(n) {      // Monday 0 … Sunday 6, as Python's date.weekday()
    return (n + 3) % 7;      // 1970-01-01 was a Thursday
  }

  function Calendar(raw) {
    this.years = {};
    this.off = {};
    this.offName = {};
    this.work = {};
    var self = this;
    raw.years.forEach(function (y) {
      self.years[y.year] = y;
      y.days_off.forEach(function (d) {
        for (var n = dayNumber(d.from); n <= dayNumber(d.to); n++) {
          self.off[n] = true;
          self.offName[n] = d.name;
        }
      });
      y.working_days.forEach(function (w) {
        self.work[dayNumber(w.date)] = true;
      });
    });
  }

  Calendar.prototype.missingYear = function (n) {
    var p = parts(n);
    if (!this.years[p.year]) {
      return p.year;
    }
    var late = p.month > NEXT_YEAR_REACHES_BACK[0] ||
      (p.month === NEXT_YEAR_REACHES_BACK[0] && p.day >= NEXT_YEAR_REACHES_BACK[1]);
    if (late && !this.years[p.year + 1]) {
      return p.year + 1;
    }
    return null;
  };

  Calendar.prototype.require = function (n) {
    var year = this.missingYear(n);
    if (year !== null) {
      throw new CalendarGap(year, n, this.file);
    }
  };

  Calendar.prototype.isWorkingDay = function (n) {
    this.require(n);
    if (this.work[n]) {
      return true;
    }
    return weekday(n) < 5 && !this.off[n];
  };

  Calendar.prototype.dayOffName = function (n) {
    return this.offName[n] || "周末";
  };

  Calendar.prototype.nextWorkingDay = function (n) {
    n += 1;
    while (!this.isWorkingDay(n)) {
      n += 1;
    }
    return n;
  };

  function CalendarGap(year, n, file) {
    this.year = year;
    this.message = "无法计算：期限会数到 " + iso(n) + "，但 " + file + " 里还没有 " + year + " 年的放假安排。" +
      "请在国务院办公厅公布《国务院办公厅关于" + year + "年部分节假日安排的通知》后，照通知原文在 " + file +
      " 末尾添加 " + year + " 年（写法照抄上一年），再重新计算。";
  }

  function addDays(cal, start, days, rules, firstDayCounts) {
    var end = start + (firstDayCounts ? days - 1 : days);
    if (!rules.holiday_end_moves || cal.isWorkingDay(end)) {
      return {end: end};
    }
    return {end: cal.nextWorkingDay(end), unmoved: end, movedOver: cal.dayOffName(end)};
  }

  function addWorkingDays(cal, start, days, rules, firstDayCounts) {
    var left = days, day = start;
    if (firstDayCounts && cal.isWorkingDay(start)) {
      left -= 1;
      if (left === 0) {
        return {end: start};
      }
    }
    while (left) {
      day = cal.nextWorkingDay(day);
      left -= 1;
    }
    return {end: day};
  }

  function appliedRule(count, unit, rules, followsStage) {
    var out = [followsStage ? "接在“" + followsStage + "”最后一日之后，从次日起算" : rules.first_day_text];
    if (unit === "工作日") {
      out.push("只数工作日（周末和法定放假日不算，调休上班日算）");
    } else if (count.unmoved !== undefined) {
      var p = parts(count.unmoved);
      out.push(p.month + "月" + p.day + "日是" + count.movedOver + "，顺延到下一个工作日");
    } else if (rules.holiday_end_moves) {
      out.push("最后一日是工作日，不需顺延");
    } else {
      out.push("最后一日逢休息日不顺延");
    }
    return out.join("；") + "（" + rules.label + "）";
  }

  function Calculator(data) {
    this.data = data;
    this.cal = new Calendar(data.calendar);
    this.cal.file = data.calendar.file;
    this.byKey = {};
    var self = this;
    data.deadlines.forEach(function (d) {
      self.byKey[d.key] = d;
    });
  }

  /* Every deadline of the event, in the order of data/deadlines.yml:
   * [{key, stage, limit, article, starts, start, end (YYYY-MM-DD or null), rule, error}]. */
  Calculator.prototype.compute = function (eventId, startIso) {
    var start = dayNumber(startIso);
    if (start === null) {
      throw new Error("日期写法不对：" + startIso);
    }
    var rules = this.data.rules, cal = this.cal, self = this;
    var done = {}, out = [];
    this.data.deadlines.forEach(function (d) {
      if (d.event !== eventId) {
        return;
      }
      var row = {key: d.key, stage: d.stage, limit: d.limit, article: d.article, starts: d.starts,
        start: startIso, end: null, rule: "", error: ""};
      var begin = start;
      if (d.follows) {
        var base = done[d.follows];
        if (!base || base.end === null) {
          row.error = base ? base.error : "它接在的期限 " + d.follows + " 没有算出来";
          done[d.key] = row;
          out.push(row);
          return;
        }
        begin = dayNumber(base.end);
        row.start = base.end;
      }
      try {
        var counter = d.unit === "工作日" ? addWorkingDays : addDays;
        var count = counter(cal, begin, d.length, rules, d.follows ? false : rules.first_day_counts);
        row.end = iso(count.end);
        row.weekday = WEEKDAYS[weekday(count.end)];
        row.rule = appliedRule(count, d.unit, rules, d.follows ? self.byKey[d.follows].stage : "");
      } catch (err) {
        if (!(err instanceof CalendarGap)) {
          throw err;
        }
        row.error = err.message;
      }
      done[d.key] = row;
      out.push(row);
    });
    return out;
  };

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    if (cls) {
      node.className = cls;
    }
    return node;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  function render(box, calc, eventId, startIso) {
    var data = calc.data;
    var event = data.events.filter(function (e) { return e.id === eventId; })[0];
    var result = box.querySelector(".kb-calc__result");
    result.textContent = "";
    var rows = calc.compute(eventId, startIso);
    result.appendChild(el("h2", "信访事项期限计算单", "kb-calc__slip-title"));
    var inputs = el("dl", null, "kb-calc__inputs");
    [["事件", event.name + "（" + event.who + "）"], ["事件发生日期", startIso],
      ["计算日期", today()], ["案卷编号", "＿＿＿＿＿＿＿＿"]].forEach(function (pair) {
      inputs.appendChild(el("dt", pair[0]));
      inputs.appendChild(el("dd", pair[1]));
    });
    result.appendChild(inputs);
    var table = el("table", null, "kb-calc__table");
    var head = el("tr");
    ["期限", "条款", "从哪天起算", "最后一日", "所用规则"].forEach(function (h) {
      var th = el("th", h);
      th.scope = "col";
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    rows.forEach(function (r) {
      var tr = el("tr");
      tr.setAttribute("data-key", r.key);
      var stage = el("td");
      stage.appendChild(el("strong", r.stage));
      stage.appendChild(document.createTextNode("（" + r.limit + "）"));
      tr.appendChild(stage);
      tr.appendChild(el("td", r.article, "kb-calc__article"));
      tr.appendChild(el("td", r.starts));
      if (r.end) {
        var end = el("td", null, "kb-calc__end");
        end.appendChild(el("time", r.end + "（星期" + r.weekday + "）"));
        end.firstChild.setAttribute("datetime", r.end);
        tr.appendChild(end);
        tr.appendChild(el("td", r.rule));
      } else {
        var err = el("td", r.error, "kb-calc__error");
        err.colSpan = 2;
        tr.appendChild(err);
      }
      body.appendChild(tr);
    });
    table.appendChild(body);
    result.appendChild(table);
    var rules = data.rules;
    result.appendChild(el("p", "计算规则（" + rules.label + "）：" + rules.first_day_text + "；" +
      rules.holiday_end_text + "。工作日按" + data.calendar.file + "里国务院的放假调休安排数。", "kb-calc__rules"));
    result.appendChild(el("p", "说明：" + rules.caveat, "kb-calc__caveat"));
    box.querySelector(".kb-calc__print").disabled = false;
  }

  function setUp(box) {
    var source = document.getElementById("kb-deadline-data");
    if (!source) {
      return;
    }
    var calc = new Calculator(JSON.parse(source.textContent));
    window.kbDeadlineCalculator = calc;
    var form = box.querySelector("form");
    var eventSelect = box.querySelector("select");
    var dateInput = box.querySelector("#kb-calc-date");
    var message = box.querySelector(".kb-calc__message");
    if (!dateInput.value) {
      dateInput.value = today();
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      message.textContent = "";
      var day = normalizeDate(dateInput.value);
      if (day === null) {
        message.textContent = "日期“" + dateInput.value + "”看不懂或不存在。请写成 年-月-日，如 2026-09-27。";
        dateInput.focus();
        return;
      }
      dateInput.value = day;
      render(box, calc, eventSelect.value, day);
      var title = box.querySelector(".kb-calc__slip-title");
      title.tabIndex = -1;
      title.focus();
    });
    /* “打印期限单”: body.kb-print-slip prints only this block (stylesheets/tools.css). Ctrl+P or the
     * browser menu prints the whole page, as everywhere else on the site. */
    var pending = false;
    box.querySelector(".kb-calc__print").addEventListener("click", function () {
      document.body.classList.add("kb-print-slip");
      pending = true;
      window.print();
    });
    window.addEventListener("beforeprint", function () {
      if (!pending) {
        document.body.classList.remove("kb-print-slip");
      }
      pending = false;
    });
    window.addEventListener("afterprint", function () {
      document.body.classList.remove("kb-print-slip");
    });
  }

  window.KbDeadline = {Calculator: Calculator, dayNumber: dayNumber, iso: iso, normalizeDate: normalizeDate};

  function init() {
    var box = document.querySelector(".kb-calc");
    if (box && !box.getAttribute("data-ready")) {
      box.setAttribute("data-ready", "1");
      setUp(box);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
