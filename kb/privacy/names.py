"""Person names in Chinese text: a surname followed by a given name, where the context says it
is a person (信访人张建国, 张建国先生, 姓名：张建国) and the words are not dictionary words."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

CJK = "\u4e00-\u9fff"
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
    cache = _dictionary_cache(path)
    try:  # the words already picked out of this very dict.txt by an earlier run: a tenth of the time
        import marshal
        return marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    with path.open(encoding="utf-8") as fh:
        for row in fh:
            parts = row.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= 3:
                words[parts[0]] = (parts[2], int(parts[1]))
    _write_cache(cache, words)
    return words


def _dictionary_cache(path: Path) -> Path:
    """A file in the temp folder named after dict.txt's path, size and mtime (a new jieba: a new file)."""
    import hashlib
    import tempfile
    st = path.stat()
    key = hashlib.sha256(f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|1".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"kb-privacy-words-{key}.marshal"


def _write_cache(cache: Path, words: dict) -> None:
    import marshal
    import os
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(marshal.dumps(words))
        os.replace(tmp, cache)  # atomic: parallel runs never read half a file
    except OSError:
        tmp.unlink(missing_ok=True)


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


def find_names(line: str) -> Iterator[tuple[int, int]]:
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


