"""The network review as one HTML page and its PDF, through the report package's machinery.

Charts are Altair specs drawn to inline SVG (charts.py, report.charts); the PDF is this very page
printed by WeasyPrint (report.pdf.html_to_pdf). Every figure stands beside its count of
institutions and its caveats; the ranking shows each institution's series with its carried-forward
values hollow, so that a reader sees the evidence and its limits together.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from missionlens.network import charts, labels
from missionlens.network.decomposition import DECOMPOSED
from missionlens.network.distribution import THIN_YEAR
from missionlens.network.institutions import INDICATORS, IndicatorKey
from missionlens.network.model import NetworkReview
from missionlens.network.yearly import YEARLY_MIN_POINTS
from missionlens.report.labels import Lang, number, percent
from missionlens.report.pdf import html_to_pdf

RANKED_SHOWN = 25
NETWORK_CHARTS: tuple[IndicatorKey, ...] = ("depth", "women_share", "average_loan_balance", "par30")


@dataclass(frozen=True)
class RankedView:
    rank: int
    name: str
    country: str
    legal_status: str
    findings: tuple[tuple[str, str], ...]  # (evidence, confidence)
    caveats: tuple[str, ...]
    chart: Markup


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("missionlens.network", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def _css() -> str:
    return resources.files("missionlens.network").joinpath("static/network.css").read_text(encoding="utf-8")


def _ranked(review: NetworkReview, lang: Lang) -> list[RankedView]:
    out = []
    for k, r in enumerate(review.ranking[:RANKED_SHOWN]):
        top = r.drift_alerts[0]
        i = r.institution
        chart = charts.institution_svg(i.values(top.indicator), top.indicator, lang,
                                       f"{i.name}: {labels.SHORT[lang][top.indicator]}", top.start)
        out.append(RankedView(
            rank=k + 1, name=i.name, country=i.country, legal_status=" → ".join(i.legal_statuses),
            findings=tuple((a.evidence, percent(a.confidence, lang)) for a in r.drift_alerts),
            caveats=r.caveats, chart=Markup(chart),
        ))
    return out


def _key_figures(review: NetworkReview, lang: Lang) -> list[dict[str, str]]:
    well = [s for s in review.by_year if not s.thin]
    if len(well) < 2:
        return []
    first, last = well[0], well[-1]
    out = []
    for key in ("depth", "women_share", "par30"):
        a, b = first.indicators[key], last.indicators[key]
        out.append({
            "name": labels.NAMES[lang][key],
            "value": f"{labels.value(key, a.median, lang)} → {labels.value(key, b.median, lang)}",
            "note": f"{first.year} (n = {a.n}) → {last.year} (n = {b.n})",
        })
    return out


def _summary(review: NetworkReview, lang: Lang) -> list[str]:
    """The cover's findings: the network's own changes, the ranking in one line, NGOs against the rest."""
    out = [a.evidence for a in review.network_alerts]
    ranked = review.ranking
    if ranked:
        counts = {k: sum(1 for r in ranked if any(a.indicator == k for a in r.drift_alerts))
                  for k in ("depth", "women_share", "par30")}
        first = ", ".join(r.institution.name for r in ranked[:3])
        out.append(labels.text(lang, "summary_ranked", n=len(ranked), total=number(len(review.institutions), lang),
                               depth=counts["depth"], women=counts["women_share"], par=counts["par30"], first=first))
    else:
        out.append(labels.text(lang, "summary_none"))
    compared = {c.indicator: c for c in review.comparison}
    if compared.get("depth") and compared.get("women_share"):
        d, w = compared["depth"], compared["women_share"]
        out.append(labels.text(
            lang, "summary_compare", ngo_depth=labels.value("depth", d.ngo_median, lang),
            com_depth=labels.value("depth", d.commercial_median, lang),
            ngo_women=labels.value("women_share", w.ngo_median, lang),
            com_women=labels.value("women_share", w.commercial_median, lang)))
    return out


def _caveats(review: NetworkReview, lang: Lang) -> list[str]:
    measure = {"gdp": "PIB" if lang == "fr" else "GDP", "gni": "RNB" if lang == "fr" else "GNI",
               "gdp_ppp": "PIB PPA" if lang == "fr" else "GDP PPP"}
    measures = " / ".join(measure.get(m, m) for m in review.income_measures) or labels.text(lang, "none")
    proxy = labels.text(lang, "caveat_proxy") if "gdp" in review.income_measures else ""
    carried = sum(c for c, _ in review.carried.values())
    values = sum(n for _, n in review.carried.values())
    women_c, women_n = review.carried["women_share"]
    out = [
        labels.text(lang, "caveat_income", measure=measures, proxy=proxy),
        labels.text(lang, "caveat_carried", share=percent(carried / values if values else 0.0, lang),
                    women=percent(women_c / women_n if women_n else 0.0, lang)),
        labels.text(lang, "caveat_alert"),
    ]
    if review.too_short:
        out.append(labels.text(lang, "caveat_short", n=number(review.too_short, lang), min=YEARLY_MIN_POINTS))
    return out


def _decomposition_rows(review: NetworkReview, lang: Lang) -> list[dict[str, str]]:
    rows = []
    for key in DECOMPOSED:
        for d in (x for x in review.decomposition if x.indicator == key):
            rows.append({
                "indicator": labels.SHORT[lang][key], "span": f"{d.start} → {d.end}",
                "change": labels.signed(key, d.change, lang), "within": labels.signed(key, d.within, lang),
                "composition": labels.signed(key, d.composition, lang),
                "who": f"{d.stayers} {labels.text(lang, 'stayers')}, {d.entrants} {labels.text(lang, 'entrants')}, "
                       f"{d.leavers} {labels.text(lang, 'leavers')}",
            })
    return rows


def _status_rows(review: NetworkReview, lang: Lang) -> list[dict[str, Any]]:
    return [{
        "status": g.legal_status, "institutions": g.institutions,
        "values": [labels.value(k, g.indicators[k].median, lang) for k in INDICATORS],
    } for g in review.by_legal_status]


def _comparison_rows(review: NetworkReview, lang: Lang) -> list[dict[str, str]]:
    return [{
        "indicator": labels.NAMES[lang][c.indicator],
        "ngo": f"{labels.value(c.indicator, c.ngo_median, lang)} (n = {c.ngo_n})",
        "commercial": f"{labels.value(c.indicator, c.commercial_median, lang)} (n = {c.commercial_n})",
        "p": "–" if c.p_value is None else ("< 0.001" if c.p_value < 0.001 else number(c.p_value, lang, 3)),
    } for c in review.comparison]


def _carried_rows(review: NetworkReview, lang: Lang) -> list[dict[str, str]]:
    return [{
        "indicator": labels.NAMES[lang][k], "values": number(n, lang), "carried": number(c, lang),
        "share": percent(c / n if n else 0.0, lang),
    } for k, (c, n) in review.carried.items()]


def render_html(review: NetworkReview) -> str:
    """The whole network report as one self-contained HTML page."""
    lang = review.lang

    def t(key: str, **values: object) -> str:
        return labels.text(lang, key, **values)

    network_charts = [
        {"title": labels.NAMES[lang][k], "svg": Markup(charts.network_svg(review.by_year, k, lang, labels.NAMES[lang][k]))}
        for k in NETWORK_CHARTS
    ]
    network_charts.append({"title": t("pooled"), "svg": Markup(charts.pooled_svg(review.by_year, lang, t("pooled")))})
    network_charts.append({"title": t("institutions_per_year"),
                           "svg": Markup(charts.count_svg(review.by_year, lang, t("institutions_per_year")))})
    status_charts = [
        {"title": t("depth_by_status"),
         "svg": Markup(charts.status_svg(review.by_legal_status_year["depth"], "depth", lang, t("depth_by_status")))},
        {"title": t("women_by_status"),
         "svg": Markup(charts.status_svg(review.by_legal_status_year["women_share"], "women_share", lang,
                                         t("women_by_status")))},
    ]
    years = f"{review.years[0]}–{review.years[1]}" if review.years else "–"
    return _environment().get_template("network.html.j2").render(
        lang=lang, t=t, css=Markup(_css()), source=review.source, years=years,
        institutions=number(len(review.institutions), lang), generated=review.generated,
        key_figures=_key_figures(review, lang), caveats=_caveats(review, lang), summary=_summary(review, lang),
        network_charts=network_charts, network_lead=t("network_lead", thin=THIN_YEAR),
        network_alerts=[a.evidence for a in review.network_alerts],
        decomposition=_decomposition_rows(review, lang), status_rows=_status_rows(review, lang),
        indicator_names=[labels.SHORT[lang][k] for k in INDICATORS], status_charts=status_charts,
        comparison=_comparison_rows(review, lang), ranked=_ranked(review, lang),
        ranking_lead=t("ranking_lead", shown=min(RANKED_SHOWN, len(review.ranking)), total=len(review.ranking)),
        carried_rows=_carried_rows(review, lang),
        methods=t("methods", min=YEARLY_MIN_POINTS, tested=number(review.tested, lang)),
    )


def render_pdf(review: NetworkReview) -> bytes:
    return html_to_pdf(render_html(review))
