"""Render an extracted :class:`~ehcp_nlp.model.Plan` as JSON or readable text."""
from __future__ import annotations

import textwrap
from typing import Any

from ..model import Plan


def plan_as_json(plan: Plan, with_blocks: bool = False) -> dict[str, Any]:
    """The ``extract`` JSON contract: source, kind, sections{title, text}, missing, warnings."""
    data = plan.to_dict(with_blocks=with_blocks)
    data["warnings"] = [f"{w['code']}: {w['message']}" for w in data["warnings"]]
    return data


def plan_as_text(plan: Plan, width: int = 100) -> str:
    """A readable listing: each section's heading and text, then what is missing."""
    lines = [f"{plan.source} ({plan.format}" + (f", {plan.pages} pages)" if plan.pages else ")"),
             f"Read as: {plan.kind}" + (f" ({'; '.join(plan.kind_evidence)})" if plan.kind_evidence else "")]
    for key, section in plan.sections.items():
        lines += ["", f"== {key}: {section.title} ==" if section.title != key else f"== {key} =="]
        for paragraph in section.text.splitlines():
            lines += textwrap.wrap(paragraph, width) or [""]
    for appendix in plan.appendices:
        lines += ["", f"== {appendix.title} ==", *textwrap.wrap(appendix.text, width)]
    lines += ["", "Missing sections: " + (", ".join(plan.missing) if plan.missing else "none")]
    lines += [f"Warning: {w.message}" for w in plan.warnings]
    return "\n".join(lines)
