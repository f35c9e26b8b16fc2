#!/usr/bin/env python3
"""Measure redaction: how many planted identifiers survive, and how many ordinary words are lost.

Run from the repository root::

    python scripts/evaluate_redaction.py                 # fixtures and the 320 corpus plans
    python scripts/evaluate_redaction.py --markdown      # the tables for the README
    python scripts/evaluate_redaction.py --errors        # also list leaks and over-redactions
    python scripts/evaluate_redaction.py --limit 40 --jobs 2
    python scripts/evaluate_redaction.py --no-model      # the fallback (as EHCP_NLP_NO_MODEL=1)
    python scripts/evaluate_redaction.py --no-name-list  # without the data file's first-name list

Each plan file is read with ``read_plan``; one :class:`~ehcp_nlp.redact.Redactor` per plan
(``Redactor.for_plan``) redacts the front page and every section and appendix (title and text).

**Planted identifiers** come from the generators' own data, never from ehcp_nlp:

* fixtures (``tests/fixtures/plans/*`` and ``corpus/sample/*``): ``scripts/fixturegen/plans.py``
  (front-page fields: child, known-as, parents, date of birth, NHS number, UPN/ULN, address,
  telephone, e-mail, EHC coordinator; Section K authors who are people) plus the few people the
  plans name only in free text (``FREE_TEXT_PEOPLE`` below);
* corpus plans (``corpus/plans/``): each plan's child and family are rebuilt exactly as
  ``scripts/plancorpus/compose.py`` draws them (``people.make_child`` with the plan's seeded
  generator; checked against the plan date, age and gender in ``manifest.jsonl``); professionals
  (EHC coordinator, Section K authors) are every "First Surname" pair from the adult first-name and
  surname lists of ``scripts/plancorpus/people.py``; another child's name left in a plan is the
  manifest's ``other_child_name``.

Every occurrence of each planted string is counted (full name, first name alone, surname alone,
possessives, the date of birth as "14 June 2021", "14/06/2021" and other common forms, the address
with or without its postcode, the street line, the postcode alone), case-sensitively and in capitals,
longest first without overlaps. An occurrence is *redacted* when replacements cover all of it.

**Over-redaction**: a replaced span that overlaps no planted occurrence is counted as another
person's name (every word in the generators' name lists, or the name follows a title), another
proper noun (no word of it occurs in lower case anywhere in the evaluated plans: a name the
generators did not plant, a place, a product), an **ordinary word** (a word of it does occur in
lower case) or other identifier-shaped text (a number, address or e-mail that was not planted);
``--errors`` lists them all. *Dictionary-like* replacements are replaced name spans whose text,
lower-cased, occurs as a lower-case word somewhere in the evaluated plans (e.g. "Summer" when
"summer" appears), reported with how many of them were planted names (the child called Summer).

Caveat: the first-name list in ``ehcp_nlp/data/redaction.json`` was written independently but
overlaps the generators' name lists (both are common names in England); ``--no-name-list`` shows
what recall is without it.

Exits 1 when the overall recall is below 0.98.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import warnings
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from fixturegen.plans import PLANS  # noqa: E402
from plancorpus import people  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "plans"
SAMPLE = ROOT / "corpus" / "sample"
CORPUS = ROOT / "corpus" / "plans"
CORPUS_SEED = 20250131  # scripts/make_plan_corpus.py SEED
TARGET = 0.98
KINDS = ("child", "parent", "person", "date_of_birth", "nhs_number", "upn", "uln", "address", "postcode",
         "phone", "email")
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")
#: People the fixture plans name only in free text (not in a front-page field or a Section K author).
FREE_TEXT_PEOPLE = {
    "early_years": ["Jade", "Angela Ward"],
    "primary": ["Claire Hughes", "Patel", "Alfie", "Kacper"],
    "secondary": ["Tyler"],
    "post16": ["Gemma", "Lewis"],
    "nonverbal": [],
}
#: Other names in fixture free text that are not people's (a dog, a book's hero): not planted,
#: but not over-redaction either if replaced.
FREE_TEXT_OTHER_NAMES = {"Biscuit", "Harry", "Potter"}
_ORG_WORDS = re.compile(r"\b(?:Team|Service|Services|Academy|College|School|Hospital|Council|Support|"
                        r"Therapy|Unit|Centre|Nursing|audiology|support|team)\b")


# ----------------------------------------------------------------------------- ground truth

def _dob_forms(value: str) -> list[str]:
    d = datetime.strptime(value, "%d %B %Y").date()
    suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return [f"{d.day} {d:%B %Y}", f"{d.day}{suffix} {d:%B %Y}", f"{d.day} {d:%b %Y}", f"{d:%B} {d.day}, {d.year}",
            f"{d:%d/%m/%Y}", f"{d.day}/{d.month}/{d.year}", f"{d:%d.%m.%Y}", f"{d:%d-%m-%Y}", f"{d:%Y-%m-%d}",
            f"{d:%d/%m/%y}"]


def _names(value: str) -> list[list[str]]:
    """Each person's name words in a front-page value ("Chiamaka and David Okafor" gives both the surname)."""
    value = re.sub(r"\([^)]*\)", "", value)
    parts = [[w for w in re.findall(r"[A-Z][A-Za-z'’-]+", p) if w not in TITLES]
             for p in re.split(r"\s*(?:,|;|&|\band\b|/)\s*", value)]
    parts = [p for p in parts if p]
    for i, p in enumerate(parts):
        if len(p) == 1 and i + 1 < len(parts) and len(parts[-1]) > 1:
            parts[i] = p + [parts[-1][-1]]
    return parts


def _person_strings(kind: str, words: list[str]) -> list[tuple[str, str]]:
    out = [(kind, " ".join(words))]
    out += [(kind, w) for w in words if len(w) > 1]
    return out


def _planted_front(front: dict[str, str], professionals: list[str]) -> list[tuple[str, str]]:
    """(kind, string) for every identifier given by a front page and the people around the child."""
    planted: list[tuple[str, str]] = []
    child = _names(front.get("Name", ""))
    for words in child[:1]:
        planted += _person_strings("child", words)
    if front.get("Known as"):
        planted.append(("child", front["Known as"]))
    parent_value = next((v for k, v in front.items() if k.lower().startswith("parent")), "")
    for words in _names(parent_value):
        planted += _person_strings("parent", words)
    if front.get("Date of birth"):
        planted += [("date_of_birth", f) for f in _dob_forms(front["Date of birth"])]
    for label, kind in (("NHS number", "nhs_number"), ("UPN", "upn"), ("ULN", "uln")):
        if re.search(r"\d", front.get(label, "")):
            planted.append((kind, front[label]))
    if front.get("Address"):
        parts = [p.strip() for p in front["Address"].split(",")]
        planted.append(("address", ", ".join(parts)))
        planted.append(("address", ", ".join(parts[:-1])))
        planted += [("address", p) for p in parts if re.match(r"\d+ ", p)]
        planted.append(("postcode", parts[-1]))
    for label in ("Telephone", "Mobile", "Contact", "Email"):
        for piece in re.split(r",\s*", front.get(label, "")):
            if "@" in piece:
                planted.append(("email", piece))
            elif re.search(r"\d{3}", piece):
                planted.append(("phone", piece))
    for name in professionals + [front.get("EHC coordinator", "")]:
        for words in _names(name):
            planted += _person_strings("person", words)
    surnames = {w[-1] for w in child if len(w) > 1}  # a shared surname alone counts as the child's
    return [("child", s) if s in surnames and kind == "parent" else (kind, s) for kind, s in planted]


def fixture_truth() -> dict[str, list[tuple[str, str]]]:
    truth = {}
    for slug, plan in PLANS.items():
        front = {k: getattr(v, "text", v) for k, v in plan.front}
        pros = [a.author.split(",")[0] for a in plan.advice
                if re.fullmatch(r"(?:Dr )?[A-Z][a-z]+ [A-Z][A-Za-z'-]+", a.author.split(",")[0])
                and not _ORG_WORDS.search(a.author.split(",")[0])]
        truth[slug] = _planted_front(front, pros + FREE_TEXT_PEOPLE.get(slug, []))
    return truth


def _replay_children(n: int) -> list[people.Child]:
    """The children of corpus plans 1..n, drawn exactly as plancorpus/compose.py draws them."""
    from plancorpus.compose import draw_child
    used: set[str] = set()
    children = []
    for index in range(1, n + 1):
        child, plan_date = draw_child(random.Random(f"{CORPUS_SEED}:{index}"), used)
        child.plan_date = plan_date  # type: ignore[attr-defined]
        children.append(child)
    return children


def corpus_truth() -> dict[str, tuple[list[tuple[str, str]], str | None]]:
    """plan stem -> (planted strings, another child's first name left in the plan)."""
    manifest = [json.loads(line) for line in (CORPUS / "manifest.jsonl").read_text().splitlines() if line]
    children = _replay_children(len(manifest))
    truth = {}
    for rec, child in zip(manifest, children):
        assert rec["plan_date"] == child.plan_date.isoformat() and rec["child"]["age"] == child.age \
            and rec["child"]["gender"] == child.gender, f"{rec['plan']}: the replayed child does not match"
        front = {"Name": child.name, "Date of birth": people.fmt_date(child.dob), "NHS number": child.nhs,
                 "UPN": child.upn, "Address": child.address,
                 "Parents": " and ".join(n for _, n in child.parents)}
        planted = _planted_front(front, [])
        if rec.get("other_child_name"):
            planted.append(("person", rec["other_child_name"]))
        truth[rec["file"]] = (planted, rec.get("other_child_name"))
    return truth


_ADULT_NAME = re.compile(r"(?<![\w-])(?:%s) (?:%s)(?![\w-])" % (
    "|".join(sorted(set(people.WOMEN + people.MEN), key=len, reverse=True)),
    "|".join(sorted(set(people.SURNAMES), key=len, reverse=True))))


# ----------------------------------------------------------------------------- one plan

def _occurrences(text: str, planted: list[tuple[str, str]],
                 extra: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    found = []
    for kind, s in planted:
        if not s:
            continue
        for form in {s, s.upper()}:
            body = r"[\s,]+".join(re.escape(p) for p in re.split(r"\s*,\s*", form)) if kind == "address" \
                else r"\s+".join(re.escape(p) for p in form.split())
            found += [(m.start(), m.end(), kind) for m in re.finditer(rf"(?<![\w-]){body}(?![\w-])", text)]
    found += extra  # after the planted strings: a parent's name is a parent's, not a professional's
    kept: list[tuple[int, int, str]] = []
    for occ in sorted(found, key=lambda o: (o[0] - o[1], o[0])):
        if all(occ[1] <= k[0] or occ[0] >= k[1] for k in kept):
            kept.append(occ)
    return sorted(kept)


def _worker_setup(no_model: bool, no_name_list: bool) -> None:
    """Per process: the fallback without the model, or the redactor without its first-name list."""
    import os
    warnings.simplefilter("ignore")
    if no_model:
        os.environ["EHCP_NLP_NO_MODEL"] = "1"
    else:  # load the model before the clock starts
        from ehcp_nlp.redact import _ner
        _ner()
    if no_name_list:
        import dataclasses
        from ehcp_nlp import redact
        rules = dataclasses.replace(redact._rules(), first_names=frozenset())
        redact._rules = lambda: rules  # type: ignore[assignment]


def evaluate_file(task: tuple[str, str, list[tuple[str, str]], bool]) -> dict:
    path, group, planted, professionals = task
    from ehcp_nlp.plan import read_plan
    from ehcp_nlp.redact import Redactor, plan_texts

    plan = read_plan(path)
    texts = plan_texts(plan)
    started = time.perf_counter()
    redactor = Redactor.for_plan(plan)
    results = redactor.redact_many(texts)
    seconds = time.perf_counter() - started
    occ_out, over, names, vocab = [], [], [], set()
    for text, red in zip(texts, results):
        vocab.update(re.findall(r"\b[a-z][a-z'’-]+", re.sub(r"\S+@\S+", " ", text)))
        extra = [(m.start(), m.end(), "person") for m in _ADULT_NAME.finditer(text)] if professionals else []
        occs = _occurrences(text, planted, extra)
        for start, end, kind in occs:
            covered = _covered(start, end, red.replacements)
            occ_out.append((kind, text[start:end], covered, _context(text, start, end) if not covered else ""))
        for r in red.replacements:
            span = text[r.start:r.end]
            planted_here = any(r.start < e and s < r.end for s, e, _ in occs)
            if r.kind in ("child", "parent", "family", "person"):
                names.append((span, planted_here))
            if not planted_here:
                titled = bool(re.search(r"\b(?:%s)\.? $" % "|".join(TITLES), text[max(0, r.start - 6):r.start]))
                over.append((span, r.kind, titled, _context(text, r.start, r.end)))
    return {"path": path, "group": group, "occurrences": occ_out, "unplanted": over, "names": names,
            "vocab": vocab, "seconds": seconds, "words": sum(len(t.split()) for t in texts)}


def _covered(start: int, end: int, replacements) -> bool:
    pos = start
    for r in replacements:
        if r.start <= pos < r.end:
            pos = r.end
        if pos >= end:
            return True
    return pos >= end


def _context(text: str, start: int, end: int) -> str:
    return " ".join((text[max(0, start - 40):start] + "«" + text[start:end] + "»" + text[end:end + 40]).split())


# ----------------------------------------------------------------------------- report

def _name_words() -> set[str]:
    words = set(people.BOYS + people.GIRLS + people.MEN + people.WOMEN + people.SURNAMES)
    for plan in PLANS.values():
        for _, value in plan.front:
            words.update(re.findall(r"[A-Z][a-z'’-]+", getattr(value, "text", value)))
        for a in plan.advice:
            words.update(re.findall(r"[A-Z][a-z'’-]+", a.author.split(",")[0]))
    for names in FREE_TEXT_PEOPLE.values():
        for n in names:
            words.update(n.split())
    return words | FREE_TEXT_OTHER_NAMES


def summarise(results: list[dict], name_words: set[str], vocab: set[str]) -> dict:
    per_kind = defaultdict(lambda: [0, 0])
    leaks: Counter = Counter()
    for res in results:
        for kind, text, covered, ctx in res["occurrences"]:
            per_kind[kind][0] += 1
            per_kind[kind][1] += covered
            if not covered:
                leaks[(kind, ctx)] += 1
    unplanted = {"listed": Counter(), "proper": Counter(), "ordinary": Counter(), "pattern": Counter()}
    examples: dict[str, str] = {}
    for res in results:
        for span, kind, titled, ctx in res["unplanted"]:
            words = [re.sub(r"['’]s$", "", w) for w in re.findall(r"[^\W\d_][\w'’-]*", span)]
            if kind not in ("child", "parent", "family", "person"):
                group = "pattern"  # identifier-shaped, but not a planted value
            elif titled or words and all(w in name_words for w in words):
                group = "listed"
            elif words and all(w.lower() not in vocab for w in words):
                group = "proper"
            else:
                group = "ordinary"
            unplanted[group][span] += 1
            examples.setdefault(span, f"{Path(res['path']).name}: {ctx}")
    names = [n for res in results for n in res["names"]]
    dictionary = [(s, p) for s, p in names if s.lower() in vocab]
    total = sum(v[0] for v in per_kind.values())
    hit = sum(v[1] for v in per_kind.values())
    return {"per_kind": dict(per_kind), "total": total, "redacted": hit, "recall": hit / total if total else 1.0,
            "leaks": leaks, "unplanted": unplanted, "examples": examples,
            "name_spans": len(names), "dictionary": len(dictionary),
            "dictionary_planted": sum(1 for _, p in dictionary if p),
            "dictionary_words": Counter(s for s, p in dictionary if not p),
            "dictionary_planted_words": Counter(s for s, p in dictionary if p),
            "plans": len(results),
            "seconds": max((r["seconds"] for r in results), default=0.0),
            "mean_seconds": sum(r["seconds"] for r in results) / len(results) if results else 0.0,
            "words": sum(r["words"] for r in results)}


def report(label: str, s: dict, markdown: bool, errors: bool) -> str:
    lines = []
    if markdown:
        lines += [f"**{label}** ({s['plans']} plan files, {s['words']:,} words)", "",
                  "| kind | planted | redacted | recall |", "| --- | ---: | ---: | ---: |"]
        for kind in KINDS:
            if kind in s["per_kind"]:
                n, h = s["per_kind"][kind]
                lines.append(f"| {kind} | {n} | {h} | {h / n:.3f} |")
        lines.append(f"| **all** | **{s['total']}** | **{s['redacted']}** | **{s['recall']:.3f}** |")
        u = {k: sum(v.values()) for k, v in s["unplanted"].items()}
        lines += ["", "| replaced spans that are no planted identifier | count |", "| --- | ---: |",
                  f"| people's names (in the generators' name lists, or after a title) | {u['listed']} |",
                  f"| other proper nouns (no word of them occurs in lower case in the plans) | {u['proper']} |",
                  f"| **ordinary words** (a word of them occurs in lower case in the plans) | **{u['ordinary']}** |",
                  f"| other identifier-shaped text (numbers, addresses, e-mails not planted) | {u['pattern']} |",
                  f"| replaced name spans that are dictionary-like words | {s['dictionary']} of {s['name_spans']} "
                  f"({s['dictionary'] / max(1, s['name_spans']):.1%}); {s['dictionary_planted']} of them "
                  f"planted names |",
                  f"| redaction time per plan (mean / slowest) | {s['mean_seconds']:.2f} s / "
                  f"{s['seconds']:.2f} s |", ""]
    else:
        lines.append(f"{label}: {s['plans']} plan files, {s['words']} words")
        lines.append(f"  {'kind':<14}{'planted':>9}{'redacted':>10}{'recall':>9}")
        for kind in KINDS:
            if kind in s["per_kind"]:
                n, h = s["per_kind"][kind]
                lines.append(f"  {kind:<14}{n:>9}{h:>10}{h / n:>9.3f}")
        lines.append(f"  {'all':<14}{s['total']:>9}{s['redacted']:>10}{s['recall']:>9.3f}")
        u = {k: sum(v.values()) for k, v in s["unplanted"].items()}
        lines.append(f"  replaced spans that are no planted identifier: {sum(u.values())}: {u['listed']} people's "
                     f"names (lists/title), {u['proper']} other proper nouns, {u['ordinary']} ordinary words, "
                     f"{u['pattern']} other identifier-shaped")
        lines.append(f"  replaced name spans that are dictionary-like words: {s['dictionary']} of {s['name_spans']} "
                     f"({s['dictionary'] / max(1, s['name_spans']):.1%}; {s['dictionary_planted']} planted)")
        lines.append(f"  redaction time per plan: mean {s['mean_seconds']:.3f} s, slowest {s['seconds']:.3f} s")
    if errors:
        lines.append("  leaks (planted, not redacted):")
        for (kind, ctx), n in s["leaks"].most_common(40):
            lines.append(f"    {n:>3} {kind}: {ctx}")
        for group, title in (("ordinary", "ordinary words replaced"), ("proper", "other proper nouns replaced"),
                             ("pattern", "other identifier-shaped text replaced"),
                             ("listed", "other people's names replaced")):
            lines.append(f"  {title}:")
            for span, n in s["unplanted"][group].most_common(25):
                lines.append(f"    {n:>3} {span!r}  e.g. {s['examples'][span]}")
        lines.append("  dictionary-like words replaced (not planted): " +
                     ", ".join(f"{w} ({n})" for w, n in s["dictionary_words"].most_common(20)))
        lines.append("  dictionary-like words replaced (planted names): " +
                     ", ".join(f"{w} ({n})" for w, n in s["dictionary_planted_words"].most_common(20)))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="evaluate only the first N corpus plans")
    ap.add_argument("--fixtures-only", action="store_true")
    ap.add_argument("--corpus-only", action="store_true")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--markdown", action="store_true", help="print Markdown tables")
    ap.add_argument("--errors", action="store_true", help="list leaks and over-redactions")
    ap.add_argument("--no-model", action="store_true",
                    help="measure the fallback without the spaCy model (as EHCP_NLP_NO_MODEL=1)")
    ap.add_argument("--no-name-list", action="store_true",
                    help="measure the redactor without its list of common first names")
    args = ap.parse_args()
    started = time.time()
    tasks: list[tuple[str, str, list, bool]] = []
    if not args.corpus_only:
        truth = fixture_truth()
        for path in sorted(FIXTURES.glob("*")) + sorted(SAMPLE.glob("sample_plan.*")):
            if path.suffix not in (".docx", ".pdf", ".md", ".txt") or (
                    path.parent == FIXTURES and not path.with_name(path.name + ".expected.json").exists()):
                continue
            slug = "primary" if path.parent == SAMPLE else json.loads(
                path.with_name(path.name + ".expected.json").read_text())["plan"]
            tasks.append((str(path), "fixtures", truth[slug], False))
    if not args.fixtures_only:
        truth_c = corpus_truth()
        files = sorted(truth_c)[: args.limit] if args.limit else sorted(truth_c)
        tasks += [(str(CORPUS / f), "corpus", truth_c[f][0], True) for f in files]
    setup = (args.no_model, args.no_name_list)
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs, initializer=_worker_setup, initargs=setup) as pool:
            results = list(pool.map(evaluate_file, tasks, chunksize=4))
    else:
        _worker_setup(*setup)
        results = [evaluate_file(t) for t in tasks]
    vocab = set().union(*(r["vocab"] for r in results)) if results else set()
    name_words = _name_words()
    ok = True
    out = []
    for group, label in (("fixtures", "Fixture plans (tests/fixtures/plans, corpus/sample)"),
                         ("corpus", "Corpus plans (corpus/plans)")):
        chosen = [r for r in results if r["group"] == group]
        if not chosen:
            continue
        s = summarise(chosen, name_words, vocab)
        ok &= s["recall"] >= TARGET
        out.append(report(label, s, args.markdown, args.errors))
    print("\n\n".join(out))
    print(f"\n{'PASS' if ok else 'FAIL'}: recall target {TARGET} ({time.time() - started:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
