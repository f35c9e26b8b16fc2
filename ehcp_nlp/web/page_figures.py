"""The figures pages: the moderation sample and agreement (``/moderation``), the dashboard (``/dashboard``)
and the checks' precision from auditors' verdicts (``/precision``), whatever names the state gives them."""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

from ..model import RATINGS
from ..outputs import charts
from .page_format import yes_no
from .page_plans import AUDIT_STATUSES


def reason_counts(reasons: Any) -> list[tuple[str, int]]:
    """Dismissal reasons, commonest first, from a dict, a list of pairs or a list of dicts."""
    pairs: list[tuple[str, int]] = []
    if isinstance(reasons, Mapping):
        pairs = [(str(k), int(v or 0)) for k, v in reasons.items()]
    elif isinstance(reasons, (list, tuple)):
        for item in reasons:
            if isinstance(item, Mapping):
                pairs.append((str(item.get("reason", "")), int(item.get("count") or 0)))
            elif isinstance(item, (list, tuple)) and len(item) == 2:
                pairs.append((str(item[0]), int(item[1] or 0)))
            elif isinstance(item, str):
                pairs.append((item, 0))
    return sorted(pairs, key=lambda kv: (-kv[1], kv[0]))


def precision_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in rows or ():
        confirmed, dismissed = int(r.get("confirmed") or 0), int(r.get("dismissed") or 0)
        value = r.get("precision")
        if value is None and confirmed + dismissed:
            value = confirmed / (confirmed + dismissed)
        out.append({"code": r.get("code", ""), "raised": r.get("flags"), "confirmed": confirmed, "dismissed": dismissed,
                    "decided": confirmed + dismissed, "precision": value, "reasons": reason_counts(r.get("reasons"))})
    return sorted(out, key=lambda r: (-r["decided"], str(r["code"])))


def _first(mapping: Mapping[str, Any], *keys: str, default: Any = None) -> Any:
    for key in keys:
        if key in mapping and mapping[key] is not None:
            return mapping[key]
    return default


def moderation_view(data: Any) -> dict[str, Any]:
    """The moderation page's rows and agreement blocks, whatever names the state gives them."""
    data = data if isinstance(data, Mapping) else {}
    rows = []
    for r in _first(data, "sample", "plans", "rows", default=[]) or []:
        if not isinstance(r, Mapping):
            continue
        auditor = _first(r, "auditor_rating", "auditor", default="")
        moderator = _first(r, "moderator_rating", "moderator", default="")
        auditor_by = _first(r, "auditor_by", "audited_by", default="")
        moderator_by = _first(r, "moderator_by", "moderated_by", default="")
        if isinstance(auditor, Mapping):  # the decision itself
            auditor, auditor_by = auditor.get("rating", ""), auditor.get("decided_by", "")
        if isinstance(moderator, Mapping):
            moderator, moderator_by = moderator.get("rating", ""), moderator.get("decided_by", "")
        rows.append({"id": r.get("id", ""), "file": r.get("file", ""),
                     "suggested": _first(r, "suggested_rating", "suggested", default=""),
                     "auditor": auditor or "", "moderator": moderator or "",
                     "auditor_by": auditor_by or "", "moderator_by": moderator_by or "",
                     "reason": _first(r, "reason", "stratum", default=""),
                     "agree": (auditor == moderator) if auditor and moderator else None})
    agreement = _first(data, "agreement", default=data) or {}
    blocks = []
    for key, heading in (("auditor_vs_moderator", "Auditors' and moderators' ratings"),
                         ("tool_vs_auditor", "The tool's suggestions and auditors' ratings")):
        figures = agreement.get(key) if isinstance(agreement, Mapping) else None
        if isinstance(figures, Mapping) and figures.get("n"):
            matrix = figures.get("confusion")
            if isinstance(matrix, Mapping):
                matrix = matrix.get("matrix")
            blocks.append({"heading": heading, "n": figures.get("n"), "exact": figures.get("exact"),
                           "within_one": figures.get("within_one"), "kappa": figures.get("kappa"),
                           "kappa_note": figures.get("kappa_note", ""), "sentences": figures.get("sentences") or [],
                           "matrix": matrix if matrix and len(matrix) == len(RATINGS) else None})
    return {"rows": rows, "blocks": blocks, "population": _first(data, "population", default=None),
            "share": _first(data, "share", default=None), "seed": data.get("seed")}


def _chart(svg: str, alt: str) -> dict[str, str]:
    return {"src": charts.data_uri(svg), "alt": alt}


def dashboard_view(plans: Sequence[Mapping[str, Any]], cohort: Any) -> dict[str, Any]:
    """Figures of the chosen plans (from the plan list) and the whole folder's cohort figures."""
    ratings = Counter(str(p.get("suggested_rating")) for p in plans if p.get("suggested_rating"))
    statuses = Counter(str(p.get("audit_status") or "not audited") for p in plans)
    closer = sum(yes_no(p.get("closer_look")) == "yes" for p in plans)
    rated = sum(ratings.values())
    distribution = [{"rating": r, "count": ratings.get(r, 0),
                     "percent": (100 * ratings.get(r, 0) / rated) if rated else 0.0} for r in RATINGS]
    chart = None
    if rated:
        chart = _chart(charts.bar_chart(RATINGS, [d["count"] for d in distribution], title="Suggested ratings",
                                        value_labels=[f"{d['count']} ({d['percent']:.0f}%)" for d in distribution],
                                        horizontal=False, width=520),
                       "Bar chart of suggested ratings: " + "; ".join(
                           f"{d['rating']} {d['count']} ({d['percent']:.0f}%)" for d in distribution) + ".")
    cohort = cohort if isinstance(cohort, Mapping) else {}
    averages = cohort.get("averages") or {}
    sections = averages.get("sections") or {} if isinstance(averages, Mapping) else {}
    score_chart = None
    if sections:
        keys = list(sections)
        score_chart = _chart(charts.bar_chart([f"Section {k}" for k in keys], [float(sections[k]) for k in keys],
                                              maximum=5, title="Average section scores",
                                              value_labels=[f"{float(sections[k]):.1f}" for k in keys]),
                             "Bar chart of the average score of each section, out of 5: " + "; ".join(
                                 f"Section {k} {float(sections[k]):.1f}" for k in keys) + ".")
    return {"count": len(plans), "rated": rated, "closer": closer, "distribution": distribution, "chart": chart,
            "statuses": [(s, statuses.get(s, 0)) for s in AUDIT_STATUSES] +
                        [(s, n) for s, n in statuses.items() if s not in AUDIT_STATUSES],
            "cohort": cohort, "counts": cohort.get("counts") or {}, "averages": averages, "sections": sections,
            "score_chart": score_chart, "strengths": _sentences(cohort.get("strengths"), "strength"),
            "improvements": _sentences(cohort.get("improvements"), "improvement"),
            "trends": [str(t) for t in cohort.get("trends") or []],
            "recommendations": [r.get("text", "") for r in cohort.get("recommendations") or []
                                if isinstance(r, Mapping)]}


def _sentences(items: Any, key: str) -> list[str]:
    return [str(i.get(key) or i.get("title") or "") for i in items or [] if isinstance(i, Mapping)
            and (i.get(key) or i.get("title"))]
