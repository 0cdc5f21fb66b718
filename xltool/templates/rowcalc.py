"""Excel formulas that read one indicator row the way ``xltool.compute.recalc`` reads it.

A template row has input cells (指标性质, 指标值, 计量单位, 实际完成值, 分值, 酌情评分,
and in the Xinjiang form 赋分规则) and, in hidden helper columns, formulas that
turn them into the fields of a ``Measure`` — operator, numbers in one unit, ratio,
met, qualitative level, and whether the row can be scored at all. The 得分 cell
then applies the row's scoring method through ``Method.excel`` (xltool/scoring.py),
chosen from the profile exactly as ``Profile.method_for`` chooses it; the 完成率
cell shows the first rate ``recalc`` accepts.

What a spreadsheet formula can read is narrower than ``xltool.model.values``: numbers in
number cells; text made of an optional comparison sign (≥ ≤ = > < and their
full-width and two-character spellings), a plain number and an optional unit or
'%'; dates in date cells on rows marked 时效, and dates typed as text
'[YYYY年]M月[D日]' on any row ('12月25日', '2024年12月20日前', '12月底'), compared
by month and day when either has no year, as the engine does; and the usual verdict
words for qualitative rows. Anything else makes the row 'unreadable' (得分 left blank
and highlighted), never a guessed number; ``status_formula`` says why in the
评分提示 column beside the form. Tests prove these formulas give the engine's
values on randomly filled copies, in the ``formulas`` package and in LibreOffice.
"""

from __future__ import annotations

from dataclasses import dataclass

from xltool.compute.profiles import Profile
from xltool.compute.methods import XlMeasure

# Operator spellings by the engine operator they stand for (xltool.model.values._OPERATOR_WORDS).
OPERATORS = ((">=", (">=", "=>", "≥=", "＞＝", "≥", "≧", "⩾")), ("<=", ("<=", "=<", "≤=", "＜＝", "≤", "≦", "⩽")),
             ("=", ("==", "=", "＝")), (">", (">", "＞")), ("<", ("<", "＜")))
PLACEHOLDERS = ("-", "--", "---", "—", "——", "－", "/", "／", "\\", "…", "*", "无", "空", "暂无", "不适用", "N/A", "NA",
                "NULL", "NONE", "NAN")
_DATE_UNIT_STARTS = ("月", "年底", "年末", "年终", "年内")
# Verdict words, checked in this order like xltool.model.values._level: exact one-character
# answers, then negative, partial and positive phrases.
LEVEL_EXACT = (("是", "met"), ("有", "met"), ("好", "met"), ("否", "unmet"), ("差", "unmet"))
LEVEL_WORDS = (
    ("unmet", ("未达成", "未完成", "未达到", "未达标", "未实现", "未按时", "未按期", "未到位", "没有达到", "没有完成",
               "不合格", "不符合", "不满意", "不及时", "不到位", "不显著", "不明显", "无效", "较差", "很差", "效果差",
               "无影响")),
    ("partial", ("部分达成", "部分完成", "部分达到", "部分实现", "基本达成", "基本完成", "基本达到", "基本实现",
                 "基本满意", "基本符合", "基本合格", "基本到位", "较好", "一般", "尚可")),
    ("met", ("达成", "完成", "达到", "达标", "合格", "符合", "实现", "满意", "及时", "按时", "按期", "显著", "有效",
             "明显", "到位", "良好", "优秀", "正常", "好评")),
)
OPERATOR_KEYS = ("date", "qualitative", ">=", ">", "=", "<=", "<", "none")
OPERATOR_CHOICES = ("≥", "≤", "=", ">", "<", "定性", "时效")

HELPERS = ("t_s", "t_pl", "t_rest", "t_n", "t_num", "t_unit", "t_dm", "t_dy", "t_dmo", "t_dd", "t_md", "t_y",
           "t_kind", "t_level", "t_op",
           "a_s", "a_pl", "a_rest", "a_n", "a_num", "a_unit", "a_dm", "a_dy", "a_dmo", "a_dd", "a_md", "a_y",
           "a_kind", "a_level",
           "d_op", "op", "key", "method", "mode", "mt", "ma", "ratio", "met", "level", "problem")


@dataclass(frozen=True)
class RowInputs:
    """Addresses of the input cells of one indicator row (``rule`` only in forms with 赋分规则)."""

    operator: str
    target: str
    unit: str
    actual: str
    weight: str
    judged: str
    rule: str | None = None


def _q(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _strip(expr: str, chars) -> str:
    for ch in chars:
        expr = f"SUBSTITUTE({expr},{_q(ch)},\"\")"
    return expr


def _or(parts) -> str:
    parts = list(parts)
    return parts[0] if len(parts) == 1 else f"OR({','.join(parts)})"


def _in(expr: str, words) -> str:
    return _or(f"{expr}={_q(w)}" for w in words)


def _listed(expr: str, words) -> str:
    """``expr`` is one of ``words`` (exact, case-sensitive: FIND in a '|'-delimited list, no wildcards)."""
    return f'ISNUMBER(FIND("|"&{expr}&"|",{_q("|" + "|".join(words) + "|")}))'


def operator_of(prefix: str) -> str:
    """The engine operator ('>=', '<=', '=', '>', '<') a spelling stands for, else ""."""
    out = '""'
    for op, spellings in reversed(OPERATORS):
        out = f"IF({_listed(prefix, spellings)},{_q(op)},{out})"
    return out


def _operator_length(s: str) -> str:
    """Length of the comparison sign a text starts with: 2, 1 or 0."""
    spellings = [sp for _, group in OPERATORS for sp in group]
    two = [sp for sp in spellings if len(sp) == 2]
    one = [sp for sp in spellings if len(sp) == 1]
    return f"IF({_listed(f'LEFT({s},2)', two)},2,IF({_listed(f'LEFT({s},1)', one)},1,0))"


def _last_digit(rest: str, reach: int = 7) -> str:
    """Position of the last digit among the last ``reach`` characters (0 if none)."""
    out = "0"
    for k in reversed(range(reach)):
        pos = f"LEN({rest})-{k}" if k else f"LEN({rest})"
        out = f'IF(ISNUMBER(FIND(MID({rest},{pos},1),"0123456789")),{pos},{out})'
    return f"IFERROR({out},0)"


def level_formula(text: str) -> str:
    """'met' / 'partial' / 'unmet' / "" from verdict words in a text (spaces removed).

    COUNT(SEARCH({...},x))>0 is the array idiom both Excel and LibreOffice evaluate in
    an ordinary cell (an OR over the array sees only its first element in LibreOffice).
    """
    t = f'SUBSTITUTE(SUBSTITUTE({text}," ",""),"　","")'
    out = '""'
    for level, words in reversed(LEVEL_WORDS):
        array = "{" + ",".join(_q(w) for w in words) + "}"
        out = f"IF(COUNT(SEARCH({array},{t}))>0,{_q(level)},{out})"
    for level in ("unmet", "met"):
        words = [w for w, lv in LEVEL_EXACT if lv == level]
        out = f"IF({_in(t, words)},{_q(level)},{out})"
    return out


def _digits(expr: str) -> str:
    """``expr`` is a non-empty run of ASCII digits."""
    return f'AND({expr}<>"",{_strip(expr, "0123456789")}="")'


def _date_helpers(p: str, value: str, operator_col: str, h: dict[str, str]) -> dict[str, str]:
    """A date read the way ``xltool.model.values`` reads one: a date cell on a 时效 row, or text
    '[YYYY年]M月[D日…]' after an optional comparison sign ('12月25日', '2024年12月25日前', '12月底'
    = the month's last day). ``{p}_md`` is month×100+day ("" not a date, "bad" an impossible one
    such as '2月30日'), ``{p}_y`` the year or "" when the text has none."""
    s, rest = h[f"{p}_s"], h[f"{p}_rest"]
    dm, dy, dmo, dd = h[f"{p}_dm"], h[f"{p}_dy"], h[f"{p}_dmo"], h[f"{p}_dd"]
    before = f"LEFT({rest},{dm}-1)"
    yp = f'IFERROR(FIND("年",{before}),0)'
    ytext, mtext = f"TRIM(LEFT({before},{yp}-1))", f"TRIM(MID({before},{yp}+1,9))"
    after = f"TRIM(MID({rest},{dm}+1,99))"

    def digit(k: int) -> str:
        return f'AND(LEN({after})>={k},ISNUMBER(FIND(MID({after},{k},1),"0123456789")))'

    year = f"IF({dy}=\"\",2000,{dy})"
    leap = f"OR(MOD({year},400)=0,AND(MOD({year},4)=0,MOD({year},100)<>0))"
    days = f"CHOOSE({dmo},31,IF({leap},29,28),31,30,31,30,31,31,30,31,30,31)"
    text_md = (f'IF(OR({dy}="x",NOT(ISNUMBER({dmo}))),"",IF(OR({dmo}<1,{dmo}>12),"bad",'
               f'IF({dd}=0,{dmo}*100+{days},IF({dd}>{days},"bad",{dmo}*100+{dd}))))')
    number_md = f'IFERROR(MONTH({value})*100+DAY({value}),"bad")'
    return {
        f"{p}_dm": f'IF({s}="",0,IFERROR(FIND("月",{rest}),0))',
        f"{p}_dy": f'IF({dm}=0,"",IF({yp}=0,"",IF(AND(LEN({ytext})=4,{_digits(ytext)}),VALUE({ytext}),"x")))',
        f"{p}_dmo": f'IF({dm}=0,"",IF(AND(LEN({mtext})<=2,{_digits(mtext)}),VALUE({mtext}),""))',
        f"{p}_dd": (f'IF({dm}=0,"",IF(AND({digit(1)},NOT({digit(2)})),VALUE(MID({after},1,1)),'
                    f'IF(AND({digit(1)},{digit(2)},NOT({digit(3)})),VALUE(MID({after},1,2)),0)))'),
        f"{p}_md": (f'IF({s}<>"",IF({dm}=0,"",{text_md}),IF(AND(ISNUMBER({value}),TRIM({operator_col}&"")="时效"),'
                    f'{number_md},""))'),
        f"{p}_y": (f'IF(NOT(ISNUMBER({h[f"{p}_md"]})),"",IF({s}<>"",IF(ISNUMBER({dy}),{dy},""),'
                   f'IFERROR(YEAR({value}),"")))'),
    }


def _value_helpers(p: str, value: str, unit_col: str, operator_col: str, h: dict[str, str]) -> dict[str, str]:
    """Helpers reading a target (p='t') or actual (p='a') cell: text, number, unit, kind, level."""
    s, pl, rest, n, num = h[f"{p}_s"], h[f"{p}_pl"], h[f"{p}_rest"], h[f"{p}_n"], h[f"{p}_num"]
    md = h[f"{p}_md"]
    number_part, unit_part = f"LEFT({rest},{n})", f"TRIM(MID({rest},{n}+1,99))"
    numeric = (f'{_strip(number_part, "0123456789.")}=""',
               f'LEN({number_part})-LEN(SUBSTITUTE({number_part},".",""))<=1')
    not_date = (f"NOT({_listed(f'LEFT({unit_part},1)', [w for w in _DATE_UNIT_STARTS if len(w) == 1])})",
                f"NOT({_listed(f'LEFT({unit_part},2)', [w for w in _DATE_UNIT_STARTS if len(w) == 2])})")
    readable = f"AND({n}>0,{','.join(numeric + not_date)})"
    spaceless_unit = f'SUBSTITUTE(SUBSTITUTE({unit_part}," ",""),"　","")'
    column_unit = f'SUBSTITUTE(SUBSTITUTE(TRIM({unit_col}&"")," ",""),"　","")'
    has_digit = 'COUNT(FIND({"0","1","2","3","4","5","6","7","8","9"},' + s + "))>0"
    out = {
        f"{p}_s": f'IF(ISTEXT({value}),TRIM({value}),"")',
        f"{p}_pl": f'IF({s}="",0,{_operator_length(s)})',
        f"{p}_rest": f'IF({s}="","",TRIM(MID({s},1+{pl},999)))',
        f"{p}_n": _last_digit(rest),
        f"{p}_num": f'IF({s}<>"",IF({readable},VALUE({number_part}),""),IF(ISNUMBER({value}),{value},""))',
        f"{p}_unit": (f'IF({num}="","",IF(AND({s}<>"",{spaceless_unit}<>""),{spaceless_unit},{column_unit}))'),
        f"{p}_kind": (f'IF({value}="","empty",IF(ISTEXT({value}),IF(OR({s}="",{_listed(f"UPPER({s})", PLACEHOLDERS)}),'
                      f'"empty",IF({md}="bad","bad",IF({md}<>"","date",IF({num}<>"","num",IF({has_digit},"bad","qual"))))),'
                      f'IF(ISNUMBER({value}),IF(TRIM({operator_col}&"")="时效","date","num"),"bad")))'),
        f"{p}_level": f'IF({h[f"{p}_kind"]}<>"qual","",{level_formula(s)})',
        **_date_helpers(p, value, operator_col, h),
    }
    if p == "t":
        out["t_op"] = f'IF({pl}=0,"",{operator_of(f"LEFT({s},{pl})")})'
    return out


def method_chain(profile: Profile, key: str, rule: str | None) -> str:
    """The name of the method ``profile.method_for(rule_text, key)`` picks, as a formula."""
    by_key: dict[str, list[str]] = {}
    for k in OPERATOR_KEYS:
        by_key.setdefault(profile.method_for("", k).name, []).append(k)
    groups = list(by_key.items())
    out = _q(groups[-1][0])
    for name, keys in reversed(groups[:-1]):
        out = f"IF({_in(key, keys)},{_q(name)},{out})"
    if rule is not None:
        text = f'SUBSTITUTE(SUBSTITUTE({rule}&""," ",""),"　","")'
        for words in reversed(sorted(profile.rule_text, key=len, reverse=True)):
            if words:
                name = profile.methods[profile.rule_text[words]].name
                out = f"IF(ISNUMBER(SEARCH({_q(words)},{text})),{_q(name)},{out})"
    return out


def _methods_used(profile: Profile) -> list[str]:
    names = {profile.method_for("", k).name for k in OPERATOR_KEYS}
    names |= {profile.methods[m].name for m in profile.rule_text.values()}
    return [n for n in profile.methods if n in names]


def row_formulas(inp: RowInputs, h: dict[str, str], profile: Profile) -> dict[str, str]:
    """Formulas (without '=') for every helper of a row, plus its 'rate' (完成率) and 'score' (得分)."""
    f = _value_helpers("t", inp.target, inp.unit, inp.operator, h)
    f.update(_value_helpers("a", inp.actual, inp.unit, inp.operator, h))
    tk, ak, tu, au, tn, an = h["t_kind"], h["a_kind"], h["t_unit"], h["a_unit"], h["t_num"], h["a_num"]
    op, mode, mt, ma, met = h["op"], h["mode"], h["mt"], h["ma"], h["met"]
    f["d_op"] = f'IF(ISTEXT({inp.operator}),{operator_of(f"TRIM({inp.operator})")},"")'
    f["op"] = f'IF({h["d_op"]}<>"",{h["d_op"]},IF({tk}="num",{h["t_op"]},""))'
    f["key"] = f'IF({tk}="date","date",IF({tk}="qual","qualitative",IF({op}="","none",{op})))'
    f["method"] = method_chain(profile, h["key"], inp.rule)
    f["mode"] = (f'IF(OR({ak}="qual",AND({tk}="qual",{ak}<>"date")),"q",IF(AND({tk}="date",{ak}="date"),"d",'
                 f'IF(AND({tk}="num",{ak}="num"),IF(OR({tu}={au},{tu}="",{au}=""),"n","x"),"")))')
    f["ma"] = f'IF({mode}<>"n","",IF(AND({tu}="%",{au}="",{an}<=1.5,{tn}>1.5),{an}*100,{an}))'
    f["mt"] = f'IF({mode}<>"n","",IF(AND({au}="%",{tu}="",{tn}<=1.5,{an}>1.5),{tn}*100,{tn}))'
    f["ratio"] = f'IF({mode}<>"n","",IF({mt}=0,"",{ma}/{mt}))'
    qual_level = f'IF(AND({ak}="num",{tk}="qual"),"",{h["a_level"]})'
    reverse = f'OR({op}="<=",{op}="<")'
    by_operator = (f'IF({reverse},{ma}<={mt}+1E-9,IF({op}="=",OR(ABS({ma}-{mt})<=1E-9*MAX(1,ABS({mt})),'
                   f'AND({mt}>0,{ma}>={mt})),{ma}>={mt}-1E-9))')
    ty, ay, tmd, amd = h["t_y"], h["a_y"], h["t_md"], h["a_md"]
    on_time = f'IF(OR({ty}="",{ay}=""),{amd}<={tmd},{ay}*10000+{amd}<={ty}*10000+{tmd})'  # no year: month and day
    f["met"] = (f'IF({mode}="q",IF({qual_level}="","",{qual_level}="met"),IF({mode}="d",{on_time},'
                f'IF({mode}="n",{by_operator},"")))')
    f["level"] = (f'IF({mode}="q",{qual_level},IF({mode}="d",IF({met},"met","unmet"),'
                  f'IF({mode}="n",IF({met},"met",""),"")))')
    tl, al = h["t_level"], h["a_level"]
    f["problem"] = (f'OR({tk}="empty",{ak}="empty",{tk}="bad",{ak}="bad",{mode}="x",'
                    f'AND({tk}="qual",{tl}="",{ak}="date"),AND({tk}="qual",{tl}="",{ak}="qual",{al}=""),'
                    f'AND({ak}="qual",{al}="",OR({tk}="num",{tk}="date")))')
    f["rate"] = rate_formula(profile, h)
    f["score"] = score_formula(profile, inp, h)
    return f


def rate_formula(profile: Profile, h: dict[str, str]) -> str:
    """完成率: the first of ``recalc``'s expected rates (``_expected_rates``), or ""."""
    ratio, ma, mt = h["ratio"], h["ma"], h["mt"]
    reverse_rate = '""'
    for form in reversed(profile.rate_for_reverse):
        if form == "ratio":
            reverse_rate = ratio
        elif form == "inverse":
            reverse_rate = f"IF({ma}<>0,{mt}/{ma},{reverse_rate})"
    return (f'IF({ratio}="",IF({h["met"]}=TRUE,1,""),'
            f'IF(OR({h["op"]}="<=",{h["op"]}="<"),{reverse_rate},{ratio}))')


def score_formula(profile: Profile, inp: RowInputs, h: dict[str, str]) -> str:
    """得分: the row's method applied through ``Method.excel``; blank without a weight."""
    w = inp.weight
    m = XlMeasure(actual=h["ma"], target=h["mt"], ratio=h["ratio"], met=h["met"], level=h["level"],
                  judged=inp.judged)
    by_expr: dict[str, list[str]] = {}
    for name in _methods_used(profile):
        by_expr.setdefault(profile.methods[name].excel(w, m), []).append(name)
    choices = list(by_expr.items())
    out = f'IF({inp.judged}="","",MIN(MAX({inp.judged},0),{w}))'
    for expr, names in reversed(choices):
        out = f"IF({_in(h['method'], names)},{expr},{out})"
    return f'IF(ISNUMBER({w}),IF({h["problem"]},IF({inp.judged}="","",MIN(MAX({inp.judged},0),{w})),{out}),"")'


def status_formula(inp: RowInputs, h: dict[str, str], name: str, score: str) -> str:
    """评分提示: why a used row's 得分 is blank, from the same helpers that score it; "" when it has a score.

    A row is used once it has a name, a weight, a target or an actual. The reasons, first match:
    no number in 分值; 指标值 or 实际完成值 missing; one that cannot be read (on a 时效 row or against
    a date: 不是日期); units that do not convert; a date against a number; verdict words missing;
    otherwise the rule leaves the score to the evaluator (酌情评分).
    """
    w = inp.weight
    tk, ak, mode, met = h["t_kind"], h["a_kind"], h["mode"], h["met"]
    timely = f'TRIM({inp.operator}&"")="时效"'
    used = f'OR(TRIM({name}&"")<>"",TRIM({w}&"")<>"",{tk}<>"empty",{ak}<>"empty")'
    reasons = (
        (f'TRIM({w}&"")=""', '"未填写分值"'),
        (f"NOT(ISNUMBER({w}))", '"分值不是数字"'),
        (f'{tk}="empty"', '"未填写指标值"'),
        (f'{ak}="empty"', '"未填写实际完成值"'),
        (f'AND({tk}="bad",OR({timely},{h["t_md"]}="bad"))', '"指标值不是日期（如 2024-12-25、12月25日）"'),
        (f'{tk}="bad"', '"指标值无法识别：请填数字、日期或定性目标"'),
        (f'AND({ak}="bad",OR({timely},{tk}="date",{h["a_md"]}="bad"))',
         '"完成值不是日期（如 2024-12-25、12月25日）"'),
        (f'{ak}="bad"', '"完成值无法识别：请填数字、日期或完成情况"'),
        (f'{mode}="x"', f'"单位不一致（指标值"&{h["t_unit"]}&"，完成值"&{h["a_unit"]}&"）"'),
        (f'AND({mode}="q",{h["level"]}="",{tk}<>"date")', '"完成值未写明达成、部分达成或未达成"'),
        (f'AND({tk}="date",{ak}<>"date",{mode}<>"q")', '"完成值不是日期（指标值是日期）"'),
        (f'AND({tk}="date",{ak}<>"date",{h["level"]}="")', '"完成值不是日期，也未写明是否按时完成"'),
        (f'AND({ak}="date",{tk}<>"date")', '"指标值不是日期（完成值是日期）"'),
        (f"{met}=FALSE", '"未达到目标，规则未定扣分：请填酌情评分"'),
    )
    out = '"无法判断是否达到目标：请填酌情评分"'
    for cond, text in reversed(reasons):
        out = f"IF({cond},{text},{out})"
    return f'IF(NOT({used}),"",IF(ISNUMBER({score}),"",{out}))'
