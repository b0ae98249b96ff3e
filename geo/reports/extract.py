"""The facts a news article or official statement states, each with the text span it came from.

:func:`extract_facts` reads English, Japanese and Korean (the Joint Chiefs of Staff formula:
"평안북도 대관 일대에서 … 동해상으로 … 약 700km 비행") and returns :class:`Fact` objects of these
kinds:

* ``source``    — who says it: South Korea (JCS, 합참, 韓国軍), Japan (Ministry of Defense,
  Chief Cabinet Secretary, 防衛省, 政府), the United States, North Korean state media;
* ``launch``    — a North Korean launch site, facility, area or province named in the gazetteer
  ("Taegwan area", 평안북도 대관 일대, 東倉里);
* ``reference`` — a large reference without a distance ("off the east coast of North Korea",
  "east of the Korean Peninsula");
* ``date`` / ``time`` — "November 7, 2025", 2025年11月7日, 11월 7일; "12:35 p.m.", 午後0時35分, 오후 12시 35분;
* ``range`` / ``apogee`` — "flew around 700 km", 「約700km飛翔」, 약 700km 비행; "apogee of 50 km", 最高高度約50km;
* ``direction`` — "toward its eastern waters", "fired east", 東方向, 동쪽으로;
* ``sea``       — a landing area: East Sea / Sea of Japan / 日本海 / 동해상, Pacific, Yellow Sea …;
* ``offset``    — a position as :func:`geo.reports.phrases.parse_report` reads it ("about 250 km
  west of Okushiri Island", 奥尻島の西約250km), including large references ("about 350 km east of
  the Korean Peninsula");
* ``ring``      — a distance from a place with no direction ("about 300 km from the Oga Peninsula");
* ``verdict``   — an EEZ verdict ("likely fell outside its EEZ", 「EEZ外」「EEZ内」, EEZ 밖).

Spans are positions in the text as given (the reader works on an NFKC-normalised copy and maps
positions back). Control characters are read as spaces. Nothing in the text is ever executed or
used as a template.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from geo.errors import InputError
from geo.reports.distances import distance_pattern
from geo.reports.phrases import Bearing, parse_bearing, parse_report
from geo.reports.places import Place, all_places, lookup_place, normalize_name
from geo.reports.seas import SEA_ALIASES, lookup_sea
from geo.reports.wording import COARSE_HALFWIDTH_DEG, calibrated_distance, compass_sector

__all__ = ["Fact", "SOURCES", "MAX_TEXT_CHARS", "extract_facts", "normalise", "sentences"]

#: Texts longer than this are refused (a long article is ~20,000 characters).
MAX_TEXT_CHARS = 2_000_000
#: Who a fact may be attributed to: key → words used in reports.
SOURCES = {
    "ROK": "South Korea",
    "JPN": "Japan",
    "USA": "United States",
    "PRK": "North Korean state media",
}
_SOURCE_WORDS = {
    "ROK": (r"South\s+Korea(?:n|'s)?(?:\s+military)?|Joint\s+Chiefs\s+of\s+Staff|JCS|Seoul|ROK|합동참모본부|합참|한국군|우리\s*군|"
            r"군\s*당국|韓国合同参謀本部|合同参謀本部|韓国軍|韓国政府|韓国"),
    "JPN": (r"Japan(?:ese|'s)?|Tokyo|Chief\s+Cabinet\s+Secretary|Defen[cs]e\s+Ministry|Ministry\s+of\s+Defen[cs]e|MoD|"
            r"防衛省|防衛大臣|官房長官|日本政府|政府|일본\s*방위성|일본\s*정부|일본"),
    "USA": r"United\s+States|U\.S\.|US\s+military|INDOPACOM|Indo-Pacific\s+Command|Pentagon|米軍|米国|미군|미국",
    "PRK": r"KCNA|Korean\s+Central\s+News\s+Agency|Rodong\s+Sinmun|朝鮮中央通信|조선중앙통신|노동신문",
}
#: Kinds of gazetteer place that can be where a launch came from.
LAUNCH_KINDS = ("launch_site", "facility", "area", "province")
_SPECIFIC = {"launch_site": 0, "facility": 0, "area": 1, "province": 2}

_DIST = distance_pattern(unit_required=True)
_KO_DIST = r"(?:약|대략)?\s*\d[\d,.]*\s*(?:km|킬로미터|킬로|㎞)"
_COMPASS_EN = (
    r"north-?northeast|east-?northeast|east-?southeast|south-?southeast|south-?southwest|west-?southwest|"
    r"west-?northwest|north-?northwest|northeast|southeast|southwest|northwest|north|east|south|west"
)
_KO_DIRECTIONS = {"동": 90.0, "서": 270.0, "남": 180.0, "북": 0.0, "북동": 45.0, "동북": 45.0, "남동": 135.0,
                  "동남": 135.0, "남서": 225.0, "서남": 225.0, "북서": 315.0, "서북": 315.0}


@dataclass(frozen=True)
class Fact:
    """One thing a text states: its ``kind``, a JSON-ready ``value``, where it is (``start``,
    ``end``, ``text``), who says it (``source``, filled by attribution) and the objects it was
    read into (``data``: a Place, Distance, Bearing, Sea or ReportedLocation)."""

    kind: str
    value: object
    start: int
    end: int
    text: str
    source: str | None = None
    data: object = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "start": self.start, "end": self.end, "text": self.text,
                "source": self.source}


# ----------------------------------------------------------------------------- the text


def normalise(text: str) -> tuple[str, list[int]]:
    """NFKC-normalised text (control characters → spaces) and, for each of its characters, the
    position in ``text`` it came from (plus one entry for the end).

    Parameters
    ----------
    text : str
        As given.

    Returns
    -------
    (str, list of int)

    Examples
    --------
    >>> normalise("約７００ｋｍ")[0]
    '約700km'
    """
    if text.isascii() and text.isprintable():
        return text, list(range(len(text) + 1))
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            ch = " "
        for c in unicodedata.normalize("NFKC", ch):
            out.append(c)
            where.append(i)
    where.append(len(text))
    return "".join(out), where


_SENTENCE_END = re.compile(
    r"(?<!U\.S\.)(?<!a\.m\.)(?<!p\.m\.)(?<![A-Z]\.[A-Z]\.)(?<!\bNo\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bGen\.)"
    r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“‘(\u3040-\u9fff\uac00-\ud7a3])|[。！？;；\n]+|(?<=다\.)\s*"
)


def sentences(norm: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence (or ``;`` clause) of normalised text."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(norm):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(norm):
        out.append((start, len(norm)))
    return out


# ------------------------------------------------------------------------------ readers


@dataclass
class _Reader:
    text: str
    norm: str
    where: list[int]
    facts: list[Fact] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def add(self, kind: str, s: int, e: int, value, data=None, *, take: bool = True) -> Fact | None:
        if not self.free(s, e):
            return None
        a, b = self.where[s], self.where[e - 1] + 1 if e > s else self.where[s]
        f = Fact(kind, value, a, b, self.text[a:b], None, data)
        self.facts.append(f)
        if take:
            self.taken.append((s, e))
        return f


def _distance(words: str):
    try:
        return calibrated_distance(words.strip())
    except InputError:
        return None


def _read_verdicts(r: _Reader) -> None:
    en = re.compile(
        r"(?:(?P<hedge>(?:highly\s+)?likely|probably|presumably|believed\s+to\s+have|appears?\s+to\s+have|estimated\s+"
        r"(?:not\s+)?to\s+have|may\s+have|seems?\s+to\s+have)[\s\w]{0,30}?)?"
        r"(?P<where>inside|within|in|into|outside|beyond|out\s+of)\s+(?:of\s+)?(?:Japan'?s|its|the\s+Japanese|Japanese|"
        r"the|Japan\s+'s)\s+(?:exclusive\s+economic\s+zone|EEZ)(?:\s*\(EEZ\))?",
        re.I,
    )
    neg = re.compile(
        r"(?:did\s+not|didn't|will\s+not|won't|not\s+to\s+have|not\s+have|never|no\s+(?:missile|flight|object|sign))"
        r"[^.;。]{0,70}?(?:exclusive\s+economic\s+zone|EEZ)",
        re.I,
    )
    ja = re.compile(r"(?:我が国の|わが国の|日本の)?(?:排他的経済水域|EEZ)(?:\s*[(（]EEZ[)）])?(?:の)?(?P<w>外側|内側|外|内)"
                    r"(?P<tail>[^。]{0,25})")
    ja_neg = re.compile(r"(?:排他的経済水域|EEZ)[^。]{0,20}?(?:落下|飛来)[^。]{0,12}?"
                        r"(?:しなかった|していない|されていない|確認されず|確認されていない|確認していない|しない)")
    ko = re.compile(r"(?:일본(?:의)?\s*)?(?:배타적\s*경제\s*수역|EEZ)(?:\s*\(EEZ\))?\s*(?P<w>밖|바깥|외측|외|안|내측|내)")
    for m in neg.finditer(r.norm):
        r.add("verdict", m.start(), m.end(), {"verdict": "outside", "hedged": False, "target": "JPN"})
    for m in en.finditer(r.norm):
        where = m.group("where").lower()
        v = "outside" if where.startswith(("out", "beyond")) else "inside"
        s = m.start("hedge") if m.group("hedge") else m.start("where")
        r.add("verdict", s, m.end(), {"verdict": v, "hedged": bool(m.group("hedge")), "target": "JPN"})
    for m in ja_neg.finditer(r.norm):
        hedged = bool(re.search(r"推定|とみられ|見られ|可能性|模様", r.norm[m.end():m.end() + 8]))
        r.add("verdict", m.start(), m.end(), {"verdict": "outside", "hedged": hedged, "target": "JPN"})
    for m in ja.finditer(r.norm):
        v = "outside" if m.group("w").startswith("外") else "inside"
        tail = m.group("tail")
        if v == "inside" and re.search(r"(?:ない|なかった|されていない|確認されず)", tail):
            v = "outside"  # 「EEZ内への落下は確認されていない」
        hedged = bool(re.search(r"推定|とみられ|見られ|可能性|模様", tail + r.norm[max(m.start() - 15, 0):m.start()]))
        r.add("verdict", m.start(), m.end("w"), {"verdict": v, "hedged": hedged, "target": "JPN"})
    for m in ko.finditer(r.norm):
        v = "outside" if m.group("w") in ("밖", "바깥", "외측", "외") else "inside"
        hedged = bool(re.search(r"추정|것으로\s*보|가능성", r.norm[m.end():m.end() + 25]))
        r.add("verdict", m.start(), m.end(), {"verdict": v, "hedged": hedged, "target": "JPN"})


@functools.lru_cache(maxsize=1)
def _place_index():
    """Latin names by first word (normalised key → place, longest first) and CJK/Hangul names."""
    latin: dict[str, Place] = {}
    cjk: dict[str, Place] = {}
    for p in all_places():
        for name in p.names:
            if not name:
                continue
            if re.search(r"[A-Za-z]", name):
                if len(name) >= 3:
                    latin[normalize_name(name)] = p
            elif len(name) >= 2:
                cjk[unicodedata.normalize("NFKC", name)] = p
    pattern = re.compile("|".join(re.escape(k) for k in sorted(cjk, key=len, reverse=True))) if cjk else None
    return latin, cjk, pattern


_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_MAX_NAME_WORDS = 7


def _find_places(r: _Reader):
    """Every gazetteer name in the text: (start, end, place), longest match first, no overlaps."""
    latin, cjk, pattern = _place_index()
    found = []
    words = list(_WORD.finditer(r.norm))
    i = 0
    while i < len(words):
        hit = None
        for n in range(min(_MAX_NAME_WORDS, len(words) - i), 0, -1):
            s, e = words[i].start(), words[i + n - 1].end()
            if n > 1 and re.search(r"[.,;:!?()\[\]。、]", r.norm[s:e]):
                continue  # a name does not run across punctuation
            p = latin.get(normalize_name(r.norm[s:e]))
            if p is not None:
                hit = (s, e, p, n)
                break
        if hit:
            found.append(hit[:3])
            i += hit[3]
        else:
            i += 1
    if pattern is not None:
        for m in pattern.finditer(r.norm):
            found.append((m.start(), m.end(), cjk[m.group(0)]))
    return found


def _read_seas(r: _Reader) -> None:
    words = sorted({w for ws in SEA_ALIASES.values() for w in ws}, key=len, reverse=True)
    latin = [w for w in words if re.search(r"[A-Za-z]", w)]
    other = [w for w in words if not re.search(r"[A-Za-z]", w)]
    en = re.compile(r"(?<![\w\-])(?:the\s+)?(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in latin) + r")(?![\w\-])", re.I)
    xx = re.compile("(?:" + "|".join(re.escape(w) for w in other) + r")(?!안|岸|側|沿岸|\s*위성|衛星)(?P<suffix>상|上)?")
    for m in list(en.finditer(r.norm)) + list(xx.finditer(r.norm)):
        name = re.sub(r"^the\s+", "", m.group(0), flags=re.I)
        name = re.sub(r"(?:상|上)$", "", name)
        sea = lookup_sea(name)
        if sea is not None and sea.areas:
            r.add("sea", m.start(), m.end(), {"name": name, "sea_ids": list(sea.sea_ids)}, sea)


def _read_offsets(r: _Reader) -> None:
    """Positions: "D DIRECTION of PLACE" (parse_report), "PLACEの方角D" and rings "D from PLACE"."""
    en = re.compile(rf"(?P<dist>{_DIST})\.?\s+(?:to\s+the\s+)?(?P<dir>{_COMPASS_EN})(?:ward|erly)?\s+(?:of|from|off)\s+", re.I)
    for m in en.finditer(r.norm):
        window = r.norm[m.start(): min(m.end() + 120, len(r.norm))]
        window = re.split(r"[;。\n]|\.(?:\s|$)", window, maxsplit=1)[0]
        try:
            loc = parse_report(window)
        except InputError:
            continue
        end = _name_end(r.norm, m.end(), loc.place)
        r.add("offset", m.start(), end, _offset_value(loc), loc)
    ring = re.compile(rf"(?P<dist>{_DIST})\.?\s+(?:off(?:\s+the\s+coast\s+of)?|from)\s+(?:the\s+)?", re.I)
    for m in ring.finditer(r.norm):
        if re.search(r"(?:fl[eoy]w?n?|flying|travel+(?:ed|ing)?|range\s+of|covered|covering)\s+(?:for\s+)?$",
                     r.norm[max(m.start() - 25, 0):m.start()], re.I):
            continue  # "flew 700 km from the Taegwan area": a range, not a ring
        place, end = _leading_place(r.norm, m.end())
        d = _distance(m.group("dist"))
        if place is not None and d is not None:
            r.add("ring", m.start(), end, {"place": place.name_en, "distance_km": d.mid_km}, (place, d))
    ja = re.compile(rf"(?P<dist>{_DIST})")
    for m in ja.finditer(r.norm):
        head = r.norm[max(m.start() - 40, 0):m.start()]
        if not re.search(r"[\u3040-\u30ff\u4e00-\u9fff][、,]?\s*(?:約|およそ|概ね)?\s*$", head):
            continue  # Japanese puts the place before the distance
        head = re.split(r"[。\n;]", head)[-1]
        s = m.start() - len(head)
        ring_m = re.search(r"(?P<place>[^\s、。,]+?)(?:沖|付近)?から\s*$", head)
        if ring_m:
            place = _trailing_place(ring_m.group("place"))
            d = _distance(m.group("dist"))
            if place is not None and d is not None:
                r.add("ring", s + ring_m.start("place"), m.end(), {"place": place.name_en, "distance_km": d.mid_km},
                      (place, d))
            continue
        try:
            loc = parse_report(head + m.group(0))
        except InputError:
            continue
        names = [n for n in loc.place.names if n and n in head]
        start = s + min(head.find(n) for n in names) if names else s
        r.add("offset", start, m.end(), _offset_value(loc), loc)


def _offset_value(loc) -> dict:
    return {"place": loc.place.name_en, "place_kind": loc.place.kind, "bearing_deg": loc.bearing_deg,
            "distance_km": loc.range_km}


def _name_end(norm: str, pos: int, place: Place) -> int:
    """End of ``place``'s name in the text after ``pos`` (else ``pos``)."""
    low = norm.casefold()
    best = pos
    for name in place.names:
        if not name:
            continue
        i = low.find(name.casefold(), pos, pos + 60 + len(name))
        if i >= 0:
            best = max(best, i + len(name))
    return best


def _leading_place(norm: str, pos: int) -> tuple[Place | None, int]:
    """The longest run of words at ``pos`` that names a place, and where it ends."""
    words = list(_WORD.finditer(norm, pos, min(pos + 80, len(norm))))
    for n in range(min(_MAX_NAME_WORDS, len(words)), 0, -1):
        if words[0].start() != pos:
            break
        e = words[n - 1].end()
        if re.search(r"[.,;:!?()]", norm[pos:e]):
            continue
        p = lookup_place(norm[pos:e])
        if p is not None:
            return p, e
    return None, pos


def _trailing_place(s: str) -> Place | None:
    """The longest tail of ``s`` that names a place (drops 北海道, 島根県隠岐諸島の … prefixes)."""
    for i in range(len(s)):
        p = lookup_place(s[i:])
        if p is not None:
            return p
    return None


def _read_figures(r: _Reader) -> None:
    verbs_en = r"(?:fl[eoy]w?n?|flying|travel+(?:ed|ing)?|covered|covering|(?:flight|flying)\s+(?:distance\s+)?of|range\s+of|distance\s+of)"
    patterns = [
        ("range", re.compile(rf"{verbs_en}\s+(?:for\s+)?(?P<d>{_DIST})", re.I)),
        ("range", re.compile(rf"(?P<d>{_DIST})\s*(?:程度)?(?:を|ほど)?\s*(?:飛翔|飛行)")),
        ("range", re.compile(rf"(?:飛翔|飛行)距離(?:は|が)?\s*(?P<d>{_DIST})")),
        ("range", re.compile(rf"(?P<d>{_KO_DIST})\s*(?:를|을|가량|정도)?\s*(?:비행|날아)")),
        ("range", re.compile(rf"비행\s*거리(?:는|가)?\s*(?P<d>{_KO_DIST})")),
        ("apogee", re.compile(rf"(?:apogee|altitude|height)\s+(?:of\s+)?(?:about\s+|around\s+)?(?P<d>{_DIST})", re.I)),
        ("apogee", re.compile(rf"(?:最高)?高度(?:は|が)?\s*(?P<d>{_DIST})")),
        ("apogee", re.compile(rf"(?:정점\s*)?고도(?:는|가)?\s*(?P<d>{_KO_DIST})")),
    ]
    for kind, pat in patterns:
        for m in pat.finditer(r.norm):
            d = _distance(m.group("d"))
            if d is not None:
                r.add(kind, m.start(), m.end(), {"km": d.mid_km, "low_km": d.low_km, "high_km": d.high_km,
                                                 "words": m.group("d").strip()}, d)


def _read_directions(r: _Reader) -> None:
    en_waters = re.compile(rf"(?:toward|towards|into|to)\s+(?:its|the|their)\s+(?P<dir>{_COMPASS_EN})(?:ern)?\s+(?:waters|seas?)\b", re.I)
    en_move = re.compile(
        rf"(?:fired|launched|flew|flying|headed|heading|toward|towards|in\s+an?)\s+(?:[\w,.]+\s+){{0,4}}?"
        rf"(?P<dir>{_COMPASS_EN})(?:wards?|erly)?(?:\s+direction)?\b(?!\s+(?:of|coast|sea|china|asia|korea|japan)\b)",
        re.I,
    )
    ja = re.compile(r"(?P<dir>[北南東西]{1,3})(?:方向|の方向|方)(?:に|へ)")
    ko = re.compile(r"(?P<dir>북동|동북|남동|동남|남서|서남|북서|서북|동|서|남|북)\s*(?:쪽|방향)\s*(?:으로|로)")
    for m in en_waters.finditer(r.norm):
        b = parse_bearing(m.group("dir"))
        # "its eastern waters": the quarter of the compass, not a sector word
        r.add("direction", m.start(), m.end(), {"degrees": b.degrees, "halfwidth_deg": 45.0, "words": m.group(0)},
              Bearing(b.degrees, 45.0, m.group(0)))
    for pat in (en_move, ja):
        for m in pat.finditer(r.norm):
            try:
                b = compass_sector(m.group("dir"))
            except InputError:
                continue
            r.add("direction", m.start("dir"), m.end(), {"degrees": b.degrees, "halfwidth_deg": b.halfwidth_deg,
                                                         "words": m.group(0)}, b)
    for m in ko.finditer(r.norm):
        deg = _KO_DIRECTIONS[m.group("dir")]
        r.add("direction", m.start(), m.end(), {"degrees": deg, "halfwidth_deg": COARSE_HALFWIDTH_DEG, "words": m.group(0)},
              Bearing(deg, COARSE_HALFWIDTH_DEG, m.group(0)))


_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}


def _read_when(r: _Reader) -> None:
    month = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
    dates = [
        re.compile(r"(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)"),
        re.compile(rf"{month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>20\d\d))?"),
        re.compile(rf"(?P<d>\d{{1,2}})\s+{month}(?:\s+(?P<y>20\d\d))?"),
        re.compile(r"(?:(?P<y>20\d\d)\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
        re.compile(r"(?:(?P<y>20\d\d)\s*년\s*)?(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일"),
    ]
    for pat in dates:
        for m in pat.finditer(r.norm):
            g = m.groupdict()
            mon = int(g["m"]) if g.get("m") else _MONTHS[g["mon"][:3].lower()]
            day = int(g["d"])
            if not (1 <= mon <= 12 and 1 <= day <= 31):
                continue
            value = f"{g['y'] or '----'}-{mon:02d}-{day:02d}"
            r.add("date", m.start(), m.end(), value)
    times = [
        (re.compile(r"(?P<h>\d{1,2}):(?P<mi>\d\d)\s*(?P<ap>[ap]\.?m\.?)?", re.I), "en"),
        (re.compile(r"(?P<ap>午前|午後)?\s*(?P<h>\d{1,2})\s*時(?!間)\s*(?:(?P<mi>\d{1,2})\s*分)?"), "ja"),
        (re.compile(r"(?P<ap>오전|오후)?\s*(?P<h>\d{1,2})\s*시(?!간)\s*(?:(?P<mi>\d{1,2})\s*분)?"), "ko"),
    ]
    for pat, _lang in times:
        for m in pat.finditer(r.norm):
            h, mi = int(m.group("h")), int(m.group("mi") or 0)
            ap = (m.group("ap") or "").lower().replace(".", "")
            if ap in ("pm", "午後", "오후") and h < 12:
                h += 12
            if ap in ("am", "午前", "오전") and h == 12:
                h = 0
            if h <= 23 and mi <= 59:
                r.add("time", m.start(), m.end(), f"{h:02d}:{mi:02d}")


def _read_places(r: _Reader) -> None:
    for s, e, p in _find_places(r):
        if p.kind == "region":
            # "Japan said" names a source, "east of Japan" a reference: a reference comes after
            # of/off/from …, or (Japanese, Korean) before の/沖/東 …, 동쪽/인근 ….
            before = re.search(rf"(?:\b(?:(?P<dir>{_COMPASS_EN})\s+of|of|off|from|near|along|around|toward|towards)\s+(?:the\s+)?)$",
                               r.norm[max(s - 30, 0):s], re.I)
            after = re.match(r"\s*(?:の)?(?P<dir>[東西南北]{1,3})|\s*(?:の|から|沖|付近|沿岸|近海|に近い|近く|동쪽|서쪽|남쪽|북쪽|인근|해상|앞바다|쪽|에서)",
                             r.norm[e:e + 8])
            if re.match(r"\s*の?\s*(?:排他的|EEZ|領海|領域|領土|防空)", r.norm[e:e + 8]):
                continue  # 日本の排他的経済水域: whose EEZ, not where
            if before or after:
                word = (before.group("dir") if before else None) or (after.group("dir") if after else None)
                launched = bool(re.match(r"\s*(?:付近|沿岸)?\s*(?:から|より|에서)", r.norm[e:e + 8])) or bool(
                    before and re.search(r"\bfrom\s+(?:the\s+)?$", before.group(0), re.I)
                    and re.search(r"(?:fired|launched|launch)\b[^.;]{0,40}$", r.norm[max(s - 60, 0):s], re.I))
                direction = compass_sector(word) if word else None
                r.add("reference", s, e, {"place": p.name_en, "id": p.id, "role": "launch" if launched else "landing",
                                          "direction_deg": direction.degrees if direction else None}, (p, direction))
        elif p.kind in LAUNCH_KINDS and p.country == "PRK":
            # "Taegwan area", 대관 일대, 大館付近: the area words belong to the name.
            tail = re.match(r"\s*(?:area|region|county|district|일대|지역|일원|付近|一帯|地域|周辺)", r.norm[e:e + 12], re.I)
            r.add("launch", s, e + (tail.end() if tail else 0),
                  {"place": p.name_en, "id": p.id, "kind": p.kind, "specific": _SPECIFIC[p.kind]}, p)


def _read_sources(r: _Reader) -> None:
    for key, words in _SOURCE_WORDS.items():
        for m in re.finditer(rf"(?<![\w\-])(?:{words})(?![A-Za-z])", r.norm):
            r.add("source", m.start(), m.end(), key, take=False)


def extract_facts(text: str) -> tuple[list[Fact], str, list[int]]:
    """Every fact the text states, in text order (sources not yet attributed).

    Parameters
    ----------
    text : str
        An article or statement.

    Returns
    -------
    (list of Fact, normalised text, position map)

    Examples
    --------
    >>> facts, _, _ = extract_facts("The missile flew about 700 km before landing in the East Sea, the JCS said.")
    >>> [(f.kind, f.text) for f in facts]
    [('range', 'flew about 700 km'), ('sea', 'the East Sea'), ('source', 'JCS')]
    """
    if not isinstance(text, str):
        raise InputError(f"report = {text!r}: give the text of an article or statement")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"report is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,}")
    norm, where = normalise(text)
    r = _Reader(text, norm, where)
    # Order matters: the most specific readings claim their words first.
    _read_verdicts(r)
    _read_offsets(r)
    _read_figures(r)
    _read_seas(r)  # before places: 동해상 is the East Sea, not the Tonghae launch site
    _read_places(r)
    _read_directions(r)
    _read_when(r)
    _read_sources(r)
    return sorted(r.facts, key=lambda f: (f.start, f.end)), norm, where

