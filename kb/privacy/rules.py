"""The rule table of the privacy guard: one pattern per kind of personal data, each with the
extra test a match must pass (ID checksum and date, Luhn, plate shape, not a pseudonym …), so
that anonymized text — 王某, A公司, XX小区, 第23条第3款, 15日, 2023年3月15日 — stays quiet."""
from __future__ import annotations

import re
import datetime
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from kb.privacy.names import CJK, NAME_CONTEXT, TITLE_WORDS, find_bare_names, find_names

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
    rest = m.group("rest").upper()
    if re.search("[IO]", rest):
        return False
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
    if ("b" in kinds and kinds & {"r", "h"}) or ("u" in kinds and kinds & {"r", "h"}) or {"g", "h"} <= kinds:
        return True
    lived = re.search(r"(?:住|住在|住址|地址|居住|现住|家在)\s*$", line[max(0, m.start() - 4):m.start()])
    if "b" in kinds and "u" in kinds and lived:
        return True  # 住5号楼3单元; a building entrance alone (3号楼2单元的楼道灯) is nobody's home
    estate = _ESTATE.search(line[:m.start()])
    return bool(estate and kinds & {"b", "u", "r", "h"}
                and not re.search(r"[某该本此这那各全同每一]", estate.group(1)))


ENGLISH_WORDS = {"wechat", "weixin", "official", "account", "number", "group", "groups", "public", "channel",
                 "mobile", "online", "service", "program", "miniprogram", "payment", "scanner", "contact", "friends"}


def _wechat_ok(m: re.Match, line: str) -> bool:
    wid = m.group("hit")
    if re.fullmatch(r"[xX*]+", wid) or wid.lower() in ENGLISH_WORDS:
        return False
    # 微信：zhangwei / 微信zhang_88 / 微信号 wangxiuying (letters only: an id of six or more letters)
    return bool(m.group("colon")) or bool(re.search(r"[\d_-]", wid)) or len(wid) >= 6

# ----------------------------------------------------------------------------- numbers in any writing

# Digits as people write them to get past a filter: Chinese numerals (幺 for 1, 两 for 2, the
# financial forms), full-width forms (already folded), and any grouping (138.1234.5678, 1 3 8 …).
CN_DIGITS = {**{c: "0" for c in "零〇洞"}, **{c: "1" for c in "一壹幺"}, **{c: "2" for c in "二贰两"},
             **{c: "3" for c in "三叁"}, **{c: "4" for c in "四肆"}, **{c: "5" for c in "五伍"},
             **{c: "6" for c in "六陆"}, **{c: "7" for c in "七柒拐"}, **{c: "8" for c in "八捌"},
             **{c: "9" for c in "九玖勾"}}
_DIGIT = "0-9" + "".join(CN_DIGITS)
_SEP = r"[ .\-·•_/,、]"
_DIGIT_RUN = re.compile(rf"(?<![{_DIGIT}A-Za-z])[{_DIGIT}](?:{_SEP}{{0,2}}[{_DIGIT}Xx])+")
MONEY_AFTER = re.compile(r"\s*(?:\.\d+)?\s*(?:元|万|亿|块|角|分钱|美元|人民币|平方|吨|公斤|千克|米|亩|人次|件|次)")
MONEY_BEFORE = re.compile(r"(?:款|金额|资金|费|价|税|额|合计|共计|￥|¥|RMB|收入|支出|预算|投资)\s*$")


_RUNS: list = [None, ()]  # the line last asked about and its runs (two rules read the same line)


def _digit_runs(line: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, digits) of every run of digits, Chinese numerals and separators."""
    if _RUNS[0] == line:
        return _RUNS[1]
    runs = []
    for m in _DIGIT_RUN.finditer(line):
        raw = m.group(0).rstrip(" .-·•_/,、")
        digits = "".join(CN_DIGITS.get(c, c) for c in raw if c in CN_DIGITS or c.isdigit() or c in "Xx")
        runs.append((m.start(), m.start() + len(raw), digits.upper()))
    _RUNS[0], _RUNS[1] = line, tuple(runs)
    return _RUNS[1]


def _money(line: str, start: int, end: int) -> bool:
    return bool(MONEY_AFTER.match(line, end) or MONEY_BEFORE.search(line[max(0, start - 6):start]))


def find_mobiles(line: str) -> Iterator[tuple[int, int]]:
    """Mobile numbers in Chinese numerals or any grouping; not amounts of money (补偿款13812345678元)."""
    for start, end, digits in _digit_runs(line):
        raw = line[start:end]
        cn = sum(c in CN_DIGITS for c in raw)
        if digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        if len(digits) != 11 or not re.fullmatch(r"1[3-9]\d{9}", digits) or _money(line, start, end):
            continue
        if cn and cn < 9:
            continue  # a few numerals among digits is no disguised phone number
        yield start, end


def find_id_numbers(line: str) -> Iterator[tuple[int, int]]:
    """ID numbers written in groups (1101 0119 9003 0745 14, 4101-0219-…)."""
    for start, end, digits in _digit_runs(line):
        if not digits[:-1].isdigit():
            continue
        if len(digits) == 18 and _id18_ok(digits) or len(digits) == 15 and digits.isdigit() and _id15_ok(digits):
            yield start, end


# Spelled-out e-mail: zhangwei（at）163.com, liuyang[at]qq.com, wangxiu at 126 dot com, huangjj艾特qq.com.
_AT = r"(?:\s*[(\[{<【]\s*(?:at|AT|@)\s*[)\]}>】]\s*|\s+(?:at|AT)\s+|\s*(?:艾特|圈a|#|＃)\s*|\s+@\s+)"
_DOT = r"(?:\.|\s*[(\[]\s*(?:dot|DOT|点)\s*[)\]]\s*|\s+(?:dot|DOT)\s+|\s*点\s*)"
SPELLED_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+-])(?P<hit>(?P<local>[A-Za-z][A-Za-z0-9._%+-]{{1,63}}){_AT}"
    rf"(?P<domain>[A-Za-z0-9-]{{2,63}}(?:{_DOT}[A-Za-z0-9-]{{2,63}})*{_DOT}(?:com|cn|net|org|edu|gov|cc|top|vip)))"
    rf"(?![A-Za-z0-9-])")


# ----------------------------------------------------------------------------- the rule table

@dataclass(frozen=True)
class Rule:
    kind: str                 # slug shown by `kb privacy`
    label: str                # what it is, in words staff use
    pattern: re.Pattern | None
    check: Callable[[re.Match, str], bool] | None = None   # extra test on the match (checksum …)
    group: str = "hit"        # the part of the match that is personal data (masked, reported)
    find: Callable[[str], Iterable[tuple[int, int]]] | None = None  # custom finder instead of pattern
    # What a line must contain for the rule to find anything in it: every one of these regexes
    # finds something (each is a part of the pattern that every match has). Other lines are not
    # run through the rule at all. A test proves each gate on every labelled line.
    needs: tuple[re.Pattern, ...] = ()

    def may_match(self, line: str) -> bool:
        return all(gate.search(line) for gate in self.needs)


def _p(regex: str) -> re.Pattern:
    return re.compile(regex)


def _any(*words: str) -> re.Pattern:
    """A gate: one of these words is in the line."""
    return re.compile("|".join(map(re.escape, words)))


DIGIT = re.compile(r"\d")  # every pattern below with [0-9] or \d in each match
_CUE_WORDS = tuple(re.sub(r"\(\?<!?[^)]*\)", "", w) for w in NAME_CONTEXT.split("|"))


BIRTH_DATE = (r"(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"
              r"|(?:19|20)\d{2}[-./]\d{1,2}(?:[-./]\d{1,2})?"
              r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)"
              r"|[零〇一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}[日号])?)")
BIRTH_WORD = r"(?:出生于|出生日期|出生年月日?|出生时间|(?<![发产诞派衍滋催])生于|(?<![发产])生日(?!期)|出生)"

# Order matters: an earlier rule claims its text, later rules skip anything overlapping it.
RULES: tuple[Rule, ...] = (
    Rule("id-card", "身份证号（18位）", _p(
        r"(?<![0-9A-Za-z])(?P<hit>[1-9]\d{5}\s?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?\d{3}[\dXx])"
        r"(?![0-9A-Za-z])"), lambda m, line: _id18_ok(m.group("hit")), needs=(DIGIT,)),
    Rule("id-card", "身份证号（15位旧号）", _p(
        r"(?<![0-9A-Za-z])(?P<hit>[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?![0-9A-Za-z])"),
        lambda m, line: _id15_ok(m.group("hit")), needs=(DIGIT,)),
    Rule("passport", "护照号", _p(
        r"(?:护照|[Pp]assport)[^\n\d]{0,10}?(?P<hit>[EGPDS]\d{8}|E[A-HJ-NP-Z]\d{7})(?![0-9A-Za-z])"), needs=(_any("护照", "Passport", "passport"), DIGIT)),
    Rule("bank-card", "银行卡号", _p(
        r"(?<![0-9A-Za-z])(?P<hit>[3-69]\d{3}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9A-Za-z])"),
        lambda m, line: _luhn_ok(m.group("hit")), needs=(DIGIT,)),
    Rule("mobile", "手机号", _p(
        r"(?<![0-9A-Za-z])(?P<hit>(?:(?:\+|00)\s?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2})(?!\d)"),
        lambda m, line: not _money(line, m.start("hit"), m.end("hit")), needs=(DIGIT,)),
    Rule("mobile", "手机号（汉字数字或其他分组写法）", None, find=find_mobiles),
    Rule("id-card", "身份证号（分组写法）", None, find=find_id_numbers),
    Rule("landline", "固定电话", _p(
        r"(?<![0-9A-Za-z])(?P<hit>(?:\(0\d{2,3}\)|0\d{2,3}-)\s?[2-9]\d{2,3}[ -]?\d{4}(?:-\d{1,5})?)(?!\d)"), needs=(DIGIT,)),
    Rule("email", "电子邮箱", _p(
        r"(?<![A-Za-z0-9._%+-])(?P<hit>(?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@"
        r"(?P<domain>[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}))"
        r"(?![A-Za-z0-9-])"), _email_ok, needs=(_any("@"),)),
    Rule("email", "电子邮箱（拼写出来的 @ 或点）", SPELLED_EMAIL, _email_ok,
         needs=(_any("com", "cn", "net", "org", "edu", "gov", "cc", "top", "vip"),)),
    Rule("qq", "QQ号", _p(
        r"(?<![A-Za-z])(?:QQ|qq|Qq|扣扣)\s*(?:号码|号)?\s*:?\s*(?P<hit>[1-9]\d{4,10})(?!\d)"), needs=(_any("QQ", "qq", "Qq", "扣扣"), DIGIT)),
    Rule("wechat", "微信号", _p(
        r"(?<![A-Za-z])(?:微信|WeChat|Wechat|wechat|weixin|wx|WX|vx|VX)\s*(?:号码|号|ID|id|是)?\s*(?P<colon>:)?\s*"
        r"(?!(?i:wechat|weixin|official|account|number)(?![A-Za-z0-9_-]))"  # 微信 WeChat is no id
        r"(?P<hit>[A-Za-z][A-Za-z0-9_-]{5,19})(?![A-Za-z0-9_-])"), _wechat_ok,
         needs=(_any("微信", "WeChat", "Wechat", "wechat", "weixin", "wx", "WX", "vx", "VX"),)),
    Rule("wechat", "微信号", _p(r"(?<![A-Za-z0-9])(?P<hit>wxid_[a-z0-9]{6,})(?![A-Za-z0-9_-])"), needs=(_any("wxid_"),)),
    Rule("plate", "车牌号", _p(
        rf"(?P<hit>[{PROVINCES}](?P<letter>(?i:[{PLATE_LETTERS}]))[·•・\s]?(?P<rest>(?i:[{PLATE_LETTERS}0-9]){{6}}|"
        rf"(?i:[{PLATE_LETTERS}0-9]){{5}}|(?i:[{PLATE_LETTERS}0-9]){{4}}[挂学警港澳]))(?![A-Za-z0-9])"), _plate_ok),
    Rule("birth-date", "出生日期", _p(rf"{BIRTH_WORD}\s*(?::|为|是|在)?\s*(?P<hit>{BIRTH_DATE})"), needs=(_any("生"),)),
    Rule("birth-date", "出生日期", _p(
        rf"(?P<hit>{BIRTH_DATE})\s*(?:出生|生人|生(?=[,.;、。\s)]|$))"
        r"(?!的?(?:孩子|儿童|婴儿|新生儿|人口|人员|群体|公民|老人|子女|学生|人))"), needs=(_any("生"),)),  # 2019年12月出生的孩子: nobody in particular
    Rule("address", "详细住址（门牌号）", _p(
        rf"(?P<road>路|街|巷|大道|胡同|弄|道)\s*(?P<hit>{NUM}(?:-\d{{1,4}})?\s*号)(?![线文令码])"), _road_ok, needs=(_any("号"),)),
    Rule("address", "详细住址（楼栋/单元/房号）", _p(
        rf"(?P<hit>(?:(?:{NUM}|\d{{1,3}}(?:-\d{{1,4}}){{1,2}})\s*(?:栋|幢|号楼|座|号院|单元|层|楼|室|号房|组|号)[\s-]*)+)"),
        _chain_ok, needs=(_any(*"栋幢号座单层楼室组"),)),
    Rule("name", "姓名", None, find=find_names, needs=(_any(*_CUE_WORDS, *TITLE_WORDS, "("),)),
    Rule("name", "姓名", None, find=find_bare_names),  # no cue word: case material names people by role or 某
)

KINDS = {"id-card": "身份证号", "passport": "护照号", "bank-card": "银行卡号", "mobile": "手机号",
         "landline": "固定电话", "email": "电子邮箱", "qq": "QQ号", "wechat": "微信号", "plate": "车牌号",
         "birth-date": "出生日期", "address": "详细住址", "name": "姓名", "deny-list": "禁用名称"}


