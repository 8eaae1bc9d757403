"""Privacy guard: find personal data in Markdown, YAML, HTML and JSON before it reaches the site.

Pure functions, text in and findings out:

- find_hits(line, lists)             personal data in one line of plain text
- scan_text(text, fmt, shown, lists) every line of a file's text (fmt: md, yaml, html, json, text)
- scan_paths / scan_site             files and folders, used by `kb privacy`, `kb check`, `kb build`

Every pattern lives in the RULES table below. A match must also pass the rule's check (ID
checksum and date, Luhn, plate shape, not a pseudonym …) so that anonymized text — 王某,
张某某, A公司, XX小区, 第23条第3款, 15日, 〔2024〕第0123号, 2023年3月15日 — stays quiet.
Reviewed false positives go on the allow-list in data/privacy.yml (text or pattern plus a
reason); real local names that must never appear go on its deny-list.
"""
from __future__ import annotations

import datetime
import fnmatch
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kb.findings import Finding
from kb.paths import display

# What the maintainer reads in every privacy finding of `kb check` / `kb build`.
ADVICE = ("请把它换成化名或占位写法（王某、张某某、A公司、XX小区、某县某镇，见 docs/reference/authoring.md 的化名规则），"
          "或者直接删掉；如果确认不是个人信息，在 data/privacy.yml 的 allow 里加一条（写 text 或 pattern，并写明 reason）。")

FORMATS = {".md": "md", ".markdown": "md", ".yml": "yaml", ".yaml": "yaml",
           ".html": "html", ".htm": "html", ".json": "json"}
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache"}
LIST_FILE = "privacy.yml"  # its deny entries are the names themselves: not reported there


# ----------------------------------------------------------------------------- helpers

CJK = "\u4e00-\u9fff"
NUM = r"(?:\d{1,5}|[一二三四五六七八九十百零〇两]{1,4})"
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "A-HJ-NP-Z"  # plates never use I or O
ID_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
PLACEHOLDER = re.compile(r"[某XxＸ×*＊○〇□]")
# Common surnames. Left out on purpose: characters that are mostly function words in this kind of
# text (于 向 和 及 应 经 时 全 任 明 来 都 但 由 平 国 相 初 门 云 信 包 …) — they caused false alarms.
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏"
            "魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷黎史龙陶贺顾毛郝龚"
            "邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹欧耿兰焦俞左柳甘"
            "祝宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶牟艾"
            "尤阳穆农司卓古吉缪简项芦麦褚娄窦戚岑景党宫费卜晏席卫米柏宗瞿桂佟臧闵苟邬卞姬栾隋刁"
            "荣巫寇桑郎甄丛仲虞敖巩佘迟邝匡鞠荆冀郁胥储栗燕楚鄢谌奚粟冼蔺")
# Characters that do not occur in a given name here: pseudonym marks and function words.
NOT_GIVEN = set("某甲乙丙丁戊己庚辛XxＸ×*○〇的了是在和与及等或为对向于把被将从到也都就还又已不没请要会能"
                "可应该所这那其之此各每本些个们但并且即如若让给由经按依据称说次")
TITLE_WORDS = ("先生", "女士", "老师", "师傅", "大爷", "大妈", "大娘", "阿姨", "同志", "老人", "老汉", "夫妇", "一家")
# Words that start with a surname character but are not names (jieba's dictionary catches most others).
NOT_NAMES = {"陈述", "高度", "方法", "方面", "方式", "方案", "周期", "周末", "周边", "马上", "常见", "常住", "何时",
             "关于", "包括", "文件", "文书", "白天", "成员", "金额", "安排", "安全", "余额", "司法", "叶片", "江河",
             "黄金", "程序", "程度", "宁可", "尚未", "毛病", "温度", "康复", "华侨", "邵阳", "卫生", "党员", "党委",
             "宗族", "席位", "管理", "管辖", "段落", "项目", "简单", "简易", "曲折", "古代", "吉祥", "燕子", "钱款",
             "严重", "严格", "武装", "牛羊", "易地", "齐全", "宫殿", "费用", "米面", "柏油", "景区", "秦岭", "范围",
             "万元", "石头", "龙头", "雷同", "苏醒", "史料", "孔洞", "季度", "盛行", "谷物", "林地", "田地", "余下",
             "孙子", "孙女", "孙辈", "曾孙", "曾祖", "姜汤", "房屋", "房产", "房租"}


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        born = datetime.date(y, m, d)
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= born <= datetime.date.today()


def _id18_ok(raw: str) -> bool:
    s = re.sub(r"\s", "", raw).upper()
    if len(s) != 18 or int(s[:2]) not in ID_PROVINCES:
        return False
    if not _valid_date(int(s[6:10]), int(s[10:12]), int(s[12:14])):
        return False
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(c) * w for c, w in zip(s[:17], weights)) % 11] == s[17]


def _id15_ok(raw: str) -> bool:
    return int(raw[:2]) in ID_PROVINCES and _valid_date(1900 + int(raw[6:8]), int(raw[8:10]), int(raw[10:12]))


def _luhn_ok(raw: str) -> bool:
    s = _digits(raw)
    if not 16 <= len(s) <= 19:
        return False
    total = 0
    for i, c in enumerate(reversed(s)):
        n = int(c) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _plate_ok(m: re.Match, line: str) -> bool:
    rest = m.group("rest")
    if len(rest) == 5:
        return sum(c.isdigit() for c in rest) >= 3 or bool(re.fullmatch(r"[A-Z0-9]{4}[挂学警港澳]", rest))
    return bool(re.fullmatch(r"[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF]", rest))  # new-energy plates


def _email_ok(m: re.Match, line: str) -> bool:
    local, domain = m.group("local"), m.group("domain").lower()
    if domain.rsplit(".", 1)[-1] in {"png", "jpg", "jpeg", "gif", "svg", "webp", "js", "css", "md", "html"}:
        return False  # image@2x.png and friends
    if re.search(r"(^|\.)example\.(com|org|net)$|\.example$|\.invalid$|\.test$", domain):
        return False  # reserved example domains are placeholders by definition
    return not re.fullmatch(r"[xX*]+", local)


def _road_ok(m: re.Match, line: str) -> bool:
    before = line[max(0, m.start() - 4):m.start("road")]
    if not before or PLACEHOLDER.search(before) or not re.search(f"[{CJK}]$", before):
        return False  # XX路12号, 某某路12号, A路3号 are placeholders
    if m.group("road") == "道" and before[-1] in "渠知通轨频报赛车跑管隧街水航河栈行步味难顺":
        return False
    return True


_COMPONENT = re.compile(rf"({NUM}|\d{{1,3}}(?:-\d{{1,4}}){{1,2}})\s*(栋|幢|号楼|座|号院|单元|层|楼|室|号房|组|号)")
_ESTATE = re.compile(rf"([{CJK}]{{2}})(小区|花园|苑|公寓|大厦|家园|新村|村|社区|大楼|广场)\s*$")


def _chain_ok(m: re.Match, line: str) -> bool:
    kinds = set()
    for c in _COMPONENT.finditer(m.group(0)):
        unit = c.group(2)
        if "-" in c.group(1) and unit in ("室", "号房"):
            return True  # 3-2-501室
        kinds.add({"栋": "b", "幢": "b", "号楼": "b", "座": "b", "号院": "b", "单元": "u", "层": "f", "楼": "f",
                   "室": "r", "号房": "r", "号": "h", "组": "g"}[unit])
    if ("b" in kinds and kinds & {"u", "r", "h"}) or ("u" in kinds and kinds & {"r", "h"}) or {"g", "h"} <= kinds:
        return True
    estate = _ESTATE.search(line[:m.start()])
    return bool(estate and kinds & {"b", "u", "r", "h", "g"}
                and not re.search(r"[某该本此这那各全同每一]", estate.group(1)))


def _wechat_ok(m: re.Match, line: str) -> bool:
    wid = m.group("hit")
    if re.fullmatch(r"[xX*]+", wid):
        return False
    return bool(m.group("colon")) or bool(re.search(r"[\d_-]", wid))  # 微信：zhangwei / 微信zhang_88


# ----------------------------------------------------------------------------- names

@lru_cache(maxsize=1)
def _dictionary() -> dict[str, tuple[str, int]]:
    """jieba's dictionary, words of 2–3 characters: word -> (part-of-speech tag, frequency).
    Read as a file (importing jieba is slow and noisy); empty if jieba is not installed."""
    import importlib.util
    spec = importlib.util.find_spec("jieba")
    words: dict[str, tuple[str, int]] = {}
    if not spec or not spec.submodule_search_locations:
        return words
    path = Path(list(spec.submodule_search_locations)[0]) / "dict.txt"
    if not path.exists():
        return words
    with path.open(encoding="utf-8") as fh:
        for row in fh:
            parts = row.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= 3:
                words[parts[0]] = (parts[2], int(parts[1]))
    return words


def _is_word(w: str) -> bool:
    """A dictionary word, not a private person's name: 高度, 方法, 周期, 马上 … jieba also tags many
    ordinary words as names (孙子, 杨柳, 林木, 陈述); frequent ones are words or public figures."""
    if w in NOT_NAMES:
        return True
    tag, freq = _dictionary().get(w, ("", 0))
    return freq >= (100 if tag.startswith("nr") else 20)  # rare entries (唐国, 桂兰) are often names


GRAMMAR_TAGS = {"c", "d", "p", "r", "u", "m", "q", "f", "y", "e", "o", "ad"}  # 因此, 已经, 多次 …


def _grammar_word(w: str) -> bool:
    """A conjunction, adverb, numeral … or a frequent verb: never the given name after a surname."""
    tag, freq = _dictionary().get(w, ("", 0))
    return tag in GRAMMAR_TAGS or (tag == "v" and freq >= 500)


def _name_ok(name: str, line: str, end: int) -> bool:
    given = name[1:]
    if any(c in NOT_GIVEN for c in given) or given in TITLE_WORDS or name[:2] in TITLE_WORDS:
        return False
    if _is_word(name) or _is_word(name[:2]):
        return False
    return not re.match(r"\s*\(化名\)|\s*\(假名\)|\s*某", line[end:])


_SURNAME = f"[{SURNAMES}]"
NAME_CONTEXT = ("信访人|来访人|来信人|上访人|投诉人|举报人|反映人|申请人|当事人|代理人|委托人|联系人|(?<!用)户主"
                "|监护人|被反映人|第三人|经办人|承办人|受理人|记录人|签收人|送达人"
                # not inside a longer word: 行业主管, 企业主, 乡村民宿, 员工人数, 养老人员, 国家属于
                "|(?<!乡)村民|居民|(?<![行物企农专产商])业主|职工|员工|农民工|(?<![员职])工人|(?<!养)老人|群众"
                "|患者|死者|伤者|(?<!国)家属|妻子|丈夫|儿子|女儿|父亲|母亲|姓名|签名")
NAME_END = (r"(?=[,.;:!?、。\s)\]】」』\"“”‘’(]|$|反映|称|说|诉|等|于|在|因|向|的|与|和|及|跟|同|是|系|现年|今年"
            r"|已|也|又|均|仍|未|被|将|对|从|代|为|到|来|去|找|带|亲|独|自"
            r"|要求|提出|多次|再次|本人|一家|夫妇|家属|签|表示|认为|来访|来信|来电|先生|女士|老人|同志)")
_NAME_BEFORE = re.compile(  # 信访人张某某 is fine, 信访人张建国 / 姓名：张建国 / | 信访人 | 张建国 | are not
    rf"(?:{NAME_CONTEXT})(?:\s*\|\s*|:|为|是|叫)?\s*(?P<name>{_SURNAME}[{CJK}]{{1,2}}?){NAME_END}")
_NAME_AFTER = re.compile(  # 张建国先生, 王秀英老人, 张建国（信访人）, 刘洋（男，45岁）
    rf"(?P<name>{_SURNAME}[{CJK}]{{1,2}})(?:{'|'.join(TITLE_WORDS)}|\s*\(\s*(?:{NAME_CONTEXT}|(?:男|女)(?![{CJK}])))")
_NAME_BEFORE_3 = re.compile(  # 来访人赵德胜情绪激动: three characters right after the context, no boundary needed
    rf"(?:{NAME_CONTEXT})(?:\s*\|\s*|:|为|是|叫)?\s*(?P<name>{_SURNAME}[{CJK}]{{2}})")
_NAME_NEXT = re.compile(rf"\s*[、,和与及]\s*(?P<name>{_SURNAME}[{CJK}]{{1,2}}?){NAME_END}")


def _find_names(line: str) -> Iterator[tuple[int, int]]:
    for regex in (_NAME_BEFORE, _NAME_AFTER, _NAME_BEFORE_3):
        for m in regex.finditer(line):
            start, end = m.span("name")
            if not _name_ok(m.group("name"), line, end):
                continue
            if regex is _NAME_BEFORE_3 and _grammar_word(m.group("name")[1:]):
                continue  # 信访人曾因此…: 因此 is no given name
            if regex is _NAME_AFTER and start and _is_word(line[start - 1:start + 1]):
                continue  # 分管领导同志: 管 belongs to 分管, it is no surname here
            yield start, end
            while regex is _NAME_BEFORE and (nxt := _NAME_NEXT.match(line, end)):  # 村民张三、李四
                if not _name_ok(nxt.group("name"), line, nxt.end("name")):
                    break
                start, end = nxt.span("name")
                yield start, end


# ----------------------------------------------------------------------------- the rule table

@dataclass(frozen=True)
class Rule:
    kind: str                 # slug shown by `kb privacy`
    label: str                # what it is, in words staff use
    pattern: re.Pattern | None
    check: Callable[[re.Match, str], bool] | None = None   # extra test on the match (checksum …)
    group: str = "hit"        # the part of the match that is personal data (masked, reported)
    find: Callable[[str], Iterable[tuple[int, int]]] | None = None  # custom finder instead of pattern


def _p(regex: str) -> re.Pattern:
    return re.compile(regex)


BIRTH_DATE = (r"(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"
              r"|(?:19|20)\d{2}[-./]\d{1,2}(?:[-./]\d{1,2})?"
              r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)"
              r"|[零〇一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}[日号])?)")
BIRTH_WORD = r"(?:出生于|出生日期|出生年月日?|出生时间|(?<![发产诞派衍滋催])生于|(?<![发产])生日(?!期)|出生)"

# Order matters: an earlier rule claims its text, later rules skip anything overlapping it.
RULES: tuple[Rule, ...] = (
    Rule("id-card", "身份证号（18位）", _p(
        r"(?<![0-9A-Za-z])(?P<hit>[1-9]\d{5}\s?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?\d{3}[\dXx])"
        r"(?![0-9A-Za-z])"), lambda m, line: _id18_ok(m.group("hit"))),
    Rule("id-card", "身份证号（15位旧号）", _p(
        r"(?<![0-9A-Za-z])(?P<hit>[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?![0-9A-Za-z])"),
        lambda m, line: _id15_ok(m.group("hit"))),
    Rule("passport", "护照号", _p(
        r"(?:护照|[Pp]assport)[^\n\d]{0,10}?(?P<hit>[EGPDS]\d{8}|E[A-HJ-NP-Z]\d{7})(?![0-9A-Za-z])")),
    Rule("bank-card", "银行卡号", _p(
        r"(?<![0-9A-Za-z])(?P<hit>[3-69]\d{3}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9A-Za-z])"),
        lambda m, line: _luhn_ok(m.group("hit"))),
    Rule("mobile", "手机号", _p(
        r"(?<![0-9A-Za-z])(?P<hit>(?:(?:\+|00)\s?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2})(?!\d)")),
    Rule("landline", "固定电话", _p(
        r"(?<![0-9A-Za-z])(?P<hit>(?:\(0\d{2,3}\)|0\d{2,3}-)\s?[2-9]\d{2,3}[ -]?\d{4}(?:-\d{1,5})?)(?!\d)")),
    Rule("email", "电子邮箱", _p(
        r"(?<![A-Za-z0-9._%+-])(?P<hit>(?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@"
        r"(?P<domain>[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}))"
        r"(?![A-Za-z0-9-])"), _email_ok),
    Rule("qq", "QQ号", _p(
        r"(?<![A-Za-z])(?:QQ|qq|Qq|扣扣)\s*(?:号码|号)?\s*:?\s*(?P<hit>[1-9]\d{4,10})(?!\d)")),
    Rule("wechat", "微信号", _p(
        r"(?<![A-Za-z])(?:微信|WeChat|Wechat|wechat|weixin|wx|WX|vx|VX)\s*(?:号|ID|id)?\s*(?P<colon>:)?\s*"
        r"(?!(?i:wechat|weixin|official|account|number)(?![A-Za-z0-9_-]))"  # 微信 WeChat is no id
        r"(?P<hit>[A-Za-z][A-Za-z0-9_-]{5,19})(?![A-Za-z0-9_-])"), _wechat_ok),
    Rule("wechat", "微信号", _p(r"(?<![A-Za-z0-9])(?P<hit>wxid_[a-z0-9]{6,})(?![A-Za-z0-9_-])")),
    Rule("plate", "车牌号", _p(
        rf"(?P<hit>[{PROVINCES}](?P<letter>[{PLATE_LETTERS}])[·•・\s]?(?P<rest>[{PLATE_LETTERS}0-9]{{6}}|"
        rf"[{PLATE_LETTERS}0-9]{{5}}|[{PLATE_LETTERS}0-9]{{4}}[挂学警港澳]))(?![A-Za-z0-9])"), _plate_ok),
    Rule("birth-date", "出生日期", _p(rf"{BIRTH_WORD}\s*(?::|为|是|在)?\s*(?P<hit>{BIRTH_DATE})")),
    Rule("birth-date", "出生日期", _p(
        rf"(?P<hit>{BIRTH_DATE})\s*(?:出生|生人|生(?=[,.;、。\s)]|$))")),
    Rule("address", "详细住址（门牌号）", _p(
        rf"(?P<road>路|街|巷|大道|胡同|弄|道)\s*(?P<hit>{NUM}(?:-\d{{1,4}})?\s*号)(?![线文令码])"), _road_ok),
    Rule("address", "详细住址（楼栋/单元/房号）", _p(
        rf"(?P<hit>(?:(?:{NUM}|\d{{1,3}}(?:-\d{{1,4}}){{1,2}})\s*(?:栋|幢|号楼|座|号院|单元|层|楼|室|号房|组|号)[\s-]*)+)"),
        _chain_ok),
    Rule("name", "姓名", None, find=_find_names),
)

KINDS = {"id-card": "身份证号", "passport": "护照号", "bank-card": "银行卡号", "mobile": "手机号",
         "landline": "固定电话", "email": "电子邮箱", "qq": "QQ号", "wechat": "微信号", "plate": "车牌号",
         "birth-date": "出生日期", "address": "详细住址", "name": "姓名", "deny-list": "禁用名称"}


# ----------------------------------------------------------------------------- lists

@dataclass(frozen=True)
class ListEntry:
    """One deny-list or allow-list entry from data/privacy.yml."""
    text: str = ""
    pattern: str = ""
    reason: str = ""
    path: str = ""

    def spans(self, line: str) -> Iterator[tuple[int, int]]:
        if self.pattern:
            for m in re.finditer(self.pattern, line):
                if m.end() > m.start():
                    yield m.span()
        elif self.text:
            needle, start = normalize(self.text), 0
            while needle and (i := line.find(needle, start)) >= 0:
                yield i, i + len(needle)
                start = i + 1

    def applies_to(self, paths: Iterable[str]) -> bool:
        return not self.path or any(fnmatch.fnmatch(p, self.path) or p == self.path for p in paths)


@dataclass(frozen=True)
class Lists:
    deny: tuple[ListEntry, ...] = ()
    allow: tuple[ListEntry, ...] = ()


NO_LISTS = Lists()


def lists_from_raw(raw: dict) -> Lists:
    """Typed lists from the validated content of data/privacy.yml (used by the data layer)."""
    def entries(items):
        return tuple(ListEntry(text=e.get("text", ""), pattern=e.get("pattern", ""),
                               reason=e.get("reason", ""), path=e.get("path", "")) for e in items or ())
    return Lists(entries(raw.get("deny")), entries(raw.get("allow")))


def load_lists() -> tuple[Lists, list[Finding]]:
    """The lists from data/privacy.yml through the data layer; if data/ does not load, no lists
    (every pattern still runs) plus the problems, so `kb privacy` keeps working on broken data."""
    from kb.data import load_data
    from kb.findings import FindingsError
    try:
        return load_data().privacy, []
    except FindingsError as err:
        return NO_LISTS, err.findings


# ----------------------------------------------------------------------------- one line

@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    start: int
    end: int
    text: str


def normalize(text: str) -> str:
    """Same text as a reader sees it: full-width forms folded (NFKC), zero-width spaces gone
    (the search index puts U+200B between words)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\u200b-\u200d\u2060\ufeff\u00ad]", "", text)


def find_hits(line: str, lists: Lists = NO_LISTS, paths: Iterable[str] = (), deny: bool = True) -> list[Hit]:
    """Personal data in one normalized line. `paths` are the file names an allow entry may name."""
    taken: list[Hit] = []

    def free(s: int, e: int) -> bool:
        return all(e <= h.start or s >= h.end for h in taken)

    for rule in RULES:
        if rule.find:
            spans = list(rule.find(line))
        else:
            spans = []
            for m in rule.pattern.finditer(line):
                if rule.check and not rule.check(m, line):
                    continue
                spans.append(m.span(rule.group))
        for s, e in spans:
            if free(s, e):
                taken.append(Hit(rule.kind, rule.label, s, e, line[s:e]))
    if deny:
        for entry in lists.deny:
            for s, e in entry.spans(line):
                if free(s, e):
                    taken.append(Hit("deny-list", "禁用名称（data/privacy.yml 的 deny 名单）", s, e, line[s:e]))
    paths = list(paths)
    allowed = [span for entry in lists.allow if entry.applies_to(paths) for span in entry.spans(line)]
    return sorted((h for h in taken if not any(a <= h.start and h.end <= b for a, b in allowed)),
                  key=lambda h: h.start)


def mask(hit: Hit) -> str:
    """The personal data itself hidden, enough left to find it: 110***********1234, 张**, z***@qq.com."""
    t = hit.text
    if hit.kind == "email":
        local, _, domain = t.partition("@")
        return f"{local[0]}***@{domain}"
    if hit.kind == "name":
        return t[0] + "*" * (len(t) - 1)
    if hit.kind in ("deny-list", "wechat"):
        keep = 1 if hit.kind == "deny-list" else 2
        return t[:keep] + "*" * (len(t) - keep)
    if hit.kind in ("address", "birth-date"):
        out, seen = [], 0
        for c in t:  # keep the year's century (19**年) and the words, hide the numbers
            if c.isdigit() or c in "零〇一二三四五六七八九十百两":
                out.append(c if hit.kind == "birth-date" and seen < 2 else "*")
                seen += 1
            else:
                out.append(c)
        return "".join(out)
    if hit.kind in ("mobile", "landline"):
        digits = [i for i, c in enumerate(t) if c.isdigit()]
        if hit.kind == "mobile":  # the 11-digit number itself, whatever the +86/0086 prefix
            hide = set(digits[-8:-4])
        else:  # keep the area code and the last 4 digits
            area = len(re.match(r"\(?\d+", t).group(0).lstrip("("))
            hide = set(digits[area:-4])
        return "".join("*" if i in hide else c for i, c in enumerate(t))
    if hit.kind == "plate":
        return t[:2] + re.sub(r"[A-Z0-9]", "*", t[2:-1]) + t[-1]
    positions = [i for i, c in enumerate(t) if c.isalnum()]
    n = len(positions)
    head, tail = (3, 4) if n >= 10 else (2, 2) if n >= 6 else (1, 0)
    hide = set(positions[head:n - tail])
    return "".join("*" if i in hide else c for i, c in enumerate(t))


def excerpt(line: str, hits: list[Hit], hit: Hit, width: int = 12) -> str:
    """The hit in context with every hit on the line masked."""
    out, pos, at = [], 0, 0
    for h in hits:
        out.append(line[pos:h.start])
        if h is hit:
            at = sum(len(x) for x in out)
        out.append(mask(h))
        pos = h.end
    out.append(line[pos:])
    masked = "".join(out)
    length = len(mask(hit))
    start, end = max(0, at - width), min(len(masked), at + length + width)
    text = re.sub(r"\s+", " ", masked[start:end]).strip()
    return ("…" if start > 0 else "") + text + ("…" if end < len(masked) else "")


# ----------------------------------------------------------------------------- whole texts

class _HTMLText(HTMLParser):
    """Visible text of an HTML document by line number; tags dropped, entities decoded."""
    INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
              "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
    ATTRS = {"title", "alt", "content", "aria-label", "placeholder", "value", "data-title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: dict[int, list[str]] = {}
        self.skip = 0

    def _add(self, line: int, text: str) -> None:
        self.lines.setdefault(line, []).append(text)

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag == "style":
            self.skip += 1
        if tag not in self.INLINE:
            self._add(line, " ")
        for key, value in attrs:
            if value and (key in self.ATTRS or (key == "href" and value.startswith(("mailto:", "tel:")))):
                self._add(line, f" {value.removeprefix('mailto:').removeprefix('tel:')} ")

    def handle_endtag(self, tag):
        if tag == "style" and self.skip:
            self.skip -= 1
        if tag not in self.INLINE:
            self._add(self.getpos()[0], " ")

    def handle_data(self, data):
        if self.skip:
            return
        line = self.getpos()[0]
        for i, part in enumerate(data.split("\n")):
            self._add(line + i, part)

    def handle_comment(self, data):  # invisible on the page, but shipped to every browser
        line = self.getpos()[0]
        for i, part in enumerate(data.split("\n")):
            self._add(line + i, f" {part} ")


def html_lines(text: str) -> Iterator[tuple[int, str]]:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    for number in sorted(parser.lines):
        yield number, "".join(parser.lines[number])


def _html_fragment(text: str) -> str:
    return " ".join(part for _, part in html_lines(text)) if "<" in text else text


_JSON_STRING = re.compile(r'(?P<literal>"(?:[^"\\\n]|\\.)*")(?P<colon>\s*:)?')
_MD_EMPHASIS = re.compile(r"\*\*|__|~~|`")
_MD_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")


def text_lines(text: str, fmt: str) -> Iterator[tuple[int, str, str]]:
    """(line number, plain text, where) for each piece of a file worth scanning.
    `where` names the page inside a search index (its "location")."""
    if fmt == "html":
        for number, line in html_lines(text):
            yield number, line, ""
        return
    location = ""
    for number, raw in enumerate(text.splitlines(), 1):
        if fmt == "md":
            plain = _MD_EMPHASIS.sub("", raw)  # 信访人**张建国** reads as 信访人张建国
            yield number, plain, ""
            if "<" in plain:  # 信访人<span>张建国</span>; attribute values were scanned in `plain`
                yield number, _MD_TAG.sub("", plain), ""
        elif fmt == "json":
            key = ""
            yield number, _JSON_STRING.sub(" ", raw), ""  # numbers: {"phone": 13957126843}
            for m in _JSON_STRING.finditer(raw):
                try:
                    value = json.loads(m.group("literal"))
                except ValueError:
                    continue
                if not isinstance(value, str):
                    continue
                if m.group("colon"):  # a key, not a value
                    key = value
                    continue
                if key == "location":
                    location = value
                yield number, _html_fragment(value), location
                key = ""
        else:
            yield number, raw, ""


@dataclass(frozen=True)
class Report:
    """One finding of the scanner, before it is worded for `kb privacy` or for a build."""
    path: str
    line: int
    kind: str
    label: str
    excerpt: str
    where: str = ""

    def finding(self) -> Finding:
        """As `kb privacy` prints it: path:line: kind: masked excerpt."""
        suffix = f"（页面 {self.where}）" if self.where else ""
        return Finding(self.path, self.line, self.kind, self.excerpt + suffix)


def scan_text(text: str, fmt: str, shown: str = "", lists: Lists = NO_LISTS,
              aliases: Iterable[str] = (), deny: bool = True) -> list[Report]:
    """Scan a whole file's text. shown: the path in reports; aliases: other names an allow entry
    may use for this file (the source page of a built HTML page)."""
    base_paths = [shown, *aliases]
    found, by_line = [], {}
    for number, raw, where in text_lines(text, fmt):
        line = normalize(raw)
        if line.strip():
            hits = find_hits(line, lists, base_paths + (sources_of(where) if where else []), deny)
            found.append((number, line, where, hits))
            by_line.setdefault(number, []).extend(hits)
    reports, seen = [], set()
    for number, line, where, hits in found:
        for hit in hits:
            key = (number, hit.kind, hit.text)  # minified JSON: the same text once per line
            if key in seen:
                continue
            seen.add(key)
            shown_text = excerpt(line, hits, hit)
            for other in by_line[number]:  # found in another reading of the same line (tags kept/dropped)
                shown_text = shown_text.replace(other.text, mask(other))
            reports.append(Report(shown, number, hit.kind, hit.label, shown_text, where))
    return reports


def _page_of(location: str) -> str:
    """Site page of a search-index location or a site file: procedures/x.html#anchor -> procedures/x.html."""
    page = location.split("#", 1)[0] or "index.html"
    return page + "index.html" if page.endswith("/") else page


def _source_of_location(location: str) -> str:
    return "docs/" + re.sub(r"\.html$", ".md", _page_of(location))


def sources_of(location: str) -> list[str]:
    """Repository files a built page may come from: its Markdown page, or a playbook record
    (playbook pages are generated from data/playbooks/<id>.yml)."""
    page = _page_of(location)
    out = [_source_of_location(page)]
    if page.startswith("playbooks/") and page.count("/") == 1 and not page.endswith("index.html"):
        out.append("data/playbooks/" + re.sub(r"\.html$", ".yml", page.split("/", 1)[1]))
    return out


def file_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to scan under the given files/folders (folders: only Markdown, YAML, HTML, JSON)."""
    for path in paths:
        path = Path(path)
        if path.is_file():
            yield path
            continue
        for child in sorted(path.rglob("*")):
            if child.is_file() and file_format(child) and not SKIP_DIRS & set(child.relative_to(path).parts[:-1]):
                yield child


def scan_file(path: Path, shown: str, lists: Lists = NO_LISTS, aliases: Iterable[str] = ()) -> list[Report]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return []  # not text
    deny = Path(path).name != LIST_FILE
    return scan_text(text, file_format(Path(path)) or "text", shown, lists, aliases, deny)


def scan_paths(paths: Iterable[Path], lists: Lists = NO_LISTS,
               show: Callable[[Path], str] = str) -> list[Report]:
    reports = []
    for path in paths:
        if Path(path).is_dir() and (Path(path) / "search" / "search_index.json").exists():
            reports += scan_site(Path(path), lists, show)  # a built site: allow entries may name source pages
            continue
        for file in iter_files([path]):
            reports += scan_file(file, show(file), lists)
    return reports


def site_files(site_dir: Path) -> Iterator[Path]:
    """Everything in a built site that staff or search can read: every page and the JSON files
    (search/search_index.json, tags.json). Theme assets are not ours and are skipped."""
    for path in sorted(Path(site_dir).rglob("*")):
        rel = path.relative_to(site_dir)
        if path.is_file() and path.suffix in (".html", ".json") and rel.parts[0] != "assets":
            yield path


def _site_files_rel(site_dir: Path) -> Iterator[tuple[Path, str]]:
    for file in site_files(site_dir):
        yield file, file.relative_to(site_dir).as_posix()


def _site_aliases(rel: str) -> list[str]:
    """Names an allow entry may use for a built file: its path in the site and its source files."""
    return [rel, *sources_of(rel)] if rel.endswith(".html") else [rel]


def scan_site(site_dir: Path, lists: Lists = NO_LISTS, show: Callable[[Path], str] = str) -> list[Report]:
    return [report for file, rel in _site_files_rel(site_dir)
            for report in scan_file(file, show(file), lists, _site_aliases(rel))]


# ----------------------------------------------------------------------------- worded for builds

def source_finding(report: Report) -> Finding:
    """A finding in docs/ or data/, worded for `kb check` and the MkDocs build."""
    return Finding(report.path, report.line, "privacy",
                   f"疑似{report.label}：{report.excerpt}。{ADVICE}")


def check_sources(folders: Iterable[Path], lists: Lists = NO_LISTS) -> list[Finding]:
    """Every Markdown/YAML/HTML/JSON file under the folders (docs/, data/), worded for builds."""
    return [source_finding(r) for r in scan_paths(folders, lists, show=display)]


def site_finding(report: Report, site_rel: str, root: Path) -> Finding:
    """A finding in the built site: where inside the site, and which source file to fix."""
    page = report.where or (site_rel if site_rel.endswith(".html") else "")
    where = f"（页面 {report.where}）" if report.where else ""
    hint = ""
    if page:
        existing = [s for s in sources_of(page) if (Path(root) / s).exists()]
        hint = (f"，请改源文件 {' 或 '.join(existing)}" if existing
                else "，这一页由宏或 data/ 里的数据生成，请在 data/ 里找这段文字")
    return Finding(report.path, report.line, "privacy",
                   f"构建出的网站里 {site_rel} 第{report.line}行{where}有疑似{report.label}：{report.excerpt}{hint}。"
                   f"个人信息不能进入页面和搜索索引。{ADVICE}")


def check_site(site_dir: Path, lists: Lists, root: Path, shown_dir: Path | None = None) -> list[Finding]:
    """Every page and JSON file of a built site (search index included), worded for `kb build`.
    shown_dir: where the site will end up, when it is scanned in a staging folder first."""
    site_dir = Path(site_dir)
    shown_dir = Path(shown_dir or site_dir)
    return [site_finding(report, rel, root)
            for file, rel in _site_files_rel(site_dir)
            for report in scan_file(file, display(shown_dir / rel), lists, _site_aliases(rel))]
