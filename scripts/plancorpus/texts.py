"""Small varied templates for what the statement bank does not hold.

Parents' views and aspirations in Section A (when the plan does not take a whole Section A from
the bank), the introductions to B and F, and Sections G, H1/H2, I, J and K. Each function takes the
plan's random generator and returns plain strings; the composer wraps them in fixturegen items.

Parent-view templates speak only of the present (concerns, what helps) so that they never supply
an aspiration; aspiration templates never attribute words to a parent, so that the two facts the
rubric reads (parent view present, aspirations present) stay independent.
"""
from __future__ import annotations

import random
import re
from datetime import date, timedelta

from .people import MEN, SURNAMES, WOMEN, Child, fmt_date

TRAITS = ("funny", "kind", "determined", "loving", "curious", "chatty", "gentle", "energetic", "creative",
          "caring", "strong-willed", "affectionate", "thoughtful", "cheeky", "sociable", "brave")
INTERESTS = {
    "early years": ("bubbles, the swings and Bluey", "water play and the trampoline", "books about animals",
                    "cars, trains and anything with wheels", "singing and dancing", "the sandpit and digging"),
    "primary": ("Lego and Minecraft", "football and swimming", "drawing and dinosaurs", "trains and maps",
                "baking with Grandma", "gymnastics and music", "Pokémon cards", "the school allotment"),
    "secondary": ("gaming and YouTube", "music and drumming", "drawing manga", "football", "baking",
                  "fixing bikes", "art and photography", "his or her dog"),
    "post-16": ("cooking and the gym", "music and films", "animals", "football on TV", "art and crafts",
                "computers", "swimming and bowling", "going into town with friends"),
}
CONCERNS = {
    "Communication and interaction": (
        "{he} cannot always tell people what {he} needs, and gets frustrated when {he} is not understood",
        "other children do not understand {him} and {he} often plays on {his} own",
        "{he} is very upset by changes to routine that nobody warned {him} about"),
    "Cognition and learning": (
        "{he} is falling further behind {his} classmates with reading and writing",
        "{he} has started to call {himself} stupid because the work is too hard",
        "{he} forgets instructions and then gets into trouble for not listening"),
    "Social, emotional and mental health": (
        "{he} holds everything in at school and then has meltdowns at home in the evening",
        "{he} is anxious every school morning and complains of stomach aches",
        "{his} behaviour is seen as naughtiness rather than anxiety"),
    "Sensory and/or physical": (
        "{he} is exhausted by the afternoon and cannot join in with after-school activities",
        "{he} is left out at playtime because {he} cannot keep up with the other children",
        "{he} is overwhelmed by noise in the hall and the dinner queue"),
    "Employment": ("{he} has nothing to do during the week when {his} course finishes",
                   "{he} does not yet understand money well enough to manage wages"),
    "Independent living": ("{he} relies on them for everything at home, including getting up and dressed",
                           "{he} cannot yet travel anywhere on {his} own"),
    "Community participation": ("{he} spends most weekends alone in {his} room",
                                "{he} has lost touch with the friends {he} had at school"),
    "Health": ("{he} is not sleeping well and is often too tired to attend",
               "{his} medical appointments are hard to fit around college"),
}
EARLY_CONCERNS = (
    "{he} is not yet talking and gets frustrated when {he} cannot make {himself} understood",
    "{he} does not play with other children and is upset by busy, noisy rooms",
    "{he} is not yet walking and they do not know how {he} will manage at nursery",
    "{he} has very broken sleep and the whole family are exhausted",
    "{he} only eats a few foods and mealtimes are very stressful",
    "{he} becomes very distressed at every change of activity",
)
WISHES = ("school to keep them informed with a short message each week",
          "staff to understand that {his} behaviour is communication",
          "the same familiar adults to work with {him} each day",
          "more notice when there is going to be a change of teacher or routine",
          "to be told straight away when {he} has had a difficult day",
          "staff to build on what {he} is good at, not only what {he} finds hard")
PARENT_QUOTES = (
    "{He} is a different child at home. We see the meltdowns after school because {he} has held it together all day.",
    "When {he} is understood, {he} is the happiest {boy} you could meet.",
    "We have had to fight for every bit of help so far. We just want people to listen to us.",
    "Mornings are the hardest part of our day. Some days it takes two hours to get {him} out of the door.",
    "{He} is clever, {he} just learns differently, and nobody has worked out how yet.",
)
ASPIRATIONS = {
    "early years": ("go to {his} local primary school with the children {he} knows from nursery",
                    "make friends and be invited to birthday parties", "enjoy learning and be happy at school",
                    "go to the same school as {his} big sister"),
    "primary": ("be a vet", "be a footballer", "work with animals", "be a police officer", "be an artist",
                "go to secondary school with {his} friends", "be a chef", "be a firefighter", "make video games"),
    "secondary": ("study art at college", "become a mechanic", "go to university to study computing",
                  "become a nurse", "be a chef", "work with children", "join the army", "work in a garage",
                  "do an apprenticeship in electrical installation", "become a hairdresser"),
    "post-16": ("get a paid job in a café", "live in {his} own flat with some support", "pass {his} driving test",
                "work at an animal rescue centre", "get a job in a warehouse and save up for a car",
                "study for a Level 2 in catering", "work in a garden centre", "volunteer at the local library",
                "live with friends in supported living"),
}


def fill(template: str, child: Child) -> str:
    """Fill {he}/{him}/{his}/{himself}/{He}/{His}/{name}/{boy} with the child's words."""
    words = dict(child.p, name=child.first, boy=("boy" if child.gender == "m" else "girl")
                 if child.age < 16 else ("young man" if child.gender == "m" else "young woman"))
    out = template
    for key, value in words.items():
        out = out.replace("{" + key + "}", value)
    if "his or her" in out:
        out = out.replace("his or her", child.p["his"])
    return out


def first_person(clause: str) -> str:
    return clause.replace("{his}", "my").replace("{he}", "I").replace("{him}", "me")


def _parent_subject(child: Child) -> tuple[str, str, str]:
    """(how the parents are named, pronoun subject, verb suffix) for templates."""
    rels = [r for r, _ in child.parents]
    firsts = [n.split()[0] for _, n in child.parents]
    if len(firsts) == 2:
        if rels == ["Mother", "Father"]:
            return random.Random(child.name).choice([f"{firsts[0]} and {firsts[1]}", "Mum and Dad",
                                                     f"{child.first}'s parents"]), "They", ""
        return f"{firsts[0]} and {firsts[1]}", "They", ""
    rel = rels[0]
    she = "He" if rel == "Father" else "She"
    if rel == "Mother":
        label = random.Random(child.name).choice([firsts[0], f"{child.first}'s mum", "Mum"])
    elif rel == "Father":
        label = random.Random(child.name).choice([firsts[0], f"{child.first}'s dad", "Dad"])
    elif rel.startswith("Foster"):
        label = f"{child.first}'s foster carer, {firsts[0]},"
    else:
        label = f"{child.first}'s grandmother, {firsts[0]},"
    return label, she, "s"


def parent_heading(rng: random.Random, child: Child) -> str:
    rels = [r for r, _ in child.parents]
    if rels == ["Mother"]:
        opts = ["My mum's views", "Parent's views", "What my family say"]
    elif rels == ["Father"]:
        opts = ["My dad's views", "Parent's views", "What my family say"]
    elif rels[0].startswith("Foster"):
        opts = ["My foster carer's views", "Carer's views"]
    elif rels[0].startswith("Grand"):
        opts = ["My grandmother's views", "Carer's views"]
    else:
        opts = ["My parents' views", "Parent/carer views", "What my family say", "Views of my parents"]
    return rng.choice(opts)


def parent_view(rng: random.Random, child: Child, areas: list[str]) -> list[str]:
    """One or two paragraphs of parents' views: present concerns and wishes, no aspirations."""
    who, they, s = _parent_subject(child)
    verb_describe = "describe" if not s else "describes"
    area = rng.choice(areas)
    if child.age <= 4:
        concern = fill(rng.choice(EARLY_CONCERNS), child)
    else:
        concern = fill(rng.choice(CONCERNS.get(area, CONCERNS["Cognition and learning"])), child)
    wish = fill(rng.choice(WISHES), child)
    if child.setting_kind == "pvi":
        wish = wish.replace("school", "nursery")
    elif child.setting_kind == "post16":
        wish = wish.replace("school", "college")
    t1, t2 = rng.sample(TRAITS, 2)
    interests = fill(rng.choice(INTERESTS[child.stage]), child)
    be = "are" if they == "They" else "is"
    first = rng.choice([
        f"{who} {verb_describe} {child.first} as {t1} and {t2}. {they} {be} worried that {concern}.",
        f"{who} say{s} that {child.first} is {t1} at home and loves {interests}. {they} {be} worried that {concern}.",
        f"At home {child.first} is {t1} and {t2}, according to {who.rstrip(',')}. {they} {be} concerned that {concern}.",
    ])
    want = "want" if they == "They" else "wants"
    second = f"{they} {want} {wish}."
    out = [first, second] if rng.random() < 0.6 else [first + " " + second]
    if rng.random() < 0.3:
        quote = fill(rng.choice(PARENT_QUOTES), child)
        out.append(f"{who.rstrip(',')} told us: '{quote}'")
    return out


def aspiration_heading(rng: random.Random) -> str:
    return rng.choice(["My aspirations", "Hopes and aspirations for the future", "Aspirations",
                       "My hopes for the future", "What I would like to achieve in the future"])


def aspirations(rng: random.Random, child: Child, child_words: bool) -> list[str]:
    """Aspirations; in the child's words only when the plan already records the child's voice."""
    pool = ASPIRATIONS[child.stage]
    a, b = rng.sample(pool, 2)
    if child_words and child.age >= 5:
        return [rng.choice([
            f"When I'm older I want to {first_person(a)}. I would also like to {first_person(b)}.",
            f"{child.first} told us that {child.p['he']} would like to {fill(a, child)} one day.",
            f"'I want to {first_person(a)},' {child.first} said.",
        ])]
    return [rng.choice([
        f"{child.first}'s aspirations are to {fill(a, child)} and to {fill(b, child)}.",
        f"Longer-term aspirations for {child.first}: to {fill(a, child)}, and to {fill(b, child)}.",
        f"The hope for {child.first}'s future is that {child.p['he']} will {fill(a, child)}.",
    ])]


def child_view_heading(rng: random.Random, child: Child) -> str:
    return rng.choice(["My views", "About me", "What is important to me", f"{child.first}'s views",
                       f"The {child.person}'s views", "All about me", "What I think"])


def b_intro(rng: random.Random, child: Child, scheme: str) -> str:
    if scheme == "pfa":
        where = "the preparing-for-adulthood areas"
    else:
        where = "the broad areas of need in the SEND Code of Practice"
    age = f"{child.age} years old" if child.age >= 2 else f"{child.age_months} months old"
    return rng.choice([
        f"{child.first} is {age} and attends {child.setting}. {child.p['His']} special educational needs are "
        f"described below under {where}.",
        f"This section describes {child.first}'s special educational needs, drawing on the advice listed in "
        f"Section K. Needs are grouped under {where}.",
        f"{child.first}'s needs are set out under {where}; each need is linked to outcomes in Section E and "
        f"provision in Section F.",
    ])


def f_intro(rng: random.Random, child: Child, strong: bool) -> str | None:
    if strong:
        return rng.choice([
            f"All provision below is additional to, or different from, the ordinarily available provision at "
            f"{child.setting}. It will be reviewed each term by the SENCo with {child.first} and "
            f"{child.p['his']} family.",
            f"The provision below is specific to {child.first} and is in addition to the setting's ordinarily "
            f"available provision. The SENCo is responsible for making sure it is delivered and recorded.",
        ])
    return rng.choice([None, None, f"{child.setting} will put in place the following support for {child.first}.",
                       "The following provision will be made."])


# ----------------------------------------------------------------------- Section G

_HEALTH_SERVICES = (
    (r"speech|language|swallow", "The NHS speech and language therapist will assess {name} once a term, write "
     "{his} programme and train the staff who deliver it (one 45-minute visit each half term)."),
    (r"epilep|seizure", "The epilepsy nurse specialist will review {name}'s individual healthcare plan every six "
     "months and train named staff in giving emergency medication before {he} starts each new setting."),
    (r"diabet|insulin", "The paediatric diabetes nurse will review {name}'s care plan each term and train two "
     "named staff in blood glucose monitoring."),
    (r"gastrostomy|tube|feed", "The community children's nursing team will train two named staff in gastrostomy "
     "care and review {name}'s feeding plan every three months, with the dietitian."),
    (r"physio|cerebral palsy|wheelchair|muscular|hoist|walk", "The NHS physiotherapist will provide a daily "
     "stretching programme, review it each half term and check {name}'s equipment every six months."),
    (r"occupational|sensory|motor", "The NHS occupational therapist will assess {name}'s seating and sensory "
     "needs and review {his} programme each term."),
    (r"hearing|deaf|cochlear|audiolog", "The audiology service will review {name}'s hearing and hearing "
     "technology every six months."),
    (r"vision|visual|sight|nystagmus|ophthalm", "The hospital eye service will review {name}'s vision each year "
     "and send the report to the Qualified Teacher of Vision Impairment."),
    (r"CAMHS|anxiety|mental health|self-harm|eating|low mood|depress", "CAMHS will offer {name} fortnightly "
     "sessions with a clinical psychologist for 12 weeks and review {his} care plan at the end of them."),
    (r"continence|constipation|toilet|soil|nappies", "The paediatric continence service will review {name}'s "
     "toileting plan every three months and advise staff."),
    (r"ADHD|autism|paediatric|medication|methylphenidate", "The community paediatrician will review {name} "
     "every six months, including {his} medication."),
    (r"asthma|allerg|anaphyla", "The school nurse will write and review {name}'s individual healthcare plan "
     "each year and train staff in using {his} inhaler and adrenaline auto-injector."),
)
_NO_NEEDS = re.compile(r"\bno (?:current |identified |known )?(?:health|medical)|no health needs|not have any "
                       r"health|no diagnosed medical|no (?:current )?social care|no eligible|does not "
                       r"(?:currently )?have (?:eligible|any|social care)|not (?:meet|eligible)|no needs|"
                       r"no other health needs|normal hearing and vision|no health concerns|health: no concerns",
                       re.I)


def says_no_needs(text: str) -> bool:
    return bool(_NO_NEEDS.search(text))


def section_g(rng: random.Random, child: Child, c_texts: list[str], weak: bool) -> list[str]:
    joined = " ".join(c_texts)
    if not c_texts or all(says_no_needs(t) for t in c_texts):
        return [rng.choice(["No health provision is required at present (see Section C).",
                            "None at present. Health needs will be reviewed at the annual review.",
                            f"No health provision is needed for {child.first} at present; see Section C."])]
    if weak and rng.random() < 0.5:
        return [rng.choice(["Health professionals to continue to be involved as needed.",
                            "As per Section C.", f"{child.first} to continue to access health services."])]
    found = [fill(t, child) for pat, t in _HEALTH_SERVICES if re.search(pat, joined, re.I)]
    if not found:
        found = [fill("The school nurse will review {name}'s health needs each year and update {his} "
                      "individual healthcare plan.", child)]
    return found[:3]


# ----------------------------------------------------------------------- Section H

def section_h(rng: random.Random, child: Child, d_texts: list[str], weak: bool) -> tuple[list[str], list[str]]:
    """(H1 lines, H2 lines)."""
    if not d_texts or all(says_no_needs(t) for t in d_texts):
        none = rng.choice(["None at present (see Section D).", "No provision is required at this time.",
                           "None identified at this time."])
        return [none], [rng.choice(["None at present.", "None identified at this time.",
                                    "No other social care provision is required at present."])]
    if weak and rng.random() < 0.5:
        return ["Social care to remain involved as appropriate."], ["Short breaks may be considered."]
    nights = rng.choice([12, 18, 24, 30])
    hours = rng.choice([3, 4, 6, 8])
    h1 = [rng.choice([
        f"Overnight short breaks at a local short breaks unit: {nights} nights a year, arranged by the "
        f"Children with Disabilities Team under section 2 of the Chronically Sick and Disabled Persons Act 1970.",
        f"A personal assistant for {hours} hours a week to support {child.first} to take part in community "
        f"activities, funded as a direct payment.",
        f"An after-school and holiday club place with 1:1 support for {hours} hours a week in school holidays.",
    ])]
    h2_options = [
        f"A social worker from the Children with Disabilities Team will visit {child.first} at home every six "
        f"weeks under a child in need plan and attend {child.p['his']} annual review.",
        "Family support: six sessions of the parenting programme for families of disabled children, "
        "offered by the Early Help team.",
    ]
    if 14 <= child.age < 18:
        h2_options.append(f"A Care Act assessment will be completed by the Preparing for Adulthood team before "
                          f"{child.first}'s 18th birthday.")
    h2 = [rng.choice(h2_options)]
    return h1, h2


# ----------------------------------------------------------------------- Section I

def section_i(rng: random.Random, child: Child, plan_date: date) -> list[tuple[str, str]]:
    rows = [("Name of setting", child.setting), ("Type of setting", child.setting_type)]
    if child.year in (6, 11) or child.year == -1:
        nxt = {6: "secondary", 11: "post-16", -1: "Reception"}[child.year]
        sep = date(plan_date.year if plan_date.month < 9 else plan_date.year + 1, 9, 1)
        rows.append((f"From {fmt_date(sep)}", {"secondary": f"{child.town} High School (mainstream secondary)",
                                               "post-16": f"{child.town} College (general further education college)",
                                               "Reception": f"{child.town} Community Primary School (Reception class)"}[nxt]))
    return rows


# ----------------------------------------------------------------------- Section J

def section_j(rng: random.Random, child: Child, plan_date: date) -> list[str]:
    told = fmt_date(plan_date - timedelta(days=rng.randrange(30, 90)))
    who = child.parent_names if child.age < 16 else child.first
    amount = rng.choice([1200, 1850, 2400, 3120, 4500])
    item = rng.choice(["a personal assistant to support travel to and from activities",
                       "specialist swimming lessons", "equipment for a home sensory programme",
                       "transport to the setting"])
    return [rng.choice([
        f"No personal budget has been requested. {who} {'was' if ' and ' not in who else 'were'} given "
        f"information about personal budgets and direct payments on {told} and can ask for one at any review.",
        f"A personal budget of £{amount:,} a year has been agreed for {item}. It will be paid as a direct "
        f"payment to {child.parents[0][1]} and reviewed at each annual review.",
        f"{who} asked about a personal budget for {item}. The SEND team will confirm in writing whether it can "
        f"be offered by {fmt_date(_weekday(plan_date + timedelta(days=42)))}.",
    ])]


def _weekday(d: date) -> date:
    """The date, moved back to the Friday before if it falls at a weekend."""
    return d - timedelta(days=max(0, d.weekday() - 4))


# ----------------------------------------------------------------------- Section K

def _person(rng: random.Random) -> str:
    return f"{rng.choice(WOMEN + MEN)} {rng.choice(SURNAMES)}"


def advice_list(rng: random.Random, child: Child, plan_date: date, n: int, n_old: int,
                areas: list[str]) -> list[tuple[str, str, date]]:
    """(kind, author, date) for Section K: n items, n_old of them more than 12 months before the plan."""
    school_role = "SENCo" if child.setting_kind != "post16" else "Head of Learning Support"
    items = [("Parental advice", child.parent_names),
             ("Educational advice", f"{_person(rng)}, {school_role}, {child.setting}"),
             ("Educational psychology advice", f"Dr {_person(rng)}, Educational Psychologist")]
    extra = [("Health advice", f"Dr {_person(rng)}, Community Paediatrician"),
             ("Health advice", f"{_person(rng)}, Speech and Language Therapist"),
             ("Health advice", f"{_person(rng)}, Occupational Therapist"),
             ("Health advice", f"{_person(rng)}, Physiotherapist"),
             ("Social care advice", rng.choice(["Children with Disabilities Team", "Early Help Team",
                                                "Preparing for Adulthood Team"])),
             ("Health advice", f"{_person(rng)}, Clinical Psychologist, CAMHS"),
             ("Educational advice", f"{_person(rng)}, Specialist Teacher, Cognition and Learning Team")]
    if "Sensory and/or physical" in areas:
        extra.append(("Educational advice", f"{_person(rng)}, Qualified Teacher of the Deaf"))
    if child.age >= 14:
        extra.append(("Views of the young person", child.name))
    rng.shuffle(extra)
    items = (items + extra)[:n]
    old = set(rng.sample(range(len(items)), min(n_old, len(items))))
    out = []
    for i, (kind, author) in enumerate(items):
        if i in old:
            d = plan_date - timedelta(days=rng.randrange(380, 900))
        else:
            d = plan_date - timedelta(days=rng.randrange(28, 150))
        out.append((kind, author, d))
    return out
