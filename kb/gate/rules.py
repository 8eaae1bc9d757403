"""What a page may contain, as rules on one element at a time (tag, attributes, inline text).

The same rules judge the built HTML (kb.gate.html, after every build) and the Markdown sources
(kb.gate.markdown, through the check registry, so the message names the page and line).
Nothing may load from outside the site: the intranet has no internet and the site must work
from a folder (file://). Pure: strings in, messages (Chinese, with the fix) out."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

from kb.model.links import LinkPolicy

# Elements that embed another document or change how every URL of the page resolves.
FORBIDDEN_TAGS = {
    "iframe": "<iframe>（嵌入其他网页）", "frame": "<frame>", "frameset": "<frameset>", "object": "<object>",
    "embed": "<embed>", "applet": "<applet>", "base": "<base>（改变页面里所有链接的指向）", "portal": "<portal>",
}
# Attributes whose value is a URL the browser fetches by itself (a resource of the page).
RESOURCE_ATTRS = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "manifest", "icon",
                  "imagesrcset", "xlink:href"}
# Attributes whose value is a URL the reader follows (or a form posts to).
LINK_ATTRS = {"href", "action", "formaction", "cite", "ping"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:")
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_BASE = re.compile(r'(?<=["(])(?:\.\.(?:/\.\.)*|\.|/)(?=["),])')  # the relative site root Material writes per page

HOW_LOCAL = "请把文件放进 docs/（如 docs/assets/ 下）再用相对路径引用；内网电脑上不能访问互联网。"


def normalise_inline(text: str) -> str:
    """An inline script with the per-page site root ("..", "../..", ".", "/") written as ".": the
    same script on every page then has one hash."""
    return _BASE.sub(".", text.strip())


def script_hash(text: str) -> str:
    return hashlib.sha256(normalise_inline(text).encode("utf-8")).hexdigest()


# Material's own inline scripts (material/templates/base.html and partials/javascripts/base.html),
# normalised: reviewed once. After a Material upgrade the gate names the new script; check it is
# the theme's and add its hash here.
THEME_INLINE_SCRIPTS = frozenset({
    "6a9a103c779f08d5a3c5b0a6f87cd50ce016e024955a163b5729508e0385c9f9",  # __md_scope=new URL(…) … (local storage helpers)
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f",  # var target=…  (opens the tab named in the #hash)
    "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e",  # var palette=… (partials/javascripts/palette.html)
})


@dataclass(frozen=True)
class Rules:
    links: LinkPolicy = field(default_factory=LinkPolicy)
    inline_scripts: frozenset = THEME_INLINE_SCRIPTS  # hashes of allowed inline scripts
    script_exists: Callable[[str], bool] | None = None  # site-relative path → is it a file of the site


def clean_url(value: str) -> str:
    """The URL as a browser reads it: control characters and spaces inside the scheme ignored."""
    return _CONTROL.sub("", value or "")


def is_script_url(value: str) -> bool:
    return clean_url(value).lower().startswith(SCRIPT_SCHEMES)


def is_own(value: str, allow_data: bool = False) -> bool:
    """Served by the site itself: a relative path (or #fragment), never scheme:// or //host."""
    if ":" not in value and "\\" not in value and not value.lstrip("\x00\t\n\f\r ").startswith("//"):
        return True  # fast path (most links of a page): no scheme, no //host
    url = clean_url(value)
    if not url:
        return True
    if url.lower().startswith("data:"):
        return allow_data
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith(("//", "\\\\", "/\\"))


def _srcset_urls(value: str) -> list[str]:
    return [c.strip().split()[0] for c in value.split(",") if c.strip()]


def css_problems(css: str, where: str) -> list[str]:
    out = []
    for m in CSS_URL.finditer(css or ""):
        url = m.group(2) if m.group(2) is not None else m.group(4)
        if m.group(4) is not None and m.group(2) is None:
            out.append(f"{where} 里有 @import “{url[:60]}”：样式表只能放在 extra_css 里，不能在页面里引入。")
        elif not is_own(url, allow_data=True):
            out.append(f"{where} 里的 url(“{url[:60]}”) 指向站外。{HOW_LOCAL}")
        elif is_script_url(url):
            out.append(f"{where} 里的 url(“{url[:60]}”) 是脚本地址，不允许。")
    return out


INTERESTING_TAGS = frozenset(FORBIDDEN_TAGS) | {"script", "style", "meta", "link", "a", "area", "form", "button", "input"}


def worth_checking(tag: str, attrs) -> bool:
    """Fast filter: can this element have a problem at all? (Most elements of a page cannot.)"""
    if tag in INTERESTING_TAGS:
        return True
    return any(k[:2].lower() == "on" or k == "style" or k in RESOURCE_ATTRS or k in LINK_ATTRS for k in attrs)


def element_problems(tag: str, attrs: dict, text: str | None, rules: Rules, page_dir: str = "") -> list[str]:
    """Every problem of one element. text: the inline content of <script> and <style>."""
    tag = tag.lower()
    out = []
    if tag in FORBIDDEN_TAGS:
        out.append(f"不允许使用 {FORBIDDEN_TAGS[tag]}。需要展示的内容请直接写在页面里，或链接到站内页面。")
    if tag == "meta" and str(attrs.get("http-equiv", "")).lower() == "refresh":
        out.append("不允许 <meta http-equiv=\"refresh\">（自动跳转）。请改成一个普通链接。")
    for name, value in attrs.items():
        name = name.lower()
        value = "" if value is None else str(value)
        if name.startswith("on"):
            out.append(f"<{tag}> 上有事件处理属性 {name}=…：页面里不能写脚本。请删掉这个属性。")
        elif name == "style":
            out += css_problems(value, f"<{tag}> 的 style 属性")
        if name in RESOURCE_ATTRS or name in LINK_ATTRS or name == "href":
            urls = _srcset_urls(value) if name.endswith("srcset") else [value]
            for url in urls:
                if is_script_url(url):
                    out.append(f"<{tag}> 的 {name} 是脚本地址（{clean_url(url)[:30]}…）：不允许。请改成站内页面的链接。")
                elif name in RESOURCE_ATTRS and tag != "script" and not is_own(url, allow_data=tag in ("img", "source", "picture")):
                    out.append(f"<{tag}> 的 {name} 从站外加载 “{url[:80]}”。{HOW_LOCAL}")
    href = str(attrs.get("href") or "")
    if tag == "link" and href and not is_script_url(href):
        rel = str(attrs.get("rel") or "").lower().split()
        if "canonical" not in rel and not is_own(href):
            out.append(f"<link rel=\"{' '.join(rel)}\"> 从站外加载 “{href[:80]}”。{HOW_LOCAL}")
    if tag in ("a", "area", "form", "button", "input") and not is_script_url(href or str(attrs.get("action") or "")):
        for name in ("href", "action", "formaction"):
            url = str(attrs.get(name) or "")
            if url and not is_own(url):
                url = clean_url(url)
                out += external_link_problems(url, rules.links, f"<{tag}> 的 {name}")
    if tag == "style":
        out += css_problems(text or "", "<style>")
    if tag == "script":
        out += script_problems(attrs, text or "", rules, page_dir)
    return out


def external_link_problems(url: str, links: LinkPolicy, where: str) -> list[str]:
    parts = urlsplit(url)
    if url.lower().startswith("data:"):
        return [f"{where} 是 data: 地址，不允许。请改成站内页面的链接。"]
    if parts.scheme.lower() not in ("http", "https", ""):
        return [f"{where} 是 {parts.scheme}: 链接（{url[:60]}）：只能链接站内页面或 data/links.yml 允许的内网网站。"]
    host = parts.hostname or ""
    if links.allows(host):
        return []
    return [f"{where} 指向站外网站 {host or url[:60]}：工作人员在内网打不开。请删掉链接，或者（确实是内网网站时）"
            f"把域名和理由登记在 data/links.yml 的 allow 里。现在允许的：{links.domains}。"]


def script_problems(attrs: dict, text: str, rules: Rules, page_dir: str) -> list[str]:
    src = str(attrs.get("src") or "")
    kind = str(attrs.get("type") or "").lower().strip()
    if src:
        if not is_own(src):
            return [f"<script src=“{src[:80]}”> 从站外加载脚本。脚本只能是网站自己的文件（mkdocs.yml 的 extra_javascript）。"]
        if rules.script_exists is not None and not rules.script_exists(_join(page_dir, src)):
            return [f"<script src=“{src[:80]}”> 不是网站自己的脚本文件。脚本只能来自 mkdocs.yml 的 extra_javascript 或主题。"]
        return []
    if kind in ("application/json", "application/ld+json"):
        return []  # a data block: browsers never run it
    if script_hash(text) in rules.inline_scripts:
        return []
    return ["页面里有内嵌脚本 <script>…</script>（“" + " ".join(text.split())[:40] + "”）：页面里不能写脚本。"
            "需要脚本时请放成文件、登记在 mkdocs.yml 的 extra_javascript 里并经过审查。"]


def _join(page_dir: str, src: str) -> str:
    """Site-relative path of a URL written on a page in page_dir."""
    path = urlsplit(src).path
    parts = [] if path.startswith("/") else [p for p in page_dir.split("/") if p]
    for piece in path.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
        else:
            parts.append(piece)
    return "/".join(parts)
