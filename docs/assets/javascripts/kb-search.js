/* 信访工作知识库 — search (the browser twin of kb/search/engine.py and kb/search/analyze.py).
 *
 * The index is built at build time (kb/search/index.py) into small script files under search/:
 * meta.js (vocabulary, synonyms, character map, settings), t/<n>.js (postings of the words that
 * hash to shard n), p/<doc>.js (one page: title, kind, sections, text blocks). Each file calls
 * kbSearch.load(name, data); files are added as <script> tags when a query needs them, so search
 * works over http and from a copied folder (file://, where fetch is blocked), and a visitor loads
 * only the shards of the words asked.
 *
 * Query model, ranking and snippets follow engine.py step by step (all scores are integers, so
 * both return the same ranking; tests/test_search.py compares them in Chromium). The search box
 * is Material's header box (overrides/partials/search.html, Material's CSS classes); results,
 * keyboard shortcuts (/ s f, arrows, Enter, Esc) and highlighting are handled here.
 * Plain JavaScript, no external script: the intranet has no internet. */
(function () {
  "use strict";

  var W_SELF = 10, W_SYNONYM = 8, W_PART = 5, W_SINGLE = 4, CUTOFF = 10, SNIPPET = 110, MAX_WORD = 8;
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
  var UNITS = "个工作日|工作日|个月|小时|日|天|人|名|次|周|年";
  var CN = "[零〇一二两三四五六七八九十百]+";
  var ORDINAL_CN = new RegExp("第(" + CN + ")(条|款|项|章)", "g");
  var MEASURE_CN = new RegExp("(?<![零〇一二两三四五六七八九十百\\d])(" + CN + ")(" + UNITS + ")", "g");
  var PIECE = new RegExp("(第\\d{1,3}(?:条|款|项|章)|\\d{1,3}(?:" + UNITS + "))|([a-z0-9]+)|([\u3400-\u9fff\uf900-\ufaff]+)", "g");
  var CN_DIGITS = "零一二三四五六七八九";

  var script = document.currentScript;
  var base = script ? script.src.replace(/assets\/javascripts\/kb-search\.js(\?.*)?$/, "") : "";

  /* ------------------------------------------------------------------ loading */
  var loaded = {}, waiting = {};

  function load(name, data) {
    loaded[name] = data;
    (waiting[name] || []).forEach(function (cb) { cb[0](data); });
    delete waiting[name];
  }

  function need(name, path) {
    if (name in loaded) return Promise.resolve(loaded[name]);
    return new Promise(function (resolve, reject) {
      var first = !waiting[name];
      (waiting[name] = waiting[name] || []).push([resolve, reject]);
      if (!first) return;
      var tag = document.createElement("script");
      tag.src = base + "search/" + path;
      tag.onerror = function () {
        (waiting[name] || []).forEach(function (cb) { cb[1](new Error(path)); });
        delete waiting[name];
      };
      document.head.appendChild(tag);
    });
  }

  /* ------------------------------------------------------------------ analysis (analyze.py) */
  function fromChinese(text) {
    var total = 0, current = null;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if ((ch === "零" || ch === "〇") && current === null && total) continue;
      var v = ch === "〇" ? 0 : ch === "两" ? 2 : CN_DIGITS.indexOf(ch);
      if (v >= 0) {
        if (current !== null) return null;
        current = v;
      } else if (ch === "十") {
        total += (current === null ? 1 : current) * 10;
        current = null;
      } else if (ch === "百") {
        if (current === null) return null;
        total += current * 100;
        current = null;
      } else {
        return null;
      }
    }
    total += current || 0;
    return total > 0 && total < 1000 ? total : null;
  }

  function fold(text, charmap) {
    var out = "";
    for (var ch of text) {
      var code = ch.codePointAt(0);
      if (code >= 0xFF01 && code <= 0xFF5E) ch = String.fromCodePoint(code - 0xFEE0);
      if (charmap[ch]) ch = charmap[ch];
      if (ch >= "A" && ch <= "Z") ch = ch.toLowerCase();
      out += ((ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") || (ch.length === 1 && HAN.test(ch))) ? ch : " ";
    }
    return out;
  }

  function numbers(text) {
    text = text.replace(ORDINAL_CN, function (m, n, unit) {
      var v = fromChinese(n);
      return v === null ? m : "第" + v + unit;
    });
    return text.replace(MEASURE_CN, function (m, n, unit) {
      var v = fromChinese(n);
      return v === null ? m : v + unit;
    });
  }

  function normalise(text, charmap) { return numbers(fold(text, charmap)); }

  function pieces(text) {
    var out = [], m;
    PIECE.lastIndex = 0;
    while ((m = PIECE.exec(text)) !== null) {
      if (m[1]) out.push(["num", m[1]]);
      else if (m[2]) out.push(["lat", m[2]]);
      else out.push(["han", m[3]]);
    }
    return out;
  }

  /* analyze.fmm: the cut with the fewest pieces, a single character counting as two; on equal
   * cost the one whose earlier words are longer. */
  function fmm(run, vocab) {
    var n = run.length, cost = new Array(n + 1).fill(0), step = new Array(n + 1).fill(1);
    for (var i = n - 1; i >= 0; i--) {
      cost[i] = cost[i + 1] + 2;
      step[i] = 1;
      for (var j = Math.min(n, i + MAX_WORD); j > i + 1; j--) {
        if (vocab.has(run.slice(i, j)) && cost[j] + 1 < cost[i]) { cost[i] = cost[j] + 1; step[i] = j - i; }
      }
    }
    var words = [];
    for (i = 0; i < n; i += step[i]) words.push(run.slice(i, i + step[i]));
    return words;
  }

  function fnv(text) {
    var h = 0x811C9DC5;
    for (var ch of text) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
    return h;
  }

  /* ------------------------------------------------------------------ engine (engine.py) */
  function Engine(meta) {
    this.meta = meta;
    this.vocab = new Set(meta.vocab ? meta.vocab.split(" ") : []);
    var chars = Array.from(meta.chars);
    this.charmap = {};
    for (var i = 0; i + 1 < chars.length; i += 2) this.charmap[chars[i]] = chars[i + 1];
    this.stop = new Set(meta.stop.split(" "));
    this.segment = new Set(this.vocab);
    this.stop.forEach(function (w) { this.segment.add(w); }, this);
  }

  Engine.prototype.concepts = function (query) {
    var text = numbers(fold(Array.from(query).slice(0, this.meta.maxQuery).join(""), this.charmap));
    var out = [], seen = new Set(), self = this, implied = this.meta.implied || {};
    Object.keys(implied).forEach(function (word) {
      implied[word].forEach(function (phrase) {   // 多少天 asks for a deadline: the concept 期限, not 天
        if (text.indexOf(phrase) < 0) return;
        text = text.split(phrase).join(" ");
        if (!seen.has(word)) {
          seen.add(word);
          var variants = [[word, W_SELF]];
          (self.meta.syn[word] || []).forEach(function (o) { if (o !== word) variants.push([o, W_SYNONYM]); });
          out.push({ word: word, variants: variants });
        }
      });
    });
    pieces(text).forEach(function (pc) {
      var kind = pc[0], piece = pc[1];
      var words = kind === "han" ? fmm(piece, self.segment) : [piece];
      words.forEach(function (word) {
        if (self.stop.has(word) || seen.has(word)) return;
        seen.add(word);
        var single = kind === "han" && word.length === 1;
        var variants = [[word, single ? W_SINGLE : W_SELF]];
        (self.meta.syn[word] || []).forEach(function (o) { variants.push([o, W_SYNONYM]); });
        if (kind === "han" && word.length >= 3) {
          for (var i = 0; i < word.length; i++) {
            for (var j = i + 2; j <= word.length; j++) {
              var part = word.slice(i, j);
              if (j - i < word.length && self.vocab.has(part) && !self.stop.has(part)) variants.push([part, W_PART]);
            }
          }
        }
        var uniq = new Map();
        variants.forEach(function (v) { if ((uniq.get(v[0]) || 0) < v[1]) uniq.set(v[0], v[1]); });
        out.push({ word: word, variants: Array.from(uniq.entries()) });
      });
    });
    return out;
  };

  Engine.prototype.shardOf = function (term) { return fnv(term) % this.meta.shards; };

  Engine.prototype.posting = function (term) {
    var shard = loaded["t" + this.shardOf(term)];
    return shard && Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
  };

  Engine.prototype.prepare = function (concepts) {
    var need_ = new Set(), self = this;
    concepts.forEach(function (c) { c.variants.forEach(function (v) { need_.add(self.shardOf(v[0])); }); });
    return Promise.all(Array.from(need_).map(function (i) { return need("t" + i, "t/" + i + ".js"); }));
  };

  Engine.prototype.rankSync = function (concepts) {
    var total = new Map(), matched = new Map(), self = this;
    concepts.forEach(function (concept) {
      var best = new Map();
      // a synonym or a part never counts as rarer than the word asked (engine.py)
      var own = self.posting(concept.variants[0][0]), cap = own ? own[0] : 0;
      concept.variants.forEach(function (v) {
        var plist = self.posting(v[0]);
        if (!plist) return;
        var idf = plist[0], doc = 0;
        if (cap && idf > cap) idf = cap;
        for (var k = 1; k < plist.length; k += 2) {
          doc += plist[k];
          var value = v[1] * idf * plist[k + 1];
          if ((best.get(doc) || 0) < value) best.set(doc, value);
        }
      });
      best.forEach(function (value, doc) {
        total.set(doc, (total.get(doc) || 0) + value);
        matched.set(doc, (matched.get(doc) || 0) + 1);
      });
    });
    var n = concepts.length, weights = this.meta.weights, scored = [];
    total.forEach(function (value, doc) {
      scored.push([doc, value * (weights ? weights[doc] : 10) * (n + matched.get(doc))]);
    });
    scored.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return scored;
  };

  Engine.prototype.rank = function (query) {
    var concepts = this.concepts(query), self = this;
    return this.prepare(concepts).then(function () { return { scored: self.rankSync(concepts), concepts: concepts }; });
  };

  Engine.prototype.page = function (doc) { return need("p" + doc, "p/" + doc + ".js"); };

  Engine.prototype.head = function (doc) {
    var k = Math.floor(doc / this.meta.docBlock), block = this.meta.docBlock;
    return need("d" + k, "d/" + k + ".js").then(function (list) { return list[doc % block]; });
  };

  /* The result list without snippets: [{title, location, kind, score, doc, concepts}] */
  Engine.prototype.heads = function (query, limit) {
    var self = this;
    return this.rank(query).then(function (r) {
      var top = r.scored.slice(0, limit || CUTOFF);
      return Promise.all(top.map(function (s) { return self.head(s[0]); })).then(function (heads) {
        return heads.map(function (h, i) {
          return { location: h[0], title: h[1], kind: h[2], score: top[i][1], doc: top[i][0], concepts: r.concepts, snippet: null };
        });
      });
    });
  };

  Engine.prototype.snippets = function (results) {
    var self = this;
    return Promise.all(results.map(function (r) {
      return self.page(r.doc).then(function (p) { r.snippet = snippet(p, r.concepts, self.charmap); return r; });
    }));
  };

  Engine.prototype.locations = function (query, limit) {
    return this.heads(query, limit).then(function (rs) { return rs.map(function (r) { return r.location; }); });
  };

  Engine.prototype.suggestions = function (query, limit) {
    var text = fold(Array.from(query).slice(0, this.meta.maxQuery).join(""), this.charmap);
    var chars = new Set(Array.from(text).filter(function (c) { return HAN.test(c); }));
    var scored = [];
    this.meta.suggest.forEach(function (item, i) {
      var shared = 0;
      new Set(Array.from(item[0])).forEach(function (c) { if (chars.has(c)) shared++; });
      if (shared) scored.push([-shared, i, item[0], item[1]]);
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return scored.slice(0, limit || 5).map(function (s) { return [s[2], s[3]]; });
  };

  function marksIn(text, terms, charmap) {
    var folded = fold(text, charmap), taken = new Array(folded.length).fill(false), ranges = [];
    var uniq = Array.from(new Set(terms.filter(function (t) { return t.length > 1; })));
    uniq.sort(function (a, b) { return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0); });
    uniq.forEach(function (term) {
      var start = folded.indexOf(term);
      while (start >= 0) {
        var end = start + term.length, free = true;
        for (var k = start; k < end; k++) if (taken[k]) { free = false; break; }
        if (free) {
          ranges.push([start, end]);
          for (k = start; k < end; k++) taken[k] = true;
        }
        start = folded.indexOf(term, end);
      }
    });
    return ranges.sort(function (a, b) { return a[0] - b[0]; });
  }

  function snippet(page, concepts, charmap) {
    var best = null, bestScore = 0;
    page.b.forEach(function (block) {
      var text = normalise(block[1], charmap), score = 0;
      concepts.forEach(function (c) {
        var top = 0;
        c.variants.forEach(function (v) {
          if ((v[0].length > 1 || v[1] === W_SINGLE) && text.indexOf(v[0]) >= 0 && v[1] > top) top = v[1];
        });
        score += top * top;
      });
      if (score > bestScore) { best = block; bestScore = score; }
    });
    if (!best) return null;
    var section = page.s[best[0]], terms = [];
    concepts.forEach(function (c) { c.variants.forEach(function (v) { terms.push(v[0]); }); });
    var text = best[1], marks = marksIn(text, terms, charmap);
    if (text.length > SNIPPET) {
      var start = Math.max(0, (marks.length ? marks[0][0] : 0) - Math.floor(SNIPPET / 4));
      var end = Math.min(text.length, start + SNIPPET), lead = start ? 1 : 0;
      text = (start ? "…" : "") + text.slice(start, end) + (end < best[1].length ? "…" : "");
      marks = marks.filter(function (m) { return m[0] >= start && m[0] < end; })
        .map(function (m) { return [m[0] - start + lead, Math.min(m[1], end) - start + lead]; });
    }
    return { section: section[1], anchor: section[0], text: text, marks: marks };
  }

  Engine.prototype.search = function (query, limit) {
    var self = this;
    return this.heads(query, limit).then(function (rs) { return self.snippets(rs); });
  };

  var enginePromise = null;
  function engine() {
    if (!enginePromise) enginePromise = need("meta", "meta.js").then(function (meta) { return new Engine(meta); });
    return enginePromise;
  }

  /* ------------------------------------------------------------------ user interface */
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function marked(text, marks) {
    var out = "", at = 0;
    marks.forEach(function (m) {
      out += esc(text.slice(at, m[0])) + "<mark>" + esc(text.slice(m[0], m[1])) + "</mark>";
      at = m[1];
    });
    return out + esc(text.slice(at));
  }

  function highlightTerms(concepts) {
    var terms = [];
    concepts.forEach(function (c) { c.variants.forEach(function (v) { if (v[0].length > 1) terms.push(v[0]); }); });
    return Array.from(new Set(terms)).slice(0, 12);
  }

  function href(result) {
    var terms = highlightTerms(result.concepts);
    var at = result.location.indexOf("#");   // a question of the 问答 page: faq/index.html#faq-…
    var path = at < 0 ? result.location : result.location.slice(0, at);
    var url = base + path + (terms.length ? "?h=" + encodeURIComponent(terms.join(" ")) : "");
    var anchor = (result.snippet && result.snippet.anchor) || (at < 0 ? "" : result.location.slice(at + 1));
    return url + (anchor ? "#" + encodeURIComponent(anchor) : "");
  }

  function renderResults(box, query, results, eng) {
    var meta = box.querySelector(".md-search-result__meta"), list = box.querySelector(".md-search-result__list");
    if (!query.trim()) {
      meta.textContent = "输入关键词或直接提问，例如：不服复查意见怎么办";
      list.innerHTML = "";
      return;
    }
    if (!results.length) {
      var sugg = eng.suggestions(query);
      var html = "没有找到相关页面。";
      if (sugg.length) {
        html += "换个说法试试，术语表里相近的词：" + sugg.map(function (s) {
          return '<a class="kb-search-suggest" href="' + esc(base + (s[1] || "reference/glossary.html")) + '">' + esc(s[0]) + "</a>";
        }).join("、") + "。";
      }
      var faq = eng.meta.faq || "reference/glossary.html";
      html += ' <a href="' + esc(base + faq) + '">' + (eng.meta.faq ? "看常见问答" : "查术语表") + "</a>";
      meta.innerHTML = html;
      list.innerHTML = "";
      return;
    }
    meta.textContent = "找到 " + results.length + (results.length >= CUTOFF ? "+" : "") + " 个相关页面";
    list.innerHTML = results.map(function (r) {
      return '<li class="md-search-result__item"><a href="' + esc(href(r)) + '" class="md-search-result__link" tabindex="-1">' +
        '<article class="md-search-result__article md-typeset">' +
        '<h1><span class="kb-kind">' + esc(r.kind) + "</span>" + esc(r.title) + "</h1>" +
        '<div class="kb-search-more"></div></article></a></li>';
    }).join("");
  }

  function fillSnippets(box, results) {
    var links = box.querySelectorAll(".md-search-result__link");
    results.forEach(function (r, i) {
      var s = r.snippet, link = links[i];
      if (!link || !s) return;
      link.setAttribute("href", href(r));
      link.querySelector(".kb-search-more").innerHTML =
        (s.section ? '<p class="kb-search-section">' + esc(s.section) + "</p>" : "") +
        '<p class="kb-search-snippet">' + marked(s.text, s.marks) + "</p>";
    });
  }

  function setup() {
    var box = document.querySelector("[data-kb-search]");
    var input = box && box.querySelector("[data-kb-search-input]");
    var toggle = document.getElementById("__search");
    highlightLanding();
    if (!box || !input || !toggle) return;
    var seq = 0;

    function run() {
      var query = input.value, mine = ++seq;
      engine().then(function (eng) {
        if (!query.trim()) return [eng, []];
        return eng.heads(query).then(function (results) { return [eng, results]; });
      }).then(function (pair) {
        if (mine !== seq) return;
        renderResults(box, query, pair[1], pair[0]);   // titles first: the snippets follow
        return pair[0].snippets(pair[1]).then(function (results) {
          if (mine === seq) fillSnippets(box, results);
        });
      }).catch(function (err) {
        box.querySelector(".md-search-result__meta").textContent =
          "搜索索引没有加载（" + err.message + "）。请重新构建网站（kb build）或整个复制 site 文件夹。";
      });
    }

    function open() {
      if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
      input.focus();
      engine();
    }

    function close() {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
      input.blur();
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", function () { engine(); if (!toggle.checked) toggle.checked = true; });
    box.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
      var first = box.querySelector(".md-search-result__link");
      if (first) first.click();
    });
    box.querySelector("form").addEventListener("reset", function () {
      setTimeout(function () { run(); input.focus(); }, 0);
    });
    toggle.addEventListener("change", function () {
      if (toggle.checked) setTimeout(function () { input.focus(); }, 50);
    });

    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
      var target = e.target, typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (!toggle.checked || !box.contains(document.activeElement)) {
        if (!typing && (e.key === "/" || e.key === "s" || e.key === "f" || e.key === "S" || e.key === "F")) {
          e.preventDefault();
          open();
        }
        if (toggle.checked && e.key === "Escape") close();
        return;
      }
      var links = Array.from(box.querySelectorAll(".md-search-result__link"));
      var at = links.indexOf(document.activeElement);
      if (e.key === "Escape") {
        e.preventDefault();
        close();
      } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!links.length) return;
        e.preventDefault();
        var next = e.key === "ArrowDown" ? at + 1 : at - 1;
        if (next < 0) { input.focus(); return; }
        links[Math.min(next, links.length - 1)].focus();
      } else if (e.key === "Enter" && at >= 0) {
        e.preventDefault();
        links[at].click();
      } else if (at >= 0 && e.key.length === 1) {
        input.focus();   // typing while a result has focus goes on with the query
      }
    });
  }

  /* The landing page: whole matched words (?h=word word) highlighted in the article, never lone
   * characters, never inside tags, links to other pages stay intact. */
  function highlightLanding() {
    var match = /[?&]h=([^&#]*)/.exec(location.search);
    var article = document.querySelector("article.md-content__inner");
    if (!match || !article) return;
    var terms;
    try { terms = decodeURIComponent(match[1].replace(/\+/g, " ")).split(" "); } catch (e) { return; }
    terms = terms.filter(function (t) { return t.length > 1 && t.length <= 20; }).slice(0, 12);
    if (!terms.length) return;
    terms.sort(function (a, b) { return b.length - a.length; });
    var pattern = new RegExp(terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "g");
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var el = node.parentElement;
        if (!el || el.closest(".md-tags, .headerlink, script, style, mark, code, pre")) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, last = 0, m, frag = null;
      pattern.lastIndex = 0;
      while ((m = pattern.exec(text)) !== null) {
        frag = frag || document.createDocumentFragment();
        frag.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.className = "kb-highlight";
        mark.textContent = m[0];
        frag.appendChild(mark);
        last = m.index + m[0].length;
      }
      if (frag) {
        frag.appendChild(document.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(frag, node);
      }
    });
  }

  window.kbSearch = {
    load: load,
    engine: engine,
    // for tests and the benchmark: rankings exactly as the result list shows them
    locations: function (query, limit) { return engine().then(function (e) { return e.locations(query, limit); }); },
    search: function (query, limit) { return engine().then(function (e) { return e.search(query, limit); }); }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
