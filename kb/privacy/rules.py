"""The rule table of the privacy guard: one pattern per kind of personal data, each with the
extra test a match must pass (ID checksum and date, Luhn, plate shape, not a pseudonym …), so
that anonymized text — 王某, A公司, XX小区, 第23条第3款, 15日, 2023年3月15日 — stays quiet."""
from __future__ import annotations

import re
import datetime
from dataclasses import dataclass
from typing import Callable, Iterable

from kb.privacy.names import CJK, find_names

# ----------------------------------------------------------------------------- helpers

NUM = r"(?:\d{1,5}|[一二三四五六七八九十百零〇两]{1,4})"
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "A-HJ-NP-Z"  # plates never use I or O
ID_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
PLACEHOLDER = re.compile(r"[某XxＸ×*＊○〇□]")
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
    Rule("name", "姓名", None, find=find_names),
)

KINDS = {"id-card": "身份证号", "passport": "护照号", "bank-card": "银行卡号", "mobile": "手机号",
         "landline": "固定电话", "email": "电子邮箱", "qq": "QQ号", "wechat": "微信号", "plate": "车牌号",
         "birth-date": "出生日期", "address": "详细住址", "name": "姓名", "deny-list": "禁用名称"}


