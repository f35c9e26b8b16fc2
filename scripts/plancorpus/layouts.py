"""The five fixture template styles, extended for whole-corpus plans.

``fixturegen.styles`` lays out every statutory section of a plan. Corpus plans also need:

* sections left out (``CorpusPlan.omit``: "J", "K", "H", ...) and sections left empty (a heading
  with nothing under it: the section's item list is empty);
* a combined Section H (one "Section H: Social care provision" holding H1 and H2 content) in any
  style, not only ``lettered``;
* a Section J in ``lettered`` (the fixture template has none; here that is a plan defect, so it is
  left out only when ``omit`` says so);
* an area of need with nothing under it in one of B, E or F (a broken golden thread) shown by
  leaving that area's sub-heading out of that section, as a writer who had nothing to put there would.

The fixture modules are imported, never changed.
"""
from __future__ import annotations

from dataclasses import dataclass

from fixturegen.layout import Heading, Line, Row, Table, cell
from fixturegen.plans import Plan
from fixturegen.styles import PFA, Classic, Lettered, PartCaps, TableForm, strand_part


@dataclass(frozen=True)
class CorpusPlan(Plan):
    omit: frozenset = frozenset()  # statutory units left out: "A".."K" with "H" for H1+H2
    combined_h: bool = False


class _Corpus:
    """Mixin: statutory units in the style's order, honouring ``omit`` and ``combined_h``."""

    H_TITLE = "Social care provision"

    def keys(self, plan: CorpusPlan) -> list[str]:
        out: list[str] = []
        for key in self.order():
            unit = "H" if key in ("H1", "H2", "H") else key
            if unit in plan.omit:
                continue
            if key in ("H1", "H2") and plan.combined_h:
                if "H" not in out:
                    out.append("H")
                continue
            out.append(key)
        return out

    def layout(self, plan: CorpusPlan) -> list:
        blocks = self.front(plan)
        for key in self.keys(plan):
            blocks += self.section(plan, key)
        return blocks + self.back(plan)

    def body(self, plan, key):
        if key == "H":
            return self.items(plan.sections.get("H1", ()) + plan.sections.get("H2", ()))
        return super().body(plan, key)

    def linear_bef(self, plan, key):
        out = self.items(plan.intro.get(key, ()))
        for area in plan.areas:
            parts = [item for s in area.strands for item in strand_part(s, key)]
            if not parts:
                continue
            out.append(Line(area.name, kind="area", look=self.area_look, level=2))
            out += self.items(parts)
        return out + self.items(plan.outro.get(key, ()))


class CorpusClassic(_Corpus, Classic):
    def heading(self, plan, key):
        if key == "H":
            return [Heading(f"Section H: {self.H_TITLE} for the {plan.person} (H1 and H2)", "H", 1)]
        return super().heading(plan, key)


class CorpusTableForm(_Corpus, TableForm):
    def section(self, plan, key):
        if key == "H":
            rows = [Row((cell("Section H", bold=True), cell(self.H_TITLE, bold=True, span=2)), "label")]
            rows += self.content_rows(plan.sections.get("H1", ()) + plan.sections.get("H2", ()))
            return [Table(tuple(rows), self.WIDTHS, label="H")]
        return super().section(plan, key)


class CorpusPartCaps(_Corpus, PartCaps):
    def heading(self, plan, key):
        if key == "H":
            return [Heading("PART H \u2013 SOCIAL CARE PROVISION", "H", look="caps")]
        return super().heading(plan, key)


class CorpusLettered(_Corpus, Lettered):
    TITLES = dict(Lettered.TITLES, J="J. My personal budget")

    def order(self):
        return ("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K")

    def keys(self, plan):
        return [k for k in self.order() if k not in plan.omit]

    def back(self, plan):
        return [] if "K" in plan.omit else super().back(plan)


class CorpusPFA(_Corpus, PFA):
    def heading(self, plan, key):
        if key == "H":
            return [Heading(f"Section H \u2013 {self.H_TITLE}", "H", 1)]
        return super().heading(plan, key)


STYLES = {s.name: s() for s in (CorpusClassic, CorpusTableForm, CorpusPartCaps, CorpusLettered, CorpusPFA)}
