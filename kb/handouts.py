"""Training handouts: one printable PDF per module in data/training.yml.

One pipeline, built on the finished site (so a handout always says what the site says):

1. extract — open each page a module cites (site/<page>.html, JavaScript off) in headless
   Chromium and take the section under the cited heading, down to the next heading of the
   same or a higher level;
2. compose — compose_handout() (pure) writes one HTML document: cover, objectives, the
   sections, key points, checklist, quiz, answer key (new page) and sign-off sheet;
3. print — Chromium prints it to PDF with stylesheets/print.css, the same stylesheet the
   browser's print dialog uses.

Engine: headless Chromium (Debian's /usr/bin/chromium through Playwright). Measured on this
machine against WeasyPrint 70 on the same 10-page Chinese handout: Chromium 0.42 s per
handout once started (+0.5 s start-up), WeasyPrint 1.1-1.45 s; WeasyPrint embeds named CID
fonts and makes smaller files (383 KB vs 555 KB), Chromium embeds the CJK glyphs as Type 3
fonts (embedded, with Unicode maps, so text stays searchable and copyable). Chromium won
because it is the engine staff print with, so one stylesheet is tested once; Material's print
rules (tabs) work unchanged; and it needs no new Python or Debian packages.

Every request that would leave the local files is blocked and counted; a handout that tried
one fails.
"""
from __future__ import annotations

import html
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from kb.data import KbData, load_data
from kb.findings import Finding, FindingsError
from kb.paths import DATA_DIR, display
from kb.render import article_label
from kb.training import LETTERS, TRAINING_FILE, Basis, Question, TrainingModule, expand, field_name, normalize_heading
from kb.yamlio import line_of, parse_yaml, read_text

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer",  # never stamp Chromium's own date/URL header and footer
]
HANDOUT_DIR = "handouts"      # inside the site: site/handouts/<id>.pdf (+ the .html it was printed from)
SITE_NAME = "信访工作知识库"
CN_ORDINALS = "一二三四五六七八九十"


class HandoutError(Exception):
    """The handouts could not be made (no Chromium, no built site …); the message says what to do."""


@dataclass(frozen=True)
class Section:
    page: str          # docs path, e.g. procedures/acceptance.md
    heading: str
    page_title: str
    html: str          # the section's content as built, headings shifted under the handout's
    note: str = ""


@dataclass
class HandoutResult:
    module: str
    pdf: Path
    html: Path
    pages: int = 0
    seconds: float = 0.0
    blocked_requests: list[str] = field(default_factory=list)
    fonts: dict[str, int] = field(default_factory=dict)   # family -> glyphs (only with audit_fonts)


# ---------------------------------------------------------------- text helpers

def plain(data: KbData, raw: str) -> str:
    """Training text for print: {{ deadline }} / {{ cite }} as plain words, then HTML-escaped."""
    return html.escape(expand(raw, lambda key: data.deadlines[key].text,
                              lambda n, clause: article_label(n, clause)), quote=False)


def css_string(text: str) -> str:
    """A safe CSS string literal (for @page margin boxes)."""
    text = " ".join(str(text).split())
    return '"' + text.replace("\\", "").replace('"', "").replace("<", "") + '"'


def page_html_path(page: str) -> str:
    """docs path → built file (use_directory_urls: false)."""
    return page[:-3] + ".html"


def basis_text(data: KbData, b: Basis, titles: dict[str, str]) -> str:
    parts = []
    if b.article is not None:
        a = data.articles[b.article]
        parts.append(f"{article_label(b.article, b.clause)}（{html.escape(a.topic)}）")
    if b.page:
        title = html.escape(titles.get(b.page, b.page))
        parts.append(f"知识库《{title}》" + (f"“{html.escape(b.heading)}”一节" if b.heading else ""))
    return "；".join(parts)


# ---------------------------------------------------------------- compose (pure)

def _question_html(data: KbData, n: int, q: Question) -> str:
    out = [f'<div class="kb-quiz-question kb-keep"><p><strong>{n}.</strong> '
           f'<span class="kb-quiz-type">〔{q.type_label}〕</span>{plain(data, q.question)}</p>']
    if q.options:
        out.append('<ul class="kb-quiz-options">')
        out += [f"<li>{letter}. {plain(data, o)}</li>" for letter, o in zip(LETTERS, q.options)]
        out.append("</ul>")
        out.append('<p class="kb-quiz-answer-line">答：＿＿＿＿＿＿</p>')
    elif q.type == "true_false":
        out.append('<p class="kb-quiz-answer-line">答：对 <span class="kb-box"></span>　　错 <span class="kb-box"></span></p>')
    else:
        out.append('<div class="kb-quiz-lines"><p>答：</p><p></p><p></p><p></p></div>')
    out.append("</div>")
    return "\n".join(out)


def _answer_html(data: KbData, n: int, q: Question, titles: dict[str, str]) -> str:
    return (f'<div class="kb-answer kb-keep"><p><strong>{n}. 答案：{plain(data, q.answer_text)}</strong></p>'
            f"<p>{plain(data, q.explanation)}</p>"
            f'<p class="kb-answer-basis">依据：{basis_text(data, q.basis, titles)}</p></div>')


def compose_handout(m: TrainingModule, data: KbData, sections: list[Section], stylesheets: list[str]) -> str:
    """The whole handout as one HTML document. Pure: the same inputs give the same bytes."""
    titles = {s.page: s.page_title for s in sections}
    owner = html.escape(data.units[m.owner].name)
    title = html.escape(m.title)
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in stylesheets)
    page_css = (
        "@page { @top-right { content: %s; } @bottom-left { content: %s; } }\n"
        "@page kb-cover { @top-left { content: none; } @top-right { content: none; } }"
        % (css_string(m.title), css_string(f"版本 {m.version} · {m.date} · {data.units[m.owner].name}"))
    )
    n = iter(CN_ORDINALS)
    parts = [f"""<!doctype html>
<html lang="zh-CN" dir="ltr">
<head>
<meta charset="utf-8">
<title>{title} · 培训讲义</title>
{links}
<style>{page_css}</style>
</head>
<body dir="ltr" class="kb-handout">
<div class="md-typeset">

<section class="kb-handout-cover">
<p class="kb-handout-site">{SITE_NAME} · 培训讲义</p>
<h1>{title}</h1>
<p class="kb-handout-summary">{plain(data, m.summary)}</p>
<table class="kb-handout-meta">
<tr><th>培训对象</th><td>{html.escape(m.audience)}</td></tr>
<tr><th>建议时长</th><td>{html.escape(m.duration)}</td></tr>
<tr><th>版本</th><td>{html.escape(m.version)}</td></tr>
<tr><th>日期</th><td>{html.escape(m.date)}</td></tr>
<tr><th>编制单位</th><td>{owner}</td></tr>
<tr><th>依据</th><td>{html.escape(data.regulation_title)}（{html.escape(data.regulation_issued)}）</td></tr>
</table>
<p class="kb-handout-fineprint">本讲义由知识库页面汇编生成，页面更新后重新生成。内部工作资料，请勿外传。</p>
</section>
"""]
    parts.append(f'<section class="kb-handout-part"><h2>{next(n)}、学习目标</h2><p>学完本模块，你应当能够：</p><ol>')
    parts += [f"<li>{plain(data, o)}</li>" for o in m.objectives]
    parts.append("</ol></section>")

    parts.append(f'<section class="kb-handout-part"><h2>{next(n)}、学习内容</h2>')
    for i, s in enumerate(sections, 1):
        parts.append(f'<section class="kb-handout-source"><h3>{i}. {html.escape(s.page_title)} · {html.escape(s.heading)}</h3>')
        parts.append(f'<p class="kb-handout-from">摘自知识库页面《{html.escape(s.page_title)}》（{html.escape(page_html_path(s.page))}）</p>')
        if s.note:
            parts.append(f'<p class="kb-handout-note">培训提示：{html.escape(s.note)}</p>')
        parts.append(s.html)
        parts.append("</section>")
    parts.append("</section>")

    parts.append(f'<section class="kb-handout-part"><h2>{next(n)}、要点</h2><ul>')
    parts += [f"<li>{plain(data, k)}</li>" for k in m.key_points]
    parts.append("</ul></section>")

    parts.append(f'<section class="kb-handout-part"><h2>{next(n)}、学习清单</h2>'
                 '<div class="kb-checklist"><ul class="task-list">')
    parts += ['<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled>'
              f'<span class="task-list-indicator"></span></label> {plain(data, c)}</li>' for c in m.checklist]
    parts.append("</ul></div></section>")

    parts.append(f'<section class="kb-handout-part kb-quiz"><h2>{next(n)}、测验</h2>'
                 f"<p>共 {len(m.quiz)} 题。单选题选一个答案，多选题选两个或以上，判断题在方框里打勾，情景题写出做法。</p>")
    parts += [_question_html(data, i, q) for i, q in enumerate(m.quiz, 1)]
    parts.append("</section>")

    parts.append('<section class="kb-answer-key"><h2>答案与依据</h2>'
                 "<p>培训人讲评时使用。每题写明答案、理由和依据（条号指2022年《信访工作条例》）。</p>")
    parts += [_answer_html(data, i, q, titles) for i, q in enumerate(m.quiz, 1)]
    parts.append("</section>")

    parts.append(f"""<section class="kb-signoff">
<h2>学习确认表</h2>
<p>模块：{title}（版本 {html.escape(m.version)}）</p>
<table class="kb-signoff-table">
<tr><th>姓名</th><td></td><th>单位</th><td></td></tr>
<tr><th>岗位</th><td></td><th>学习日期</th><td></td></tr>
<tr><th>学习时长</th><td></td><th>测验得分</th><td></td></tr>
</table>
<p>本人已学习本模块全部内容，完成测验并对照答案订正，能够按学习清单开展工作。</p>
<div class="kb-signature"><span>学员签名：</span><span class="kb-signature-line"></span><span>日期：</span><span class="kb-signature-date"></span></div>
<p>培训人意见：</p>
<div class="kb-quiz-lines"><p></p><p></p></div>
<div class="kb-signature"><span>培训人签名：</span><span class="kb-signature-line"></span><span>日期：</span><span class="kb-signature-date"></span></div>
<p class="kb-handout-fineprint">本表由培训单位收回存档。</p>
</section>

</div>
</body>
</html>
""")
    return "\n".join(parts)


# ---------------------------------------------------------------- extract (Chromium)

EXTRACT_JS = r"""
(wanted) => {
  const norm = (s) => s.replace(/\s+/g, " ").trim();
  const root = document.querySelector("article.md-content__inner") || document.body;
  const text = (h) => { const c = h.cloneNode(true); c.querySelectorAll(".headerlink").forEach((e) => e.remove()); return norm(c.textContent); };
  const isH = (el) => /^H[1-6]$/.test(el.tagName);
  const h1 = root.querySelector("h1");
  const title = h1 ? text(h1) : document.title;
  const heads = Array.from(root.children).filter(isH);
  const h = heads.find((x) => text(x) === wanted);
  if (!h) return { title, found: false, headings: heads.map(text) };
  const level = +h.tagName[1];
  const box = document.createElement("div");
  for (let n = h.nextElementSibling; n && !(isH(n) && +n.tagName[1] <= level); n = n.nextElementSibling) {
    box.appendChild(n.cloneNode(true));
  }
  box.querySelectorAll(".headerlink, .kb-print-button, script").forEach((e) => e.remove());
  box.querySelectorAll("a[href]").forEach((a) => {
    if (/^https?:/.test(a.getAttribute("href"))) return;      // outside address: printed after the text
    const s = document.createElement("span");                    // inside the site: keep the words
    s.className = "kb-link";
    s.innerHTML = a.innerHTML;
    a.replaceWith(s);
  });
  box.querySelectorAll("img[src]").forEach((i) => i.setAttribute("src", i.src));
  box.querySelectorAll("details").forEach((d) => d.setAttribute("open", ""));
  box.querySelectorAll("h1,h2,h3,h4,h5,h6").forEach((x) => {
    const y = document.createElement("h" + Math.min(6, 3 + (+x.tagName[1] - level)));
    y.innerHTML = x.innerHTML;
    x.replaceWith(y);
  });
  return { title, found: true, html: box.innerHTML };
}
"""

STYLESHEETS_JS = r"""
() => Array.from(document.querySelectorAll('link[rel="stylesheet"]')).map((l) => l.href)
"""

def _training_line(parts: list, data_dir: Path) -> tuple[str, int | None]:
    path = Path(data_dir) / TRAINING_FILE
    _, node = parse_yaml(read_text(path), path)
    return display(path), line_of(node, parts)


def _guard(blocked: list[str]):
    def handler(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "about:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()
    return handler


def _extract(page, site_dir: Path, m: TrainingModule, index: int, data_dir: Path) -> tuple[list[Section], list[str]]:
    sections, stylesheets = [], []
    for j, ref in enumerate(m.sources):
        target = site_dir / page_html_path(ref.page)
        if not target.exists():
            shown, line = _training_line(["modules", index, "sources", j, "page"], data_dir)
            raise FindingsError([Finding(shown, line, "training",
                                         f"{field_name(['modules', index, 'sources', j, 'page'])}：构建好的网站里没有 "
                                         f"{page_html_path(ref.page)}（页面是草稿，或没有加进导航？）。")])
        page.goto(target.as_uri())
        if not stylesheets:
            stylesheets = page.evaluate(STYLESHEETS_JS)
        got = page.evaluate(EXTRACT_JS, normalize_heading(ref.heading))
        if not got["found"]:
            parts = ["modules", index, "sources", j, "heading"]
            shown, line = _training_line(parts, data_dir)
            raise FindingsError([Finding(shown, line, "training",
                                         f"{field_name(parts)}：页面 {ref.page} 构建后没有小节 “{ref.heading}”。"
                                         f"这一页的标题有：{'、'.join(got['headings'])}。")])
        sections.append(Section(ref.page, ref.heading, got["title"], got["html"], ref.note))
    return sections, stylesheets


def _pdf_pages(pdf: Path) -> int:
    """Page count from the PDF itself (poppler's pdfinfo when present)."""
    pdfinfo = shutil.which("pdfinfo")
    if not pdfinfo:
        return 0
    import subprocess
    out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def platform_fonts(page) -> dict[str, int]:
    """Fonts Chromium really used for the text on the page (family → glyph count), read with the
    DevTools protocol. A missing glyph falls back to another family, so it shows up here."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "body *"})["nodeIds"]
    used: dict[str, int] = {}
    for node in nodes:
        for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            used[f["familyName"]] = used.get(f["familyName"], 0) + f["glyphCount"]
    cdp.detach()
    return used


def render_handouts(site_dir: Path, out_dir: Path | None = None, only: list[str] | None = None,
                    data: KbData | None = None, data_dir: Path = DATA_DIR,
                    audit_fonts: bool = False) -> list[HandoutResult]:
    """Make the PDF of every module (or of the ids in `only`) from the built site in site_dir.

    The HTML each PDF is printed from is written to site_dir/handouts/<id>.html (it uses the
    site's stylesheets); the PDFs go to out_dir (default: site_dir/handouts)."""
    site_dir = Path(site_dir).resolve()
    if not (site_dir / "index.html").exists():
        raise HandoutError(f"{site_dir} 不是构建好的网站（没有 index.html）。先运行 kb build，或用 --site-dir 指向网站目录。")
    if not Path(CHROMIUM).exists():
        raise HandoutError(f"找不到 Chromium（{CHROMIUM}）。请以管理员身份运行 `make system-deps` 安装 chromium 和 fonts-noto-cjk。")
    data = data or load_data(str(data_dir))
    modules = [m for m in data.training if not only or m.id in only]
    unknown = sorted(set(only or ()) - {m.id for m in data.training})
    if unknown:
        raise HandoutError(f"未知的培训模块：{'、'.join(unknown)}。data/training.yml 里有：{'、'.join(m.id for m in data.training)}。")
    html_dir = site_dir / HANDOUT_DIR
    out_dir = Path(out_dir).resolve() if out_dir else html_dir
    html_dir.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    index = {m.id: i for i, m in enumerate(data.training)}

    from playwright.sync_api import sync_playwright
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            # JavaScript off while reading pages: the static HTML MkDocs wrote, nothing added by scripts.
            blocked: list[str] = []
            reader = browser.new_context(java_script_enabled=False)
            reader.route("**/*", _guard(blocked))
            rp = reader.new_page()
            printer = browser.new_context(java_script_enabled=False)
            printer.route("**/*", _guard(blocked))
            pp = printer.new_page()
            pp.emulate_media(media="print")
            for m in modules:
                started = time.perf_counter()
                sections, stylesheets = _extract(rp, site_dir, m, index[m.id], data_dir)
                hrefs = [os.path.relpath(Path(_file_path(s)), html_dir).replace(os.sep, "/") for s in stylesheets]
                source = html_dir / f"{m.id}.html"
                source.write_text(compose_handout(m, data, sections, hrefs), encoding="utf-8")
                pp.goto(source.as_uri())
                fonts = platform_fonts(pp) if audit_fonts else {}
                pdf = out_dir / f"{m.id}.pdf"
                pp.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True,
                       display_header_footer=False, outline=True, tagged=True)
                if blocked:
                    raise HandoutError(f"讲义 {m.id} 试图访问外部地址（已拦截）：{'、'.join(blocked[:5])}。"
                                       "内网没有互联网，讲义只能用网站自己的文件。")
                results.append(HandoutResult(m.id, pdf, source, _pdf_pages(pdf),
                                             time.perf_counter() - started, list(blocked), fonts))
        finally:
            browser.close()
    return results


def _file_path(url: str) -> str:
    from urllib.parse import unquote, urlparse
    return unquote(urlparse(url).path)
