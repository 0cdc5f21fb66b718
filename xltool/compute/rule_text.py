"""Rule text → rule object: the parser for the idioms of 评分规则/评分标准 cells (DOMAIN §7).

The parsers are tried from the most specific shape to the least: score bands
('90%（含）-100%，得8分…'), qualitative tiers ('有效得10分，一般的得6分…'), element
fractions and points ('以上每条要素占权重分的1/3', '要素①占1/2权重分，②和③要素各占
1/4', '①…（2分）；②…（0.5分）'), per-percent deductions ('每降低1%扣5%的权重'),
binary ('得满分，否则不得分') and proportional ('按比例计算得分', or a rate formula
alone). A text none of them reads is :class:`Unreadable`, never a guess.
"""

from __future__ import annotations

import re

from xltool.detect.labels import fold
from xltool.compute.methods import Method, Proportional
from xltool.compute.methods.rules import (CN_NUMBERS, Bands, Binary, Elements, PerElement, PerIssue, PerPoint, Tiers,
                                          Unreadable, band_text, value_text)

_MARKERS = "①②③④⑤⑥⑦⑧⑨⑩"
_N = r"\d+(?:\.\d+)?"

_VAGUE = re.compile(r"酌情|视情况|综合判断|适当扣分|酌减|由评价组判断")
_PER_POINT = re.compile(
    r"每(?P<dir>降低|低于|下降|减少|少于|不足|超出|超过|高于|增加|多于|偏离|偏差|相差)(?:目标值?|标准)?\s*"
    r"(?:1|一)\s*(?:个)?(?:%|百分点)\s*[,，]?\s*(?:则)?扣(?:除|减)?\s*"
    rf"(?:(?P<k>{_N})\s*%\s*(?:的)?(?:权重|分值)分?|(?:权重|分值)分?的\s*(?P<k2>{_N})\s*%|(?P<pts>{_N})\s*分)")
_RULE_TARGET = re.compile(rf"(?:达到?|达成|不低于|≥|>=)\s*(?P<t>{_N})\s*%\s*(?:\(含\))?(?:及以上|以上)?[,，]?\s*"
                          r"(?:的)?(?:得满分|得100%(?:的)?权重分|得全部分值)")
_PROPORTIONAL = re.compile(r"按(?:照)?(?:完成)?比例(?:计算)?(?:得分|计分|赋分|打分)|按完成率|"
                           r"率\s*[*×]\s*(?:该?指标)?(?:分值|权重)|(?:分值|权重)\s*[*×]\s*\S{0,8}率|"
                           r"/\s*[^/=]{0,12}?(?:目标值|计划值|指标值|计划数|目标数)\)?\s*[*×]\s*(?:该?指标)?(?:分值|权重)")
# 差错扣分 (DOMAIN idiom 15): '每发现一处问题扣0.5分，扣完为止'
_PER_ISSUE = re.compile(rf"每(?:发现|出现|存在|有)?(?:一|1)(?:处|次|项|个|条|例|笔)[^,，;；。]{{0,12}}?扣(?:除|减)?\s*(?P<p>{_N})\s*分")
_RATE_FORMULA = re.compile(r"率\s*=\s*\(?[^=]*?/[^=]*?\)?\s*[*×]\s*100\s*%")
_SCORING_WORDS = re.compile(r"得满分|不得分|扣|得\s*\d|得分=|分值|权重分|档")
_FLOOR = re.compile(rf"(?:低于|不足|小于|<)\s*(?P<f>{_N})\s*%\s*(?:的)?(?:不得分|得0分|不计分)|(?P<f2>{_N})\s*%\s*以下(?:的)?不得分")
_BINARY = re.compile(r"(?:得满分|得全部分值|得\d+(?:\.\d+)?分)[,，;；]?\s*(?:否则|反之|未\S{0,6})\s*(?:不得分|得0分|0分)|"
                     r"是得满分[,，;；]?否(?:则)?(?:不得分|得0分)")
_SHARE_EACH = re.compile(r"(?:每条|每项|每个|各)?(?:要素|要点|条件)?(?:各)?占(?:权重分?|分值)?的?\s*1\s*/\s*(?P<n>\d+)|"
                         r"(?:扣|占)权重分?的\s*1\s*/\s*(?P<n2>\d+)")
_COUNT_EACH = re.compile(r"(?P<c>\d+|[一二两三四五六七八九十])\s*(?:个|项|条)(?:要素|要点|方面)")
_MARKED_SHARE = re.compile(r"(?P<marks>[①②③④⑤⑥⑦⑧⑨⑩和、及与\s]+)(?:要素|要点)?\s*(?:各)?占\s*(?:权重分?的?)?\s*1\s*/\s*(?P<n>\d+)")
_POINTS = re.compile(rf"[(（]\s*(?P<p>{_N})\s*分\s*[)）]|得\s*(?P<p2>{_N})\s*分")
_ELEMENT_WORDS = re.compile(r"要素|要点|符合得满分|扣除对应权重|每有一条不符合|都符合")
# '每符合一项要点得2分，否则不得分': every element met adds its points (10 of 12 is a valid score)
_PER_ELEMENT = re.compile(rf"每(?:符合|满足|达到|完成|具备|有)(?:一|1)(?:项|个|条|点)(?:要点|要素|条件|标准|内容)?[,，]?得\s*(?P<p>{_N})\s*分")
_RANGE = [
    (re.compile(rf"(?P<lo>{_N})\s*%\s*(?:\(含\))?\s*[-~—–至到]\s*(?P<hi>{_N})\s*%"), "range"),
    (re.compile(r"(?:[=＝]|达到|达)\s*100\s*%|100\s*%\s*(?=得)"), "hundred"),
    (re.compile(rf"(?P<lo>{_N})\s*%\s*(?:\(含\))?\s*(?:及|或)?以上"), "above"),
    (re.compile(rf"(?:≥|>=|不低于)\s*(?P<lo>{_N})\s*%"), "above"),
    (re.compile(rf"(?P<hi>{_N})\s*%\s*(?:\(含\))?\s*以下"), "below"),
    (re.compile(rf"(?:低于|<|不足)\s*(?P<hi>{_N})\s*%"), "below"),
]
_BAND_SCORE = re.compile(rf"得\s*(?P<v>{_N})\s*分|得\s*(?P<s>{_N})\s*%\s*(?:的)?权重分|(?P<zero>不得分|得0分)|(?P<full>得满分)")
_TIER = re.compile(rf"(?P<word>[\u4e00-\u9fff]{{1,5}}?)(?:的)?\s*"
                   rf"(?:得\s*(?P<v>{_N})\s*分|得\s*(?P<s>{_N})\s*%\s*权重分|(?P<zero>不得分))")


def parse_rule(text: str, points_text: str = "") -> Method | None:
    """The rule a 评分规则 text states; None for an empty text."""
    s = _squash(text)
    if not s:
        return None
    if _VAGUE.search(s):
        return Unreadable("规则为酌情评分", reason="评分规则为酌情/综合判断评分")
    for parser in (_bands, _tiers, _per_element, _elements, _per_point, _per_issue, _binary, _proportional):
        rule = parser(s, _squash(points_text))
        if rule is not None:
            return rule
    return Unreadable("未识别的评分规则", reason="评分规则未给出可计算的计分办法")


def _squash(text: str) -> str:
    s = fold(text or "").replace("×", "*").replace("＝", "=")
    return re.sub(r"\s+", "", s)


def _per_point(s: str, _points: str) -> Method | None:
    m = _PER_POINT.search(s)
    if not m:
        return None
    word = m["dir"]
    direction = ("below" if word in ("降低", "低于", "下降", "减少", "少于", "不足") else
                 "above" if word in ("超出", "超过", "高于", "增加", "多于") else "deviation")
    share = m["k"] or m["k2"]
    t = _RULE_TARGET.search(s)
    per = f"扣权重的{share}%" if share else f"扣{m['pts']}分"
    return PerPoint(f"达到目标值得满分，每{word}1个百分点{per}，扣完为止", direction=direction,
                    share=float(share) / 100 if share else None, points=float(m["pts"]) if m["pts"] else None,
                    target=float(t["t"]) if t else None)


def _per_issue(s: str, _points: str) -> Method | None:
    m = _PER_ISSUE.search(s)
    if not m:
        return None
    return PerIssue(f"每发现一处问题扣{m['p']}分，扣完为止", points=float(m["p"]))


def _proportional(s: str, _points: str) -> Method | None:
    floor = _FLOOR.search(s)
    f = float(floor["f"] or floor["f2"]) / 100 if floor else None
    if _PROPORTIONAL.search(s):
        return Proportional("得分=完成率×分值" + (f"，低于{f * 100:g}%不得分" if f else ""), floor=f or 0.0)
    if _RATE_FORMULA.search(s) and not _SCORING_WORDS.search(_RATE_FORMULA.sub("", s)):
        # Only a rate formula, no scoring clause: the evaluator scores 完成率×分值 (ref 000 附件1).
        return Proportional("规则仅列完成率公式，按完成率×分值计分", floor=f or 0.0)
    return None


def _binary(s: str, _points: str) -> Method | None:
    return Binary("达到要求得满分，否则不得分") if _BINARY.search(s) else None


def _bands(s: str, _points: str) -> Method | None:
    pieces = [p for p in re.split(r"[;；。,，]", s) if p]
    bands, pending = [], None
    for piece in pieces:
        rng = _range(piece)
        sc = _BAND_SCORE.search(piece)
        if rng and sc:
            bands.append((*rng, *_band_value(sc)))
            pending = None
        elif rng:
            pending = rng
        elif sc and pending:
            bands.append((*pending, *_band_value(sc)))
            pending = None
    if len(bands) < 2:
        return None
    return Bands("按实际值所在区间得分：" + "；".join(f"{band_text(lo, hi)}得{value_text(v, sh)}"
                                            for lo, hi, v, sh in bands), bands=tuple(bands))


def _range(piece: str) -> tuple[float, float] | None:
    for pattern, kind in _RANGE:
        m = pattern.search(piece)
        if not m:
            continue
        if kind == "range":
            lo, hi = sorted((float(m["lo"]), float(m["hi"])))
            return lo, hi
        if kind == "hundred":
            return 100.0, float("inf")
        if kind == "above":
            return float(m["lo"]), float("inf")
        return float("-inf"), float(m["hi"])
    return None


def _band_value(m: re.Match) -> tuple[float, bool]:
    if m["zero"]:
        return 0.0, False
    if m["full"]:
        return 1.0, True
    if m["s"]:
        return float(m["s"]) / 100, True
    return float(m["v"]), False


def _per_element(s: str, _points: str) -> Method | None:
    m = _PER_ELEMENT.search(s)
    if not m or float(m["p"]) <= 0:
        return None
    return PerElement(f"每符合一项要点得{m['p']}分", points=float(m["p"]))


def _tiers(s: str, _points: str) -> Method | None:
    if _markers(s) >= 2:
        return None  # '①…得1分；…得1分；②…' enumerates elements that add up, not alternative tiers
    tiers = []
    for piece in re.split(r"[;；。,，]", s):
        m = _TIER.search(piece)
        if not m or _range(piece):
            continue
        word = re.sub(r"^(?:评为|判断为|认定为|为|的)", "", m["word"]).removesuffix("的")
        if not word or word in {"满", "该指标", "指标"} or re.search(r"以上|以下|以内|分$", word) \
                or re.search(r"\d", piece[:m.start("word")]):
            continue  # '优秀(90分以上)得10分' is a band of scores, not a verdict word
        value = 0.0 if m["zero"] else float(m["s"]) / 100 if m["s"] else float(m["v"])
        tiers.append((word, value, bool(m["s"])))
    words = [w for w, _, _ in tiers]
    if len(tiers) < 3 or len(set(words)) != len(words):
        return None
    return Tiers("定性分档：" + "，".join(f"{w}得{value_text(v, sh)}" for w, v, sh in tiers), tiers=tuple(tiers))


def _elements(s: str, points_text: str) -> Method | None:
    if not _ELEMENT_WORDS.search(s) and not _marked_points(s):
        return None
    explicit = _marked_points(s)
    if explicit is not None:
        values, deducts = explicit
        return Elements("各要素按所列分值计分" + ("，另有扣分项" if deducts else ""), points=tuple(values),
                        deducts=deducts)
    shares = _marked_shares(s)
    if shares:
        return Elements("要素" + "，".join(f"{_MARKERS[i]}占1/{round(1 / x)}" for i, x in enumerate(shares))
                        + "权重分，不符合扣除对应分值", shares=tuple(shares))
    n = None
    m = _SHARE_EACH.search(s)
    if m:
        n = int(m["n"] or m["n2"])
    elif "都符合" in s or "三项" in s:
        c = re.search(r"([一二两三四五六七八九十\d]+)项都符合", s)
        n = _count(c.group(1)) if c else None
    if n is None:
        c = _COUNT_EACH.search(s)
        n = _count(c["c"]) if c else max(1, _markers(s) or _markers(points_text))
    if not n or n > 10:
        return None
    if n == 1:
        return Binary("符合要求得满分，否则不得分")
    return Elements(f"{n}项要素各占权重分的1/{n}，不符合扣除对应分值", shares=tuple([1 / n] * n))


def _marked_points(s: str) -> tuple[list[float], bool] | None:
    parts = re.split(f"[{_MARKERS}]", s)[1:]
    if len(parts) < 2:
        return None
    values, deducts = [], False
    for part in parts:
        m = _POINTS.search(part)
        if "扣" in part and not (m and part.index("扣") > (m.start())):
            deducts = True
            continue
        if not m:
            return None
        # one marker may hold several scored points: '①制度健全得1分；执行到位得1分' is two elements
        values += [float(x["p"] or x["p2"]) for x in _POINTS.finditer(part.split("扣")[0] if "扣" in part else part)]
    return (values, deducts) if values else None


def _marked_shares(s: str) -> list[float]:
    found: dict[int, float] = {}
    for m in _MARKED_SHARE.finditer(s):
        marks = [ch for ch in m["marks"] if ch in _MARKERS]
        for ch in marks:
            found[_MARKERS.index(ch)] = 1 / int(m["n"])
    if len(found) < 2 or sorted(found) != list(range(len(found))):
        return []
    return [found[i] for i in range(len(found))]


def _markers(s: str) -> int:
    return len(set(re.findall(f"[{_MARKERS}]", s)))


def _count(text: str) -> int | None:
    return int(text) if text.isdigit() else CN_NUMBERS.get(text)
