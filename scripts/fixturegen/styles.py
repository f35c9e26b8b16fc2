"""Council template styles: each lays a plan out as a layout (see ``layout.py``).

``classic``     Word heading styles "Section A: ..."; areas of need as Heading 2.
``table_form``  every section a table under a label row; B/E/F as one
                Needs | Outcomes | Provision table per area of need.
``part_caps``   bold capital "PART A – ..." paragraphs in Normal style; H split
                as "SECTION H:" then "H1: ..." and "H2: ..."; a text box; a
                tracked change.
``lettered``    "A. All about me" headings, some titles without letters, one
                combined Section H, no Section J, an appendix.
``pfa``         post-16: one combined table by preparing-for-adulthood area with
                an "Area of need" column merged down.
"""
from __future__ import annotations

from .layout import Cell, Heading, Line, PageBreak, Row, Table, TextBox, cell
from .plans import Bullet, Field, Para, Plan, Quote, Sub, Tab

STATUTORY = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")

PERSON_TITLES = {
    "A": "The views, interests and aspirations of the {p} and their parents",
    "B": "The {p}'s special educational needs",
    "C": "The {p}'s health needs which are related to their SEN",
    "D": "The {p}'s social care needs which are related to their SEN or to a disability",
    "E": "The outcomes sought for the {p}",
    "F": "The special educational provision required by the {p}",
    "G": "Any health provision reasonably required by the learning difficulties or "
         "disabilities which result in the {p} having SEN",
    "H1": "Social care provision which must be made for the {p} under section 2 of the "
          "Chronically Sick and Disabled Persons Act 1970",
    "H2": "Any other social care provision reasonably required by the learning difficulties "
          "or disabilities which result in the {p} having SEN",
    "I": "The name and type of the school or other institution to be attended by the {p}",
    "J": "Personal budget (including arrangements for direct payments)",
    "K": "Advice and information",
}


def _value(value) -> str:
    return value.text if isinstance(value, Field) else value


class Style:
    """The shared layout; subclasses change headings, order and table use."""

    name = ""
    fields = False  # Field values become Word content controls
    bullet_look = "style"
    sub_look = "bold"
    area_look = "style"

    def order(self) -> tuple[str, ...]:
        return STATUTORY

    def layout(self, plan: Plan) -> list:
        blocks = self.front(plan)
        for key in self.order():
            blocks += self.section(plan, key)
        return blocks + self.back(plan)

    def front(self, plan: Plan) -> list:
        out = [Heading("Education, Health and Care Plan", "", look="title"), Line(plan.council, look="bold")]
        out += [Line(f"{k}: {_value(v)}") for k, v in plan.front]
        return out + [PageBreak()]

    def back(self, plan: Plan) -> list:
        return []

    def heading(self, plan: Plan, key: str) -> list:
        raise NotImplementedError

    def section(self, plan: Plan, key: str) -> list:
        return self.heading(plan, key) + self.body(plan, key)

    def body(self, plan: Plan, key: str) -> list:
        if key in ("B", "E", "F"):
            return self.linear_bef(plan, key)
        if key == "K":
            return self.advice(plan)
        return self.items(plan.sections.get(key, ()))

    def items(self, items) -> list:
        return [block for item in items for block in self.item(item)]

    def item(self, item) -> list:
        if isinstance(item, Para):
            return [Line(item.text, look="italic" if item.italic else "plain")]
        if isinstance(item, Bullet):
            return [Line(item.text, kind="bullet", look=self.bullet_look)]
        if isinstance(item, Sub):
            return [Line(item.text, kind="sub", look=self.sub_look, level=3)]
        if isinstance(item, Quote):
            return self.quote(item)
        if isinstance(item, Tab):
            return [self.table(item)]
        raise TypeError(f"unknown item {item!r}")

    def quote(self, q: Quote) -> list:
        return [Line(q.lead), Line(q.text, look="italic")]

    def table(self, tab: Tab) -> Table:
        ncols = max(len(r) for r in tab.rows)
        rows = []
        for i, values in enumerate(tab.rows):
            role = "header" if tab.header and i == 0 else "body"
            rows.append(Row(tuple(self.value_cell(v, bold=role == "header") for v in values), role))
        return Table(tuple(rows), (0.35, 0.65) if ncols == 2 else (1.0 / ncols,) * ncols)

    def value_cell(self, value, bold: bool = False) -> Cell:
        if isinstance(value, Field):
            return cell(value.text, field=self.fields)
        return cell(value, bold=bold)

    def linear_bef(self, plan: Plan, key: str) -> list:
        out = self.items(plan.intro.get(key, ()))
        for area in plan.areas:
            out.append(Line(area.name, kind="area", look=self.area_look, level=2))
            for strand in area.strands:
                out += self.items(strand_part(strand, key))
        return out + self.items(plan.outro.get(key, ()))

    def advice_table(self, plan: Plan, merge: bool = False) -> Table:
        """Section K's list of advice; with ``merge``, repeated kinds are merged down."""
        rows = [Row(tuple(cell(t, bold=True) for t in ("Advice", "Provided by", "Date")), "header")]
        kinds = [a.kind for a in plan.advice]
        for i, a in enumerate(plan.advice):
            first = cell(a.kind)
            if merge and i > 0 and kinds[i - 1] == a.kind:
                first = Cell(vmerge="continue")
            elif merge and i + 1 < len(kinds) and kinds[i + 1] == a.kind:
                first = cell(a.kind, vmerge="restart")
            rows.append(Row((first, cell(a.author), cell(a.date))))
        return Table(tuple(rows), (0.3, 0.48, 0.22))

    def advice(self, plan: Plan) -> list:
        return [Line("The following advice and information was obtained during the assessment "
                     "and is appended to this plan."),
                self.advice_table(plan)]


def strand_part(strand, key: str) -> tuple:
    return {"B": strand.needs, "E": strand.outcomes, "F": strand.provision}[key]


class Classic(Style):
    name = "classic"
    sub_look = "style"

    def heading(self, plan, key):
        return [Heading(f"Section {key}: {PERSON_TITLES[key].format(p=plan.person)}", key, 1)]

    def item(self, item):
        if isinstance(item, Sub):
            return [Line(item.text, kind="sub", look="style", level=2)]
        return super().item(item)


class TableForm(Style):
    name = "table_form"
    fields = True
    TITLES = {
        "A": "Views, interests and aspirations", "B": "Special educational needs",
        "C": "Health needs related to SEN", "D": "Social care needs",
        "E": "Outcomes", "F": "Special educational provision", "G": "Health provision",
        "H1": "Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
        "H2": "Other social care provision", "I": "Placement", "J": "Personal budget",
        "K": "Advice and information",
    }
    WIDTHS = (0.25, 0.45, 0.3)

    def order(self):
        return ("A", "BEF", "C", "D", "G", "H1", "H2", "I", "J", "K")

    def front(self, plan):
        rows = tuple(Row((cell(k, bold=True), self.value_cell(v))) for k, v in plan.front)
        return [Heading("Education, Health and Care Plan", "", look="title"),
                Line(plan.council, look="bold"), Table(rows, (0.3, 0.7)), PageBreak()]

    def section(self, plan, key):
        if key == "BEF":
            return self.bef(plan)
        rows = [Row((cell(f"Section {key}", bold=True), cell(self.TITLES[key], bold=True, span=2)), "label")]
        if key == "K":
            rows += self.advice_table(plan, merge=True).rows
        else:
            rows += self.content_rows(plan.sections.get(key, ()))
        return [Table(tuple(rows), self.WIDTHS, label=key)]

    def content_rows(self, items) -> list[Row]:
        """A sub-heading starts a "label | text" row; a small table adds its own rows."""
        rows: list[Row] = []
        label, lines = None, []

        def flush():
            if label is not None:
                rows.append(Row((cell(label, bold=True), Cell(tuple(lines), span=2))))
            elif lines:
                rows.append(Row((Cell(tuple(lines), span=3),)))

        for item in items:
            if isinstance(item, Sub):
                flush()
                label, lines = item.text, []
            elif isinstance(item, Tab):
                flush()
                label, lines = None, []
                for i, (first, second) in enumerate(item.rows):
                    value = self.value_cell(second, bold=item.header and i == 0)
                    rows.append(Row((self.value_cell(first, bold=True),
                                     Cell(value.lines, span=2, field=value.field)),
                                    "header" if item.header and i == 0 else "body"))
            else:  # plain paragraphs in cells; bullets lose their list style here
                lines += [Line(x.text, look=x.look if x.look == "italic" else "plain")
                          for x in self.item(item)]
        flush()
        return rows

    def bef(self, plan):
        label = Row((cell("Sections B, E and F", bold=True),
                     cell("Special educational needs, outcomes and provision", bold=True)), "label")
        out: list = [Table((label,), (0.3, 0.7), label="")]
        for area in plan.areas:
            rows = [Row((cell(area.name, bold=True, span=3),), "title"),
                    Row(tuple(cell(t, bold=True) for t in ("Needs", "Outcomes", "Provision")), "header")]
            rows += [Row(tuple(Cell(tuple(self.items(part))) for part in (s.needs, s.outcomes, s.provision)))
                     for s in area.strands]
            out.append(Table(tuple(rows), (0.32, 0.32, 0.36), roles=("B", "E", "F")))
        return out


class PartCaps(Style):
    name = "part_caps"
    bullet_look = "glyph"
    sub_look = "italic_bold"
    area_look = "bold"
    TITLES = {
        "A": "VIEWS, INTERESTS AND ASPIRATIONS", "B": "SPECIAL EDUCATIONAL NEEDS",
        "C": "HEALTH NEEDS RELATED TO SPECIAL EDUCATIONAL NEEDS", "D": "SOCIAL CARE NEEDS",
        "E": "OUTCOMES", "F": "SPECIAL EDUCATIONAL PROVISION", "G": "HEALTH PROVISION",
        "I": "PLACEMENT", "J": "PERSONAL BUDGET", "K": "ADVICE AND INFORMATION",
    }

    def front(self, plan):
        rows = tuple(Row((cell(k, bold=True), self.value_cell(v))) for k, v in plan.front)
        return [Heading("EDUCATION, HEALTH AND CARE PLAN", "", look="caps"), Line(plan.council),
                Table(rows, (0.35, 0.65)), PageBreak()]

    def heading(self, plan, key):
        if key == "H1":
            return [Heading("SECTION H: SOCIAL CARE PROVISION", "", look="caps"),
                    Heading("H1: Provision under section 2 of the Chronically Sick and Disabled "
                            "Persons Act 1970", "H1", look="bold")]
        if key == "H2":
            return [Heading("H2: Other social care provision", "H2", look="bold")]
        return [Heading(f"PART {key} \u2013 {self.TITLES[key]}", key, look="caps")]

    def quote(self, q):
        return [TextBox(q.lead, (q.text,))]

    def body(self, plan, key):
        out = super().body(plan, key)
        if key == "F" and plan.revision:
            out[-1] = tracked(out[-1], *plan.revision)
        return out


def tracked(line: Line, inserted: str, deleted: str) -> Line:
    """The line with ``inserted`` shown as a tracked insertion replacing ``deleted``."""
    before, found, after = line.text.partition(inserted)
    if not found:
        raise ValueError(f"revision text {inserted!r} not in {line.text!r}")
    runs = (("text", before), ("del", deleted), ("ins", inserted), ("text", after))
    return Line(line.text, line.kind, line.look, line.level, runs)


class Lettered(Style):
    name = "lettered"
    TITLES = {
        "A": "A. All about me", "B": "B. My special educational needs", "C": "C. My health needs",
        "D": "D. My social care needs", "E": "E. My outcomes", "F": "Special educational provision",
        "G": "G. Health provision", "H": "Section H - Social care provision", "I": "Placement",
        "K": "K. Advice and information",
    }

    def order(self):
        return ("A", "B", "C", "D", "E", "F", "G", "H", "I", "K")

    def front(self, plan):
        fields = dict(plan.front)
        out = [Heading("My Education, Health and Care Plan", "", look="title"),
               Line(f"This plan is about {fields['Name']}.")]
        out += [Line(f"{k}: {_value(v)}") for k, v in plan.front if k != "Name"]
        return out + [Line(plan.council, look="bold"), PageBreak()]

    def heading(self, plan, key):
        return [Heading(self.TITLES[key], key, 1)]

    def body(self, plan, key):
        if key == "H":
            return self.items(plan.sections["H1"] + plan.sections["H2"])
        if key == "K":
            return [Line("The advice and information gathered for this plan is listed in Appendix 1.")]
        return super().body(plan, key)

    def back(self, plan):
        return [PageBreak(), Heading("Appendix 1: List of advice received", "", 1), self.advice_table(plan)]


class PFA(Style):
    name = "pfa"
    TITLES = {
        "A": "About me: my views, interests and aspirations", "C": "My health needs",
        "G": "Health provision", "D": "My social care needs",
        "H1": "Social care provision (section 2, Chronically Sick and Disabled Persons Act 1970)",
        "H2": "Other social care provision", "I": "Placement", "J": "Personal budget",
        "K": "Advice and information",
    }

    def order(self):
        return ("A", "BEF", "C", "G", "D", "H1", "H2", "I", "J", "K")

    def heading(self, plan, key):
        return [Heading(f"Section {key} \u2013 {self.TITLES[key]}", key, 1)]

    def section(self, plan, key):
        if key != "BEF":
            return super().section(plan, key)
        rows = [Row(tuple(cell(t, bold=True) for t in ("Area of need", "Needs", "Outcomes", "Provision")),
                    "header")]
        for area in plan.areas:
            for i, s in enumerate(area.strands):
                if i:
                    first = Cell(vmerge="continue")
                else:
                    first = cell(area.name, bold=True, vmerge="restart" if len(area.strands) > 1 else None)
                parts = tuple(Cell(tuple(self.items(p))) for p in (s.needs, s.outcomes, s.provision))
                rows.append(Row((first,) + parts))
        return [Heading("Sections B, E and F \u2013 Preparing for adulthood: needs, outcomes and provision",
                        "", 1),
                Table(tuple(rows), (0.16, 0.27, 0.27, 0.30), roles=("area", "B", "E", "F"))]


STYLES = {s.name: s() for s in (Classic, TableForm, PartCaps, Lettered, PFA)}
