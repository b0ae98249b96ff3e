"""A whole article or statement in, one estimate per source's figures out.

:func:`read_report` reads what the text states (:mod:`geo.reports.extract`), attributes each
fact to its source, builds one scenario per source (:mod:`geo.reports.scenarios`) and estimates
each, then compares the tool's calls with the verdicts the text states.

Attribution: a fact belongs to the source named in its sentence (or ``;`` clause) — the nearest
mention before it, else the first after it ("…, the JCS said") — and a sentence that names no
source continues the previous one's. A figure a source does not give is borrowed from another
source (the launch site is often only in South Korea's account) or from the unattributed text,
and the scenario says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.errors import InputError
from geo.names import possessive
from geo.reports.extract import SOURCES, Fact, extract_facts, sentences
from geo.reports.scenarios import Figures, Scenario, estimate, implied_sea

__all__ = ["Report", "read_report", "attribute", "own_figures"]

_REPORT = "the report"
_BORROWABLE = ("launch", "direction", "sea")


def attribute(facts: list[Fact], norm: str, where: list[int]) -> list[Fact]:
    """The facts with ``source`` set (see the module docstring).

    Parameters
    ----------
    facts : list of Fact
        From :func:`geo.reports.extract.extract_facts`.
    norm, where : str, list of int
        Its normalised text and position map.

    Returns
    -------
    list of Fact

    Examples
    --------
    >>> from geo.reports.extract import extract_facts
    >>> t = "Seoul said it flew 700 km. Japan said it flew 450 km."
    >>> facts, norm, where = extract_facts(t)
    >>> [(f.text, f.source) for f in attribute(facts, norm, where) if f.kind == "range"]
    [('flew 700 km', 'ROK'), ('flew 450 km', 'JPN')]
    """
    bounds = [(where[s], where[e]) for s, e in sentences(norm)]

    def sentence_of(pos: int) -> int:
        for i, (a, b) in enumerate(bounds):
            if a <= pos < b:
                return i
        return len(bounds) - 1

    by_sentence: dict[int, list[Fact]] = {}
    for f in facts:
        if f.kind == "source":
            by_sentence.setdefault(sentence_of(f.start), []).append(f)
    out, carried = [], None
    last_sentence = -1
    for f in facts:
        i = sentence_of(f.start)
        if i != last_sentence:
            for j in range(last_sentence + 1, i):  # sentences without facts still carry their source
                if by_sentence.get(j):
                    carried = by_sentence[j][-1].value
            last_sentence = i
        mentions = by_sentence.get(i, [])
        if f.kind == "source":
            out.append(_with_source(f, f.value))
            continue
        before = [m for m in mentions if m.start <= f.start]
        after = [m for m in mentions if m.start > f.start]
        src = before[-1].value if before else after[0].value if after else carried
        out.append(_with_source(f, src))
        if mentions:
            carried = mentions[-1].value
    return out


def _with_source(f: Fact, source) -> Fact:
    return Fact(f.kind, f.value, f.start, f.end, f.text, source, f.data)


def _label(source: str | None) -> str:
    return SOURCES.get(source, _REPORT) if source else _REPORT


def _first(facts, kind):
    return next((f for f in facts if f.kind == kind), None)


def own_figures(source, facts: list[Fact]) -> Figures:
    """The figures ``facts`` give (launch site: the most specific one; the first of each other
    kind; up to two distances from places; a landing reference; the first verdict).

    Parameters
    ----------
    source : str or None
        Whose they are.
    facts : list of Fact
        That source's facts.

    Returns
    -------
    Figures

    Examples
    --------
    >>> from geo.reports.extract import extract_facts
    >>> own_figures(None, extract_facts("It flew about 700 km from Sunan.")[0]).range.mid_km
    700.0
    """
    fig = Figures(source=source)
    launches = sorted((f for f in facts if f.kind == "launch"), key=lambda f: (f.value["specific"], f.start))
    if launches:
        fig.launch, fig.texts["launch"] = launches[0].data, launches[0].text
    for kind, attr in (("range", "range"), ("apogee", "apogee"), ("direction", "direction"), ("sea", "sea")):
        f = _first(facts, kind)
        if f is not None:
            setattr(fig, attr, f.data)
            fig.texts[attr] = f.text
    rings = [f for f in facts if f.kind == "ring"]
    if rings:
        fig.rings = tuple(f.data for f in rings[:2])
        fig.texts["rings"] = " / ".join(f.text for f in rings[:2])
    refs = [f for f in facts if f.kind == "reference" and f.value.get("role") == "landing"]
    if refs:
        place, direction = refs[0].data
        fig.reference, fig.texts["reference"] = (place, direction), refs[0].text
    v = _first(facts, "verdict")
    if v is not None:
        fig.verdict = dict(v.value, text=v.text, start=v.start, end=v.end)
    return fig


def _borrow(fig: Figures, others: dict) -> None:
    """Fill the figures this source lacks from the other sources (most specific first)."""
    for attr in _BORROWABLE:
        if getattr(fig, attr) is not None:
            continue
        if attr == "sea" and implied_sea(fig.reference) is not None:
            continue  # its own reference implies the sea
        for src, other in others.items():
            if src != fig.source and getattr(other, attr) is not None:
                setattr(fig, attr, getattr(other, attr))
                fig.borrowed[attr] = _label(src)
                fig.texts[attr] = other.texts.get(attr, "")
                break


def _scenarios_of(facts: list[Fact]) -> list[tuple[str, Figures]]:
    """One set of figures per source (one per stated position when a source gives several)."""
    sources = [s for s in dict.fromkeys(f.source for f in facts if f.kind != "source")]
    own = {s: own_figures(s, [f for f in facts if f.source == s]) for s in sources}
    figures = []
    for s in sources:
        mine = [f for f in facts if f.source == s and f.kind != "source"]
        if not any(f.kind in ("range", "offset", "ring", "reference", "verdict", "sea") for f in mine):
            continue  # only a date or a launch site: others borrow it
        offsets = [f for f in mine if f.kind == "offset"]
        for k, off in enumerate(offsets or [None]):
            fig = own_figures(s, [f for f in facts if f.source == s])
            if off is not None:
                fig.offset, fig.texts["position"] = off.data, off.text
            _borrow(fig, own)
            figures.append((_label(s) + (f" ({k + 1})" if len(offsets) > 1 else ""), fig))
    return figures


@dataclass(frozen=True, eq=False)
class Report:
    """What a report says and what the estimator makes of it.

    ``facts``: every fact read, with its span and source; ``scenarios``: one per source's
    figures, each with its estimate (or what is missing); ``comparisons``: the tool's calls
    beside the verdicts the text states.
    """

    text: str
    facts: tuple[Fact, ...]
    scenarios: tuple[Scenario, ...]
    target: str

    def stated_verdicts(self) -> list[dict]:
        """The EEZ verdicts the text states, with who states them."""
        return [dict(f.value, source=_label(f.source), text=f.text, start=f.start, end=f.end)
                for f in self.facts if f.kind == "verdict"]

    def comparisons(self) -> list[dict]:
        """Each scenario's call beside each stated verdict: agrees / disagrees / undecided."""
        out = []
        for s in self.scenarios:
            if s.estimate is None:
                continue
            for v in self.stated_verdicts():
                call = s.estimate.call
                agrees = None if call == "too close to call" else call == v["verdict"]
                out.append({"scenario": s.label, "call": call, "p_in_target_eez": s.estimate.p_in_target_eez,
                            "stated_by": v["source"], "stated_verdict": v["verdict"], "hedged": v["hedged"],
                            "agrees": agrees})
        return out

    def to_dict(self) -> dict:
        return {
            "target": self.target,
            "characters": len(self.text),
            "facts": [f.to_dict() for f in self.facts],
            "scenarios": [s.to_dict() for s in self.scenarios],
            "stated_verdicts": self.stated_verdicts(),
            "comparisons": self.comparisons(),
        }

    def summary(self) -> str:
        """What was read, the scenarios side by side, and the calls against the stated verdicts."""
        from geo.reports.report_text import report_summary

        return report_summary(self)

    def _repr_html_(self) -> str:
        """A notebook shows the scenarios side by side as a table (every text escaped)."""
        from geo.reports.display import report_html

        return report_html(self)


def read_report(text: str, *, target: str = "JPN", zones=None, samples: int = 20_000, seed=0,
                inside_threshold: float = 0.9, outside_threshold: float = 0.1) -> Report:
    """Read an article or statement (English, Japanese or Korean) and estimate each source's figures.

    Parameters
    ----------
    text : str
        The whole text.
    target : str
        The state whose EEZ is asked about (ISO3, default Japan).
    zones, samples, seed, inside_threshold, outside_threshold
        As for :func:`geo.reports.landing.estimate_impact`.

    Returns
    -------
    Report

    Raises
    ------
    InputError
        When the text is empty or states nothing a landing point can be estimated from; the
        message names what was found and what is missing.

    Examples
    --------
    >>> r = read_report("Japan's defense ministry said a missile launched from Sunan flew about 350 km "
    ...                 "and fell in the Sea of Japan.", samples=2000)
    >>> r.scenarios[0].label, r.scenarios[0].estimate.call
    ('Japan', 'outside')
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError("the report is empty: give the text of an article or statement (or a file, or - for stdin)")
    facts, norm, where = extract_facts(text)
    facts = attribute(facts, norm, where)
    figures = _scenarios_of(facts)
    if not figures:
        raise InputError(
            "nothing to estimate in the report: no range ('flew about 700 km'), position ('about 250 km west of "
            "Okushiri Island'), landing sea ('in the East Sea') or EEZ verdict found"
            + (f"; read only: {', '.join(sorted({f.kind for f in facts}))}" if facts else "")
        )
    scenarios = tuple(
        estimate(fig, label=label, target=target, zones=zones, samples=samples, seed=seed,
                 inside_threshold=inside_threshold, outside_threshold=outside_threshold)
        for label, fig in figures
    )
    if not any(s.estimate is not None for s in scenarios):
        raise InputError(
            f"nothing to estimate {possessive(target)} EEZ from in the report: "
            + "; ".join(f"{s.label}: {s.missing}" for s in scenarios)
        )
    return Report(text, tuple(facts), scenarios, target)
