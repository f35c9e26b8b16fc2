"""Professional advice and review paperwork across the batch: the weak ones, ranked, and by service or setting."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

from .cohort_data import _capital, percent, share, wording
from .cohort_results import DocumentFigures, DocumentFlags, GroupFigures
from .records import PlanRecord

_SEVERITY = {"major": 3, "minor": 1, "info": 0}


def _problems(flag: dict[str, str], main_code: str, titles: dict[str, str]) -> list[str]:
    """The reasons a flag gives ("nothing is quantified; …" after the rule's message), else what its check's
    improvement phrase says ("another child's name was left in the plan")."""
    message = flag.get("message", "")
    if flag["code"] == main_code and ": " in message:
        reasons = [r.strip().rstrip(".") for r in message.rsplit(": ", 1)[1].split(";")]
        return [r for r in reasons if r] or [flag["code"]]
    return [titles.get(flag["code"], flag["code"])]


def document_figures(records: list[PlanRecord], kind: str) -> DocumentFigures:
    """Advice reports or review forms: how many are weak, ranked worst first, and by service or setting.

    Documents are ranked by the severity of their flags (major 3, minor 1), then by how many problems
    they were flagged for.
    """
    spec = wording()["documents"][kind]
    titles = {code: e["improvement"] for code, e in wording()["checks"].items()}
    docs = [r for r in records if r.ok and r.kind == kind]
    ranked = []
    for r in docs:
        problems = [p for f in r.flags for p in _problems(f, spec["code"], titles)]
        group = (r.meta.get(spec["group_by"]) or "").strip()
        ranked.append(DocumentFlags(r.id, r.file, group, len(r.flags),
                                    sum(_SEVERITY.get(f["severity"], 1) for f in r.flags),
                                    spec["code"] in r.flag_counts(), tuple(dict.fromkeys(problems))))
    ranked.sort(key=lambda d: (-d.weight, -len(d.problems), -d.flags, d.file))
    weak = sum(d.weak for d in ranked)
    groups = _groups(ranked, spec["ungrouped"]) if any(d.group for d in ranked) else ()
    sentence = f"{_capital(spec['improvement'])} in {share(weak, len(docs))} {spec['noun']}." if docs else ""
    return DocumentFigures(kind, spec["code"], spec["group_by"], spec["group_label"], spec["noun"], len(docs), weak,
                           percent(weak, len(docs)), sentence, _commonest(ranked), groups, tuple(ranked))


def _commonest(docs: Iterable[DocumentFlags], top: int = 5) -> tuple[tuple[str, int], ...]:
    counts = Counter(p for d in docs for p in d.problems)
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top])


def _groups(ranked: list[DocumentFlags], ungrouped: str) -> tuple[GroupFigures, ...]:
    by_group: dict[str, list[DocumentFlags]] = defaultdict(list)
    for d in ranked:
        by_group[d.group or ungrouped].append(d)
    groups = [GroupFigures(name, len(ds), sum(d.weak for d in ds), percent(sum(d.weak for d in ds), len(ds)),
                           _commonest(ds, 3)) for name, ds in by_group.items()]
    groups.sort(key=lambda g: (g.name == ungrouped, -g.weak_percent, -g.weak, g.name))
    return tuple(groups)
