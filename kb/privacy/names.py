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
             "孙子", "孙女", "孙辈", "曾孙", "曾祖", "姜汤", "房屋", "房产", "房租", "温馨"}

# ----------------------------------------------------------------------------- names

@lru_cache(maxsize=1)
def _dictionary() -> dict[str, tuple[str, int]]:
    """jieba's dictionary, words of 2–4 characters: word -> (part-of-speech tag, frequency).
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
            if len(parts) == 3 and 2 <= len(parts[0]) <= 4:
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


# The cue words alone (without their lookbehinds): _NAME_BEFORE and _NAME_BEFORE_3 match only
# where one of them is, so a line without any is not run through those two.
_CUE = re.compile("|".join(re.sub(r"\(\?<!?[^)]*\)", "", w) for w in NAME_CONTEXT.split("|")))


def find_names(line: str) -> Iterator[tuple[int, int]]:
    cued = _CUE.search(line) is not None
    for regex in (_NAME_BEFORE, _NAME_AFTER, _NAME_BEFORE_3):
        if regex is not _NAME_AFTER and not cued:
            continue
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




# ----------------------------------------------------------------------------- names without a cue word
#
# Case material names people only by role or pseudonym (王某, 王某某, 李某（化名）, 信访人, 村主任).
# So a surname followed by one or two given-name characters is a name wherever it stands — 李建国多次来访,
# 据张伟反映, A公司负责人刘洋, 欧阳娜娜 — unless it is a word of the dictionary (高度, 黄河, 毛泽东), part
# of a word with the character before it (分管, 张家口), or a pseudonym. Given-name statistics: the
# characters below are the most frequent in given names of the census lists (common function and
# place-name characters left out); jieba's part-of-speech tagger (nr) decides the rest.
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
                     "夏侯", "令狐", "端木", "西门", "南宫", "独孤", "轩辕", "闻人", "澹台", "公冶", "宗政", "濮阳",
                     "太史", "申屠", "钟离", "赫连", "呼延", "百里", "东郭", "左丘", "万俟", "司空", "仲孙")
# 第五 is left out: in legal text it is the ordinal (第五项, 第三十一条第五项), never a surname here.
GIVEN_CHARS = set(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛超兰霞平刚桂建国德胜志海波华红梅玉珍凤春燕晓文斌俊辉鹏飞宇浩轩博涵梓"
    "欣怡佳婷雪琳倩颖慧莉萍琴云莲菊翠香荣福贵财富宝林森松柏峰龙虎彪豪雄威振兴旺盛昌隆达功立民康庆喜祥瑞永"
    "久恒忠孝仁义智诚良善美嘉顺泰健宏鸿伦亮光辰晨阳冬秋夏雨露虹彩丹青翔鹤凯旋帆航锋钢铁铭锦绣娇媛妍姗婉淑贤"
    "惠素洁蓉芬芝茹蕾薇萌晶璐瑶琪珊璇琦瑾玲琼爱思恩悦耀宗祖继启双奎魁坤昆岩垚鑫淼焱灿炜烨煜熙逸尧舜禹汉"
    "彬彦君卿娥姣婵嫦妹珠翡碧霖霏霓馨芸芹苗茵莎菲萱蓓蕊兵卫廷栋梁楠枫桦槐桃樱柳杨榕桐楷樟"
    "勤俭毅刚坚定宁静怡悦乐欢笑益广远航帅斌彤钰铮锐镇涌润泽洪涛沛浩淳湘滨澜潇瀚漫灵霄露琳璋瑜璞"
    "新立生明小东金花雯宪")
# What stands right before a two-character name (经与张伟核实, 工作人员李敏负责, 网格员陈静每周).
_NAME_BEFORE_2 = re.compile(r"(?:经与|与|同|和|向|据|由|让|请|找|给|跟|陪|问|员|长|主任|书记|经理|负责人|干部|师傅|律师|医生)$")
_SEGMENTED = re.compile(rf"(?:[{CJK}]{{1,4}} ){{3}}")
_NOT_BEFORE = set("某该本此这那各全同每一第个们")
# A name is not followed by these (王庄镇, 赵集乡, 李宁牌, 陈家沟村, 张江高科技园区) and does not end in them.
PLACE_AFTER = set("镇乡村市县区省州路街巷沟峡庄屯寨堡营湾港站厂矿店园坊集牌地湖河山岭桥寺庙")
PLACE_LAST = set("庄沟峡屯寨堡集沪浙渝皖赣闽鄂湘粤桂琼川黔滇陕甘镇乡村市县区牌")
# Public and historical figures quoted in government text: dictionary names that are no private person.
PUBLIC_FIGURES = set(
    "毛泽东 周恩来 刘少奇 朱德 邓小平 陈云 江泽民 胡锦涛 习近平 李克强 孙中山 鲁迅 孔子 孟子 老子 庄子 荀子 韩非 雷锋 "
    "焦裕禄 孔繁森 杨善洲 谷文昌 廖俊波 黄大年 钱学森 袁隆平 屈原 李白 杜甫 苏轼 白居易 诸葛亮 曹操 刘备 关羽 张飞 包拯 "
    "海瑞 岳飞 林则徐 李大钊 陈独秀 瞿秋白 任弼时 彭德怀 贺龙 叶剑英 聂荣臻 徐向前 罗荣桓 刘伯承 陈毅 董必武 宋庆龄 "
    "邓颖超 王阳明 范仲淹 司马迁 司马光 欧阳修 王安石 朱熹".split())


def _bare_word(w: str) -> bool:
    """A word rather than a private name. Dictionary names (李娜, 李强, 马春花) are common names of
    private people too: only public figures and very frequent entries count as words here."""
    if w in NOT_NAMES or w in PUBLIC_FIGURES:
        return True
    tag, freq = _dictionary().get(w, ("", 0))
    if tag.startswith("nr"):  # jieba tags many words nr (许诺, 张贴, 庄园): a name needs given-name characters
        return freq >= 3000 or not all(c in GIVEN_CHARS for c in w[1:])
    return freq >= 20 or (len(w) == 2 and bool(tag))  # any other two-character entry is a word (文义)


@lru_cache(maxsize=1)
def _posseg():
    """jieba's part-of-speech tagger, imported on first use (slow and noisy to import)."""
    import logging
    import warnings
    try:
        with warnings.catch_warnings():  # jieba still imports pkg_resources (its deprecation warning)
            warnings.simplefilter("ignore")
            import jieba
            import jieba.posseg as pseg
        jieba.setLogLevel(logging.WARNING)
        return pseg
    except ImportError:  # pragma: no cover - jieba is a pinned dependency
        return None


USE_POSSEG = False  # True: jieba.posseg's HMM also judges names jieba's dictionary does not know


def _tagged_name(line: str, start: int, end: int) -> bool:
    """jieba tags the name at [start, end) as a person's name (nr, nrfg, nrt). The part-of-speech
    tags come from jieba's dictionary (the lexicon jieba.posseg tags known words with), read once
    as a file: loading jieba.posseg itself costs seconds on every `kb check` (measured: +5 s per run,
    for a few more names in the fresh labelled set; see README, 隐私检查). With USE_POSSEG the
    tagger itself (HMM included) also decides the unknown ones."""
    name = line[start:end]
    tag = _dictionary().get(name, ("", 0))[0]
    if tag.startswith("nr"):
        return not _bare_word(name)
    if len(name) == 3 and _dictionary().get(name[1:], ("", 0))[0].startswith("nr"):
        return not _bare_word(name[1:]) and not _bare_word(name[:2])  # 张 + 建国 (a given name jieba knows)
    return USE_POSSEG and _posseg_name(line, start, end)


def _posseg_name(line: str, start: int, end: int) -> bool:
    """jieba.posseg (with its HMM for unknown words) reads [start, end) of the line as a name."""
    pseg = _posseg()
    if pseg is None:
        return False
    lo = max(0, start - 6)
    pos = lo
    for word, flag in pseg.cut(line[lo:min(len(line), end + 6)]):
        w_start, w_end = pos, pos + len(word)
        pos = w_end
        if w_end <= start or w_start >= end:
            continue
        if w_start == start and w_end == end:
            return flag.startswith("nr") and not _bare_word(word)
        if w_start == start and w_end == start + 1 and end - start >= 2:  # 张 | 建国
            rest = line[w_end:end]
            return any(f.startswith("nr") for wd, f in pseg.cut(line[start:end]) if wd == rest or wd == line[start:end])
    return False


_BARE = re.compile(rf"(?P<sur>{'|'.join(COMPOUND_SURNAMES)}|{_SURNAME})(?P<gap> ?)(?P<given>[{CJK}](?:(?P=gap)[{CJK}])?)")


def _bare_ok(line: str, start: int, sur: str, given: str, spaced: bool) -> bool:
    name = sur + given
    if any(c in NOT_GIVEN for c in given) or given in TITLE_WORDS:
        return False
    if start and (line[start - 1] in _NOT_BEFORE or _is_word(line[start - 1:start + 1])
                  or (len(sur) == 1 and _is_word(line[max(0, start - 2):start + 1]))
                  or any(line[start - k:start - k + n] in _dictionary()
                         for k in (1, 2) for n in (3, 4) if start - k >= 0 and start - k + n > start + 1)):
        return False  # 分管, 张家口, 开宗明义: the surname character belongs to a word that starts before it
    if _bare_word(name) or given[-1] in PLACE_LAST:
        return False
    listed = _dictionary().get(name, ("", 0))[0].startswith("nr")  # 马春花, 白玉兰: names in the dictionary
    if not listed and len(given) == 2 and _bare_word(sur[-1] + given[0]):
        return False  # 黄河流域, 高度重视: surname and first given character make a word
    end = start + len(sur) + len(given) + (len(given) if spaced else 0)
    if re.match(r"\s*\((?:化名|假名)\)|\s*某", line[end:]):
        return False
    if spaced and (not all(c in GIVEN_CHARS for c in given) or _SEGMENTED.search(line)):
        return False  # 张 伟 by hand, not text cut into words with spaces (the search index)
    return True


def find_bare_names(line: str) -> Iterator[tuple[int, int]]:
    """Names with no cue word around them: surname + one or two given-name characters."""
    if not re.search(f"[{CJK}]", line):
        return
    pos = 0
    while (m := _BARE.search(line, pos)):
        start, sur, gap = m.start(), m.group("sur"), m.group("gap")
        given = m.group("given").replace(" ", "")
        found = None
        for size in ((2, 1) if len(given) == 2 else (1,)):
            g = given[:size]
            end = start + len(sur) + len(gap) + size + (len(gap) * (size - 1))
            if len(sur) == 1 and size == 1 and not gap:
                # two characters only (张伟, 李娜): the tagger or the given-name statistics, and a boundary after
                nxt = line[end:end + 2]
                if nxt[:1] and re.match(f"[{CJK}]", nxt[:1]) and _is_word(g + nxt[:1]):
                    continue
            if not _bare_ok(line, start, sur, g, bool(gap)):
                continue
            common = all(c in GIVEN_CHARS for c in g)
            boundary = end >= len(line) or not re.match(f"[{CJK}]", line[end]) or not _is_word(g[-1] + line[end])
            if not boundary or (end < len(line) and line[end] in PLACE_AFTER):
                continue
            some = any(c in GIVEN_CHARS for c in g)
            two_ok = re.match(NAME_END, line[end:]) or _NAME_BEFORE_2.search(line[max(0, start - 3):start])
            if common and (size == 2 or two_ok) or some and _tagged_name(line, start, end):
                found = (start, end)
                break
        if found:
            yield found
            pos = found[1]
        else:
            pos = start + 1
