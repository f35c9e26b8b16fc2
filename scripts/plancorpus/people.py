"""Fictional children, families, councils and settings for the plan corpus.

Every name, address, school and council here is invented. NHS numbers are in the 999 range
reserved for testing (with a valid check digit); UPNs have a valid check letter but fictional
local-authority and school numbers; postcodes use area letters that are not real UK postcode areas.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

BOYS = """Aarav Abdullah Adebayo Alfie Amir Arlo Arthur Ayaan Bartosz Caleb Callum Charlie Dawid Dexter
Eesa Elijah Emeka Ethan Ezra Felix Finley Gabriel George Hamza Harley Harrison Harvey Hugo Ibrahim
Isaac Jack Jayden Jenson Joshua Jude Kacper Kai Kayden Kofi Leo Leon Lewis Logan Luca Lucas Mason
Mateo Max Milo Mohammed Musa Noah Oliver Omar Oscar Otis Reggie Reuben Riley Rohan Ronnie Rory Rowan
Samir Sebastian Stanley Teddy Theo Tobias Tomasz Tyler Yusuf Zac Zain Zayn Ewan Declan Kieran Sol""".split()
GIRLS = """Aaliyah Ada Aisha Amara Amelia Anaya Ava Bella Bethany Chloe Daisy Darcy Eliza Ella Ellie Elsie
Emily Esme Evie Fatima Freya Grace Hafsa Hannah Harper Iris Isla Ivy Jasmine Kezia Lacey Layla Leah
Lily Lola Lottie Lucy Maisie Maryam Maya Megan Mia Mila Millie Nadia Naomi Nell Niamh Nia Olivia
Orla Phoebe Poppy Priya Rosa Rosie Ruby Safiya Sana Scarlett Sienna Sofia Summer Tegan Thea Willow
Zara Zofia Zainab Keira Imani Ayesha Wiktoria Halima Efua Tilly""".split()
SURNAMES = """Abbott Adeyemi Ahmed Akhtar Ali Armstrong Asante Bailey Baker Barker Begum Bennett Bibi
Bradley Brennan Campbell Chaudhry Clarke Coleman Cooper Davies Dixon Doherty Edwards Ellis Evans
Fernandes Fletcher Foster Gallagher Gordon Green Hall Harper Hayes Hill Holloway Hughes Hussain Iqbal
Jackson James Jenkins Johnson Kamara Kaur Khan Kowalski Lawrence Lewis Lloyd Malik Mann Marsh Mensah
Mistry Morgan Murphy Nowak Nwosu Obi Okafor O'Neill Osei Owen Palmer Parker Patel Phillips Price
Quinn Rahman Reid Roberts Robinson Rossi Shah Sharma Simpson Singh Smith Sutton Taylor Thompson Tran
Turner Walsh Ward Watson Webb Whitfield Williams Wilson Wood Wright Yilmaz Young Zielinski""".split()
MEN = """Adam Ahmed Andrew Ben Chris Daniel David Dean Emmanuel Gary Imran James Jason Kwame Lee Liam
Marek Mark Matthew Michael Mohammed Nathan Paul Piotr Rajesh Richard Robert Ryan Samuel Scott Stephen
Tom Tunde Wayne Yusuf""".split()
WOMEN = """Aisha Amy Anna Bushra Carly Charlotte Chiamaka Claire Danielle Emma Fatima Gemma Hannah
Helen Jade Jennifer Joanne Kelly Kerry Laura Lisa Louise Magdalena Michelle Nadia Natalie Nicola
Priya Rachel Rebecca Samantha Sarah Sophie Stacey Tanya Victoria Zoe Ewa Grace""".split()

STREETS = """Larch Close|Marlowe Road|Station Road|Church Lane|Beech Avenue|Meadow Way|Mill Street|
Orchard Drive|Victoria Terrace|Kingfisher Court|Hawthorn Crescent|Albert Street|Willow Grove|
Park View|Chapel Row|Foxglove Walk|Queens Road|Brook Lane|Cedar Rise|Elm Parade|Harbour Street|
Sycamore Place|Heron Way|Primrose Hill Road|Clifton Gardens|Rowan Drive|Jubilee Close""".replace("\n", "").split("|")


@dataclass(frozen=True)
class Council:
    name: str
    short: str
    towns: tuple[str, ...]
    postcode: str  # fictional area letters
    la_code: int


COUNCILS = (
    Council("Ashdown Vale County Council", "Ashdown Vale", ("Fennington", "Ashdown", "Corley Cross", "Whitmere"), "AV", 871),
    Council("Kingsmere Borough Council", "Kingsmere", ("Kingsmere", "Holtby", "Saltford End"), "KM", 884),
    Council("Northbrook Metropolitan Borough Council", "Northbrook", ("Northbrook", "Easterley", "Canal Side", "Pelham"), "QN", 893),
    Council("Tarrow and Wendle Council", "Tarrow and Wendle", ("Tarrow", "Wendle", "Lowgate"), "VT", 902),
    Council("Riverside City Council", "Riverside City", ("Riverside", "St Anselm's", "Dockfield", "Marlow Heath"), "XR", 915),
    Council("Fellbeck District Council", "Fellbeck", ("Fellbeck", "High Garth", "Skelby"), "ZF", 927),
)

# (name pattern, type) by kind of setting. {town} is the child's town.
SETTINGS = {
    "pvi": [("Little Acorns Day Nursery", "Private, voluntary and independent early years setting"),
            ("Rainbow Steps Pre-School", "Private, voluntary and independent early years setting"),
            ("Busy Bees Community Nursery", "Private, voluntary and independent early years setting"),
            ("Sunflower Childminding (registered childminder)", "Registered childminder"),
            ("{town} Children's Centre Nursery", "Maintained nursery school")],
    "primary": [("{town} Community Primary School", "Mainstream maintained primary school"),
                ("St Oswald's CE Primary School", "Mainstream voluntary aided primary school"),
                ("Hillcrest Primary Academy", "Mainstream primary academy"),
                ("Brookside Infant School", "Mainstream maintained infant school"),
                ("Greenfields Junior School", "Mainstream maintained junior school"),
                ("Our Lady of Lourdes Catholic Primary School", "Mainstream voluntary aided primary school"),
                ("Meadowbank Primary School (Speech and Language Resource Base)",
                 "Mainstream primary school with a resourced provision for communication and interaction")],
    "secondary": [("{town} High School", "Mainstream maintained secondary school"),
                  ("Kestrel Academy", "Mainstream secondary academy"),
                  ("Bishop Ridley CE School", "Mainstream voluntary aided secondary school"),
                  ("Thornfield School (Autism Resource Base)",
                   "Mainstream secondary school with a resourced provision for autism"),
                  ("The Beacon Learning Centre", "Pupil referral unit (alternative provision)")],
    "special": [("Oakridge School", "Maintained special school for pupils with severe and complex learning difficulties"),
                ("Willowbrook Academy", "Special academy for pupils with social, emotional and mental health needs"),
                ("Castle View School", "Maintained special school for pupils with moderate learning difficulties"),
                ("Harbour House School", "Independent special school (section 41 approved) for autistic pupils"),
                ("Linden Lodge School", "Maintained special school for pupils with physical and sensory needs")],
    "post16": [("{town} College", "General further education college"),
               ("{town} College (Foundation Learning Department)", "General further education college"),
               ("Kestrel Academy Sixth Form", "School sixth form (mainstream academy)"),
               ("Hollybank Specialist College", "Specialist post-16 institution (section 41 approved)"),
               ("Project SEARCH supported internship at {town} General Hospital, with {town} College",
                "Supported internship delivered by a general further education college")],
}

PRONOUNS = {
    "m": {"he": "he", "him": "him", "his": "his", "himself": "himself", "He": "He", "His": "His"},
    "f": {"he": "she", "him": "her", "his": "her", "himself": "herself", "He": "She", "His": "Her"},
}


@dataclass
class Child:
    first: str
    last: str
    gender: str  # "m" | "f"
    dob: date
    age: int
    year: int  # school year group (Reception 0, nursery -1, younger -2..; 14+ = beyond Year 13)
    stage: str
    council: Council
    town: str
    address: str
    parents: tuple[tuple[str, str], ...]  # (relation, full name)
    setting: str
    setting_type: str
    setting_kind: str
    nhs: str
    upn: str
    home_language: str

    age_months: int = 0

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def p(self) -> dict:
        return PRONOUNS[self.gender]

    @property
    def person(self) -> str:
        return "young person" if self.age >= 16 else "child"

    @property
    def parent_names(self) -> str:
        names = [n for _, n in self.parents]
        return " and ".join(names)

    def year_label(self) -> str | None:
        if self.year <= -2:
            return None
        if self.year == -1:
            return "Nursery (pre-school)"
        if self.year == 0:
            return "Reception"
        if self.year <= 13:
            return f"Year {self.year}"
        return None


def nhs_number(rng: random.Random) -> str:
    """A number in the 999 test range with a valid modulus-11 check digit."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1)))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check != 10:
            s = "".join(map(str, digits + [check]))
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def upn(rng: random.Random, la_code: int, year_allocated: int) -> str:
    """A unique pupil number with a valid check letter (fictional LA and school numbers)."""
    body = f"{la_code:03d}{rng.randrange(2000, 7000):04d}{year_allocated % 100:02d}{rng.randrange(1000):03d}"
    total = sum(int(c) * w for c, w in zip(body, range(2, 14)))
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23] + body


def postcode(rng: random.Random, area: str) -> str:
    inward = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{area}{rng.randrange(1, 20)} {rng.randrange(10)}{rng.choice(inward)}{rng.choice(inward)}"


def school_year(dob: date, on: date) -> int:
    """English school year group on a date (Reception = 0); the year runs from 1 September."""
    ay = on.year if on.month >= 9 else on.year - 1
    born_ay = dob.year if dob.month >= 9 else dob.year - 1
    return ay - born_ay - 5


def stage_for(age: int) -> str:
    if age <= 4:
        return "early years"
    if age <= 10:
        return "primary"
    if age <= 15:
        return "secondary"
    return "post-16"


def age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def make_child(rng: random.Random, plan_date: date, age: int, gender: str, used: set[str]) -> Child:
    while True:
        first = rng.choice(BOYS if gender == "m" else GIRLS)
        last = rng.choice(SURNAMES)
        if f"{first} {last}" not in used:
            used.add(f"{first} {last}")
            break
    # a date of birth giving exactly this age on the plan date
    latest = date(plan_date.year - age, plan_date.month, min(plan_date.day, 28))
    dob = latest - timedelta(days=rng.randrange(120 if age == 0 else 0, 364))
    assert age_on(dob, plan_date) == age, (dob, plan_date, age)
    year = school_year(dob, plan_date)
    council = rng.choice(COUNCILS)
    town = rng.choice(council.towns)
    address = f"{rng.randrange(1, 140)} {rng.choice(STREETS)}, {town}, {postcode(rng, council.postcode)}"
    parents = _parents(rng, last, age)
    kind = _setting_kind(rng, age, year)
    options = [(n, t) for n, t in SETTINGS[kind]
               if not ("Infant" in n and year > 2) and not ("Junior" in n and year < 3)]
    name, kind_type = rng.choice(options)
    setting = name.format(town=town)
    if kind == "pvi" or year < 0:
        pupil_no = "Not yet allocated"
    else:
        pupil_no = upn(rng, council.la_code, plan_date.year - max(0, year) - rng.randrange(0, 2))
    lang = rng.choices(["English", "English and Polish", "English and Urdu", "English and Yoruba",
                        "English and Bengali", "Arabic (English as an additional language)",
                        "Romanian (English as an additional language)", "English and British Sign Language"],
                       weights=[70, 4, 5, 3, 3, 3, 3, 2])[0]
    months = (plan_date.year - dob.year) * 12 + plan_date.month - dob.month - (plan_date.day < dob.day)
    return Child(first, last, gender, dob, age, year, stage_for(age), council, town, address, parents,
                 setting, kind_type, kind, nhs_number(rng), pupil_no, lang, months)


def _parents(rng: random.Random, last: str, age: int) -> tuple[tuple[str, str], ...]:
    kind = rng.choices(["both", "mum", "dad", "foster", "kinship", "mum_partner"], weights=[45, 30, 7, 6, 5, 7])[0]
    mum = f"{rng.choice(WOMEN)} {last}"
    dad = f"{rng.choice(MEN)} {last}"
    if kind == "both":
        return (("Mother", mum), ("Father", dad))
    if kind == "mum":
        return (("Mother", mum),)
    if kind == "dad":
        return (("Father", dad),)
    if kind == "foster":
        return (("Foster carer", f"{rng.choice(WOMEN)} {rng.choice(SURNAMES)}"),)
    if kind == "kinship":
        return (("Grandmother (special guardian)", f"{rng.choice(WOMEN)} {last}"),)
    return (("Mother", mum), ("Mother's partner", f"{rng.choice(MEN)} {rng.choice(SURNAMES)}"))


def _setting_kind(rng: random.Random, age: int, year: int) -> str:
    if year < 0:
        return "pvi"
    special = rng.random() < 0.22
    if year <= 6:
        return "special" if special else "primary"
    if year <= 11:
        return "special" if special else "secondary"
    return "special" if special and year <= 13 else "post16"


def fmt_date(d: date, style: int = 0) -> str:
    if style == 1:
        return d.strftime("%d/%m/%Y")
    return f"{d.day} {d.strftime('%B %Y')}"


def _person_name(rng: random.Random) -> str:
    """A fictional adult's full name (caseworkers, professionals)."""
    return f"{rng.choice(WOMEN + MEN)} {rng.choice(SURNAMES)}"
