"""Content of the fictional EHC plans used as golden test fixtures.

Every child, family, school, council and professional here is invented. Phone
numbers are in Ofcom's ranges for drama (01632 960xxx, 07700 900xxx) and e-mail
addresses use example.com/.org/.net domains. The plans are held as structured
data; ``make_fixtures.py`` lays each one out in several council template styles
and file formats.

A plan has ordinary sections (lists of items) and, for Sections B, E and F,
a list of areas of need. Each area holds *strands*: a need, the outcomes that
answer it and the provision that delivers them (the "golden thread"). Linear
templates print the strands' needs under B, outcomes under E and provision
under F; table templates print one Needs | Outcomes | Provision row per strand.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Para:
    """A body paragraph."""

    text: str
    italic: bool = False


@dataclass(frozen=True)
class Bullet:
    """A bulleted list item (its text carries no bullet glyph)."""

    text: str


@dataclass(frozen=True)
class Sub:
    """A sub-heading inside a section that is not an area of need."""

    text: str


@dataclass(frozen=True)
class Quote:
    """The child's own words: a lead-in sentence and the quotation."""

    lead: str
    text: str


@dataclass(frozen=True)
class Field:
    """A form field value; table templates hold it in a Word content control.

    An empty value is an unfilled control that shows Word's placeholder text.
    """

    text: str


@dataclass(frozen=True)
class Tab:
    """A small table inside a section. Cells are strings or :class:`Field`."""

    rows: tuple[tuple[str | Field, ...], ...]
    header: bool = True


@dataclass(frozen=True)
class Strand:
    """One need, with the outcomes and provision that answer it."""

    needs: tuple
    outcomes: tuple
    provision: tuple


@dataclass(frozen=True)
class AreaOfNeed:
    name: str
    strands: tuple[Strand, ...]


@dataclass(frozen=True)
class Advice:
    kind: str
    author: str
    date: str


@dataclass(frozen=True)
class Plan:
    """One fictional plan.

    Attributes:
        slug: short file-name stem.
        quality: how good the plan is meant to be (for the fixtures README).
        summary: one line describing the child.
        person: "child" or "young person" (changes statutory headings).
        front: front-page fields (label, value) in order.
        sections: items of A, C, D, G, H1, H2, I, J (K is built from ``advice``).
        intro, outro: items before / after the areas of need in B, E and F.
        areas: the areas of need with their strands.
        advice: Section K advice and information.
        revision: (inserted, deleted) text of a tracked change in the last
            item of Section F; ``inserted`` must occur in that item's text.
    """

    slug: str
    quality: str
    summary: str
    person: str
    council: str
    date: str
    front: tuple[tuple[str, str | Field], ...]
    sections: dict
    areas: tuple[AreaOfNeed, ...]
    advice: tuple[Advice, ...]
    intro: dict = field(default_factory=dict)
    outro: dict = field(default_factory=dict)
    revision: tuple[str, str] | None = None


def _items(values, default=Para):
    return tuple(default(v) if isinstance(v, str) else v for v in values)


def strand(needs, outcomes, provision) -> Strand:
    """Build a strand: strings become paragraphs (needs, outcomes) or bullets (provision)."""
    return Strand(_items(needs), _items(outcomes), _items(provision, Bullet))


def section(*values) -> tuple:
    return _items(values)


CI = "Communication and interaction"
CL = "Cognition and learning"
SEMH = "Social, emotional and mental health"
SP = "Sensory and/or physical"


# --------------------------------------------------------------------------
# 1. Early years: strong plan, speech and language delay, on the autism pathway
# --------------------------------------------------------------------------

EARLY_YEARS = Plan(
    slug="early_years",
    quality="strong",
    summary="Maisie Okafor, 3 years 9 months, day nursery moving to Reception",
    person="child",
    council="Ashdown Vale County Council",
    date="28 March 2025",
    front=(
        ("Name", "Maisie Okafor"),
        ("Date of birth", "14 June 2021"),
        ("NHS number", "999 401 2267"),
        ("UPN", "Not yet allocated"),
        ("Address", "12 Larch Close, Fennington, AV4 7QT"),
        ("Parents", "Chiamaka Okafor and David Okafor"),
        ("Telephone", "07700 900 418"),
        ("Email", "chiamaka.okafor@example.com"),
        ("Home language", "English; the family also speak Igbo at home"),
        ("Current setting", "Little Acorns Day Nursery"),
        ("Type of plan", "Final EHC plan"),
        ("Date of plan", "28 March 2025"),
        ("EHC coordinator", "Hannah Pryce"),
        ("Contact", "01632 960 417, hannah.pryce@ashdownvale.example.org"),
    ),
    sections={
        "A": section(
            Sub("How my views were gathered"),
            "Maisie has around 30 single words and a few two-word phrases, so her views were gathered "
            "by her key person, Jade, over three sessions in February 2025. Jade used photographs of "
            "nursery activities, watched which ones Maisie chose and noted what she said and did.",
            "Maisie's parents added what she tells them at home and what she does when she is happy "
            "or upset.",
            Sub("What I like and what is important to me"),
            Quote("When Jade showed her the photographs, Maisie pointed and said:",
                  "\u201cBubbles! More bubbles. Mummy car. Swing, push!\u201d"),
            "Maisie loves bubbles, water play, the swings and the song \u201cWind the bobbin up\u201d. "
            "She likes to line up the toy cars along the windowsill and laughs when an adult copies her.",
            "She likes to be close to Jade at the start of the day and holds her hand at the gate.",
            Sub("What I find hard"),
            "Maisie covers her ears and hides under the table when the hand dryers in the nursery "
            "toilets are switched on. She cries when she has to stop an activity she enjoys, "
            "especially when it is time to come inside.",
            Sub("My parents' views"),
            "Chiamaka and David describe Maisie as loving, determined and funny. They are worried that "
            "other children do not understand her and that she plays on her own. They want Maisie to "
            "be able to tell them what she wants and what has upset her, and to be ready for school.",
            "They would like Maisie to start Reception at Brookside Community Primary School with her "
            "cousin, and they want the school to know her well before she starts.",
            Sub("My aspirations"),
            "Maisie's parents hope that she will talk in sentences, make friends, and go to her local "
            "school. In the longer term they hope she will enjoy learning and be as independent as "
            "she can be.",
        ),
        "C": section(
            "Maisie had recurrent glue ear and had grommets fitted in March 2024. Her most recent "
            "hearing test, on 9 January 2025, showed hearing within normal limits in both ears.",
            "Maisie is under the care of Dr Ruth Okoye, Community Paediatrician, and is on the "
            "neurodevelopmental pathway for an autism assessment; her assessment appointment is "
            "expected in autumn 2025.",
            "Maisie is not yet toilet trained and wears nappies during the day. She eats a narrow range "
            "of foods (mainly beige, dry foods); her growth is monitored by the health visitor and is "
            "within the expected range.",
        ),
        "D": section(
            "Social care advice was requested from the Children with Disabilities Team. Their advice "
            "of 4 February 2025 is that Maisie does not have social care needs related to her SEN at "
            "present and that the family do not meet the threshold for a social care assessment.",
            "The family were given information about the local short breaks offer and the Parent "
            "Carer Forum, and agreed that the EHC coordinator will review this at the first annual review.",
        ),
        "G": section(
            "Speech and language therapy: the NHS speech and language therapist (SALT) will assess "
            "Maisie each term, write her language programme, train her key person and visit the setting "
            "once each half term for 45 minutes to review the programme.",
            "Community paediatrics: Dr Okoye will continue to review Maisie every six months and will "
            "complete the autism assessment.",
            "Audiology: a review hearing test every six months while her grommets remain in place.",
        ),
        "H1": section(
            "No provision is made under section 2 of the Chronically Sick and Disabled Persons Act 1970 "
            "at this time, as Maisie does not have assessed social care needs (see Section D).",
        ),
        "H2": section(
            "No other social care provision is required at present. Information about short breaks "
            "was given to the family on 4 February 2025.",
        ),
        "I": section(
            Tab((("Placement", "Details"),
                 ("Until 31 August 2025", "Little Acorns Day Nursery, private, voluntary and independent "
                                          "early years setting"),
                 ("From 1 September 2025", Field("Brookside Community Primary School, mainstream "
                                                 "maintained primary school (Reception class)")))),
        ),
        "J": section(
            "Maisie's parents have not asked for a personal budget. They were told about personal "
            "budgets and direct payments on 4 February 2025 and can ask at any time.",
            Tab((("Personal budget", "Details"),
                 ("Amount", "None requested"),
                 ("Direct payment arrangements", Field(""))), header=True),
        ),
    },
    intro={
        "B": section(
            "Maisie is 3 years and 9 months old. Her development is delayed across several areas, and "
            "her speech and language is most delayed. Her needs are described below under the four "
            "broad areas of need.",
        ),
        "F": section(
            "All provision is additional to the setting's ordinarily available provision and will be "
            "reviewed each term by the setting SENCo, Mrs Angela Ward, with Maisie's parents.",
        ),
    },
    areas=(
        AreaOfNeed(CI, (
            strand(
                ["Maisie understands single words and short instructions linked to routines (\u201ccoat "
                 "on\u201d, \u201ctime for snack\u201d) but not instructions without visual cues. Her "
                 "understanding is at around the 24 to 30 month level (Speech and Language Therapy "
                 "report, January 2025).",
                 "She uses about 30 single words and a few two-word phrases, mainly to request. She "
                 "does not yet use words to comment, protest or ask for help, so she pulls an adult by the "
                 "hand or cries."],
                ["By the end of the Reception year (July 2026), Maisie will follow two-part instructions "
                 "with familiar vocabulary (for example \u201cget your coat and sit on the carpet\u201d) "
                 "without a visual cue in 4 out of 5 observed opportunities.",
                 "By the end of the Reception year (July 2026), Maisie will use phrases of 3 to 4 words to "
                 "request, comment and ask for help, recorded on at least 10 occasions in a week by her "
                 "key person."],
                ["A daily 15-minute 1:1 language session with her key person, following the programme "
                 "written by the NHS SALT, in a quiet room, every day she attends.",
                 "Her key person to attend the SALT's two-hour \u201cLanguage for Learning\u201d training "
                 "by 31 May 2025 and to be observed by the SALT once each half term.",
                 "Adults to model language using Maisie's words plus one more word, with Makaton signs for "
                 "key words; the SALT will provide the list of target words each half term."],
            ),
            strand(
                ["Maisie plays alongside other children but not with them. She does not yet take turns "
                 "or respond when another child speaks to her."],
                ["By the end of the autumn term 2025, Maisie will take turns with one peer in a "
                 "structured game for 5 minutes, with adult support, on 3 occasions in a week."],
                ["A 10-minute adult-led turn-taking group (Maisie and two peers) three times a week, "
                 "run by her key person using the Attention Autism approach, for the rest of the "
                 "nursery year and continued in Reception."],
            ),
        )),
        AreaOfNeed(CL, (
            strand(
                ["Maisie is working at around the 16 to 26 month band in most areas of the Early Years "
                 "Foundation Stage. She can match colours and objects but has not yet learnt to sort by "
                 "size or to count."],
                ["By July 2026, Maisie will sort objects by colour and size and will count up to three "
                 "objects with 1:1 correspondence in 4 out of 5 adult-led activities."],
                ["Two 10-minute 1:1 adult-led early concepts sessions each week with her key person, "
                 "using the setting's early number programme and the targets set by the Area SENCo each "
                 "term."],
            ),
        )),
        AreaOfNeed(SEMH, (
            strand(
                ["Maisie becomes very distressed at transitions, especially when coming inside from the "
                 "garden. She may drop to the floor and cry for up to 20 minutes."],
                ["By the end of the autumn term 2025, Maisie will move from the garden to the next "
                 "activity using her now-and-next board, with no more than one prompt, on 4 out of 5 "
                 "days.",
                 "By July 2026, Maisie will calm within 5 minutes with the help of a familiar adult when "
                 "she is upset."],
                ["A personal now-and-next board made by her key person, used at every transition, with a "
                 "2-minute warning using a sand timer.",
                 "A written transition plan for starting Reception, agreed by the nursery SENCo and the "
                 "Brookside SENCo by 30 June 2025, including three visits to the Reception class and a "
                 "photo book of the school."],
            ),
        )),
        AreaOfNeed(SP, (
            strand(
                ["Maisie is sensitive to sudden loud noise (hand dryers, the fire bell) and seeks "
                 "movement; she spins and climbs often. Her fine motor skills are delayed: she holds "
                 "crayons in a fist grip."],
                ["By July 2026, Maisie will tolerate being in the toilet area when the hand dryer is "
                 "used, wearing ear defenders if she chooses, on 4 out of 5 occasions.",
                 "By July 2026, Maisie will use a tripod grip on a chunky crayon for drawing for 2 "
                 "minutes in 3 out of 5 activities."],
                ["A sensory plan written by the Early Years Inclusion Officer by 30 April 2025, with two "
                 "5-minute movement sessions each morning delivered by her key person.",
                 "Ear defenders available to Maisie at all times, with the hand dryer switched off when "
                 "she uses the toilet area until the sensory plan is reviewed in July 2025.",
                 "A daily 10-minute fine motor activity (playdough, pegs, threading), planned by her "
                 "key person from the Early Years Inclusion Officer's programme."],
            ),
        )),
    ),
    advice=(
        Advice("Parental advice", "Chiamaka and David Okafor", "20 January 2025"),
        Advice("Educational advice", "Angela Ward, SENCo, Little Acorns Day Nursery", "24 January 2025"),
        Advice("Educational psychology advice", "Dr Femi Adebayo, Educational Psychologist",
               "30 January 2025"),
        Advice("Health advice", "Dr Ruth Okoye, Community Paediatrician", "21 January 2025"),
        Advice("Health advice", "Laura Mistry, Speech and Language Therapist", "15 January 2025"),
        Advice("Social care advice", "Children with Disabilities Team", "4 February 2025"),
    ),
)


# --------------------------------------------------------------------------
# 2. Primary: moderate plan (the README's sample plan); literacy and SEMH
# --------------------------------------------------------------------------

PRIMARY = Plan(
    slug="primary",
    quality="moderate",
    summary="Jacob Whitfield, Year 4, mainstream primary; literacy difficulties and anxiety",
    person="child",
    council="Kingsmere Borough Council",
    date="12 May 2025",
    front=(
        ("Name", "Jacob Whitfield"),
        ("Date of birth", "9 November 2015"),
        ("NHS number", "999 118 3042"),
        ("UPN", "K820401115009"),
        ("Address", "47 Marlowe Road, Kingsmere, KM3 9DF"),
        ("Parent", "Sarah Whitfield"),
        ("Telephone", "(01632) 960 552"),
        ("Email", "sarah.whitfield@example.org"),
        ("School", "Hillcrest Primary School"),
        ("Year group", "Year 4"),
        ("Type of plan", "Final EHC plan"),
        ("Date of plan", "12 May 2025"),
    ),
    sections={
        "A": section(
            Sub("About me"),
            "Jacob is a kind, chatty boy who loves football, Minecraft and his dog, Biscuit. He "
            "supports Kingsmere Rovers and goes to every home game with his grandad.",
            Sub("My views"),
            "Jacob talked to the educational psychologist and his class teacher in March 2025. He drew "
            "a picture of a good day and a bad day at school and talked about them.",
            Quote("Jacob said:",
                  "\u201cI'm good at maths and football. I hate it when I have to read out loud because "
                  "people laugh. I like it when Mrs Hughes helps me in the little room because it's quiet.\u201d"),
            "Jacob said he gets \u201ca hot head\u201d when the writing is too long, and that he wants "
            "to be able to read Harry Potter by himself.",
            Sub("What is important to me"),
            "Jacob said that his friends Alfie and Kacper are the most important thing about school. "
            "He likes being on the school football team and wants to keep his place even when he is "
            "behind with his work.",
            Sub("How best to support me"),
            "Jacob said it helps when the teacher gives him the first sentence, when he can use a laptop, "
            "and when nobody makes him read in front of the class. He said he does not like being taken "
            "out of PE for extra reading.",
            Sub("My mum's views"),
            "Sarah says Jacob is bright and creative but has lost confidence since Year 3. He has "
            "stomach aches on school mornings and says he is \u201cthick\u201d. She wants school to "
            "understand that his behaviour is anxiety and not naughtiness.",
            Sub("Aspirations"),
            "Jacob wants to be a footballer or a vet. His mum hopes he will go to Kingsmere High School "
            "with his friends and leave school with good qualifications.",
        ),
        "C": section(
            "Jacob has no diagnosed medical conditions. The school nurse saw Jacob on 3 March 2025 and "
            "found no health needs related to his SEN; his hearing and vision were checked in February "
            "2025 and were normal.",
            "Jacob has been referred to the community paediatrician by his GP to consider whether he "
            "has attention difficulties; the appointment has not yet taken place.",
        ),
        "D": section(
            "No social care needs have been identified.",
        ),
        "G": section(
            "Jacob will be seen by the community paediatrician when the referral is reached. Any health "
            "provision recommended will be added at the next review.",
        ),
        "H1": section("None identified at this time."),
        "H2": section("None identified at this time."),
        "I": section(
            Tab((("Type of school", "Mainstream maintained primary school"),
                 ("Name of school", Field("Hillcrest Primary School, Kingsmere"))), header=False),
        ),
        "J": section(
            "Jacob's mum has not requested a personal budget.",
        ),
    },
    intro={
        "B": section(
            "Jacob's main needs are in cognition and learning and in his social, emotional and mental "
            "health. He also has some difficulties with handwriting.",
        ),
        "F": section(
            "The provision below will be delivered by Hillcrest Primary School and overseen by the "
            "SENCo, Mrs Claire Hughes.",
        ),
    },
    outro={
        "F": section(
            Bullet("The SENCo will meet Jacob's mum once each term to review his progress, and his "
                   "outcomes will be reviewed at the annual review."),
        ),
    },
    revision=("once each term", "when needed"),
    areas=(
        AreaOfNeed(CL, (
            strand(
                ["Jacob has difficulties consistent with dyslexia. His reading age is 6 years 8 months "
                 "(York Assessment of Reading for Comprehension, February 2025) when he is 9 years 3 "
                 "months old. He has weak phonological awareness and finds it hard to blend sounds in "
                 "unfamiliar words.",
                 "His working memory is in the low average range (below the 10th percentile), so he "
                 "forgets longer instructions and loses his place in multi-step tasks.",
                 "Maths is a relative strength: Jacob's mental arithmetic is in line with his age, but "
                 "he struggles to read word problems and to record his working."],
                ["By the end of Year 5 (July 2026), Jacob will read 100 high-frequency words accurately "
                 "and read a book at his level aloud to an adult with 95% accuracy.",
                 "Jacob will improve his spelling."],
                ["A structured, multi-sensory phonics programme (such as Toe by Toe or Read Write Inc "
                 "Fresh Start) delivered 1:1 by a trained teaching assistant for 20 minutes, four times a "
                 "week.",
                 "Precision teaching of high-frequency words for 10 minutes daily.",
                 "Reading aloud to an adult three times a week for 15 minutes, using books matched to "
                 "his phonic stage.",
                 "Access to assistive technology such as a reading pen as appropriate.",
                 "Instructions to be chunked and given one at a time, with key words written down."],
            ),
            strand(
                ["Jacob's written work is much shorter than his spoken ideas. He avoids writing tasks "
                 "and rarely writes more than two sentences independently."],
                ["Jacob will be able to write more independently.",
                 "By the end of Year 5 (July 2026), Jacob will plan and write a piece of at least eight "
                 "sentences using a writing frame, without adult help, in 3 out of 4 extended writing tasks."],
                ["Writing frames and word mats for all writing tasks.",
                 "Opportunities to record his ideas in different ways, for example by typing or using "
                 "voice recording."],
            ),
        )),
        AreaOfNeed(SEMH, (
            strand(
                ["Jacob is anxious about reading and writing in front of others. When he is anxious he "
                 "refuses work, leaves the classroom or becomes angry. There were 11 recorded incidents "
                 "in the spring term 2025, most of them in English lessons.",
                 "He describes himself as \u201crubbish at school\u201d and compares himself with his "
                 "friends. His mum reports stomach aches and difficulty getting him into school on "
                 "Monday mornings."],
                ["By the end of Year 4 (July 2025), Jacob will use his calm card to ask for a break "
                 "instead of leaving the classroom in 4 out of 5 incidents, as recorded by his class "
                 "teacher.",
                 "Jacob will feel more confident about himself as a learner."],
                ["A 6-week ELSA programme on self-esteem and managing worries, 30 minutes weekly, "
                 "delivered by the school's trained ELSA, Mrs Patel, starting in June 2025.",
                 "Regular check-ins with a key adult.",
                 "A 5-minute meet and greet with Mrs Hughes at the classroom door every morning.",
                 "Access to a quiet space when needed.",
                 "Jacob should not be asked to read aloud in front of the class unless he chooses to."],
            ),
        )),
        AreaOfNeed(SP, (
            strand(
                ["Jacob's handwriting is large and hard to read, and his hand tires quickly. He finds "
                 "it hard to copy from the board."],
                ["By July 2026, Jacob will write a paragraph of five sentences that an unfamiliar adult "
                 "can read, in 3 out of 4 pieces of independent writing."],
                ["A handwriting and fine motor programme (Speed Up!) delivered by a teaching assistant "
                 "in a group of three, for 15 minutes, three times a week for one term, then reviewed.",
                 "Seating near the front of the class, away from distractions."],
            ),
        )),
    ),
    advice=(
        Advice("Parental advice", "Sarah Whitfield", "3 March 2025"),
        Advice("Educational advice", "Claire Hughes, SENCo, Hillcrest Primary School", "5 March 2025"),
        Advice("Educational psychology advice", "Tom Gallagher, Educational Psychologist", "17 March 2025"),
        Advice("Health advice", "Kingsmere School Nursing Service", "3 March 2025"),
        Advice("Social care advice", "Kingsmere Children's Services (no involvement)", "10 March 2025"),
    ),
)


# --------------------------------------------------------------------------
# 3. Secondary: weak plan, autism and anxiety, poor attendance
# --------------------------------------------------------------------------

_REVIEW = "This will be reviewed at Connor's annual review."

SECONDARY = Plan(
    slug="secondary",
    quality="weak",
    summary="Connor Lacey, Year 8, mainstream academy; autism, anxiety and low attendance",
    person="child",
    council="Ravensby Metropolitan Borough Council",
    date="20 June 2025",
    front=(
        ("Name", "Connor Lacey"),
        ("Date of birth", "3 February 2012"),
        ("NHS number", "999 562 7781"),
        ("UPN", "R381207212044"),
        ("Address", "Flat 3, 88 Canal Street, Ravensby, RV2 4LP"),
        ("Parent", "Donna Lacey"),
        ("Telephone", "07700900461"),
        ("School", "Riverside Academy"),
        ("Year group", "Year 8"),
        ("Type of plan", "Final EHC plan"),
        ("Date of plan", "20 June 2025"),
    ),
    sections={
        "A": section(
            "Connor was unable to give his views at this time.",
            "Connor's mum says that Connor likes gaming and his dog. She says he used to like school "
            "but now he doesn't want to go. She would like him to be happy and to go to school.",
            "Connor's form tutor reports that Connor is polite to staff and enjoys ICT and science. "
            "He spends break times in the library and does not have a friendship group.",
            "School would like Connor to attend more regularly.",
            "Connor's mum would like him to be happy.",
        ),
        "C": section(
            "Connor has no health needs.",
            "Connor has a diagnosis of autism spectrum disorder (2022). He was referred to CAMHS in "
            "2024 and is on the waiting list.",
        ),
        "D": section("There are no social care needs."),
        "G": section("None."),
        "H1": section("N/A"),
        "H2": section("N/A"),
        "I": section(
            Tab((("Type of school", "Mainstream secondary"),
                 ("Name of school", Field("Riverside Academy"))), header=False),
        ),
        "J": section(
            Tab((("Personal budget requested", "Not applicable"),
                 ("Direct payments", Field(""))), header=False),
        ),
    },
    intro={
        "B": section(
            "Connor has ASD and SEMH needs. He finds many things difficult in school.",
            "Connor was diagnosed with autism in 2022 by the Ravensby Neurodevelopmental Service. In "
            "primary school he had a 1:1 teaching assistant for part of the day and was described as "
            "a quiet boy who liked routine. Since moving to Riverside Academy in September 2023 his "
            "attendance has fallen and was 62% in the spring term 2025.",
            "The educational psychologist saw Connor in September 2023. The report said that Connor "
            "presents as a young person with a profile of strengths and difficulties associated with "
            "autism and that he would benefit from a consistent approach across the school. It "
            "recommended a visual timetable, a key adult, access to a quiet space and differentiated "
            "work.",
            "Connor may find unstructured times difficult. He may also find changes to routine "
            "difficult and may need support with this.",
        ),
    },
    outro={
        "F": section(
            Bullet("Connor would benefit from a referral to CAMHS."),
            Bullet("Staff should be aware of Connor's needs."),
        ),
    },
    revision=("should be aware of", "to be made aware of"),
    areas=(
        AreaOfNeed(SEMH, (
            strand(
                ["Connor has high levels of anxiety. He finds it difficult to come into school and "
                 "can become dysregulated.",
                 "Connor has difficulties with emotional regulation."],
                ["Connor will be supported to manage his anxiety. " + _REVIEW,
                 "Connor will improve his attendance. " + _REVIEW,
                 "Connor will be happy in school. " + _REVIEW],
                ["Access to a key adult.",
                 "Regular check-ins.",
                 "Access to a quiet space as needed.",
                 "Time out card.",
                 "A reduced timetable may be considered if appropriate.",
                 "Access to the school's ELSA programme, where available."],
            ),
        )),
        AreaOfNeed(CI, (
            strand(
                ["Connor has social communication difficulties associated with autism. Tyler finds it "
                 "hard to make friends and can misunderstand what others say."],
                ["Connor will develop his social skills. " + _REVIEW],
                ["Small group work as required.",
                 "Social skills opportunities.",
                 "Staff to use clear and simple language.",
                 "Support at unstructured times, e.g. break and lunch, where possible."],
            ),
        )),
        AreaOfNeed(CL, (
            strand(
                ["Connor is working below age-related expectations in English and maths. His reading "
                 "comprehension is weak."],
                ["Connor will make progress in English and maths. " + _REVIEW],
                ["Visual timetable.",
                 "Movement breaks.",
                 "Seating near the front of the class.",
                 "Differentiated work.",
                 "Instructions to be chunked."],
            ),
            strand(
                ["Connor finds it hard to organise himself and his equipment."],
                [],
                [],
            ),
        )),
    ),
    advice=(
        Advice("Parental advice", "Donna Lacey", "2 May 2025"),
        Advice("Educational advice", "Riverside Academy", "30 April 2025"),
        Advice("Educational psychology advice", "Ravensby Educational Psychology Service",
               "14 September 2023"),
        Advice("Health advice", "Ravensby Neurodevelopmental Service", "8 November 2022"),
    ),
)


# --------------------------------------------------------------------------
# 4. Post-16: strong preparing-for-adulthood plan; hearing impairment and MLD
# --------------------------------------------------------------------------

POST16 = Plan(
    slug="post16",
    quality="strong",
    summary="Aisha Rahman, 17, general FE college; hearing impairment and moderate learning difficulties",
    person="young person",
    council="Fenwick Vale Council",
    date="15 January 2025",
    front=(
        ("Name", "Aisha Rahman"),
        ("Date of birth", "22 August 2007"),
        ("NHS number", "999 730 5518"),
        ("ULN", "4410298375"),
        ("Address", "5 Heron Walk, Fenwick, FV8 2RS"),
        ("Parents", "Nasreen Rahman and Imran Rahman"),
        ("Mobile", "+44 7700 900 233"),
        ("Email", "aisha.rahman@example.net"),
        ("College", "Northgate College"),
        ("Course", "Level 1 Pathways to Work (study programme), second year"),
        ("Type of plan", "Amended EHC plan following annual review"),
        ("Date of plan", "15 January 2025"),
    ),
    sections={
        "A": section(
            Sub("About me"),
            "My name is Aisha and I am 17. I live with my mum, dad and two younger brothers. I go to "
            "Northgate College, where I am in the second year of the Pathways to Work course.",
            "I wrote this section with my key worker, Gemma, and my Teacher of the Deaf, Mr Lewis. I "
            "chose what to say and checked it at the end.",
            Sub("What I like"),
            "I love animals, especially horses. I help at Greenacre Stables on Saturdays, mucking out "
            "and grooming. I like baking, K-pop and going to the Deaf youth club on Thursdays.",
            Sub("What helps me"),
            "I wear hearing aids in both ears. I need people to face me when they talk and not to "
            "cover their mouths. In groups I use my radio aid. I find it hard when there is a lot of "
            "noise, like in the canteen.",
            Quote("In my own words:",
                  "\u201cI want to work with animals and have my own money. I want to go to places on my "
                  "own, but I get scared on the bus if I can't hear the driver.\u201d"),
            Sub("My parents' views"),
            "Nasreen and Imran are proud of how much Aisha has grown in confidence at college. They "
            "worry about her safety when she travels alone and about her understanding of money. They "
            "would like her to have a job with support and to live close to the family.",
            Sub("My aspirations"),
            "I want to work at a stables or a pet shop. When I am older I want to live in a flat near "
            "my family, with my own key.",
        ),
        "C": section(
            "Aisha has a bilateral moderate-to-severe sensorineural hearing loss, diagnosed at 18 "
            "months. She wears two behind-the-ear hearing aids and uses a radio aid at college.",
            "She has experienced periods of low mood and anxiety, and was seen by the Deaf CAMHS team "
            "in 2023. She is not currently receiving treatment.",
            "Aisha is otherwise well. She needs support to make and attend her own health appointments.",
        ),
        "D": section(
            "Aisha was assessed by the Fenwick Vale Preparing for Adulthood social work team on 18 "
            "November 2024. She needs support to travel safely and to manage money, which are eligible "
            "needs under the Care Act 2014 from age 18; a transition assessment will be completed by "
            "August 2025.",
        ),
        "G": section(
            "Audiology: Fenwick Hospital paediatric audiology will review Aisha's hearing and hearing aids "
            "every six months until she transfers to the adult service at 18. The transfer will be "
            "planned with Aisha at her review in June 2025.",
            "Deaf CAMHS: Aisha can refer herself back to the service until she is 18; her key worker "
            "will help her do this if she asks.",
            "GP: an annual health check from age 18 (learning disability register), arranged by the "
            "practice.",
        ),
        "H1": section(
            "No provision is made under section 2 of the Chronically Sick and Disabled Persons Act 1970.",
        ),
        "H2": section(
            "Independent travel training by the Fenwick Vale travel training team: two sessions each "
            "week of up to 2 hours, for 12 weeks from February 2025, on the route from home to college "
            "and then to Greenacre Stables.",
            "A transition assessment under the Care Act 2014 by the Preparing for Adulthood social "
            "worker, to be completed by 31 August 2025.",
        ),
        "I": section(
            Tab((("Type of institution", "General further education college"),
                 ("Name of institution", Field("Northgate College, Fenwick")),
                 ("Until", "July 2026 (end of study programme)")), header=False),
        ),
        "J": section(
            "Aisha and her parents have asked for a personal budget for travel training, to be "
            "arranged as a direct payment when the Care Act assessment is complete.",
            Tab((("Element", "Arrangement"),
                 ("Travel training", "Direct payment to Aisha's parents, from September 2025"),
                 ("Notes", Field(""))), header=True),
        ),
    },
    intro={},
    areas=(
        AreaOfNeed("Employment", (
            strand(
                ["Aisha has moderate learning difficulties. She reads at around Entry Level 2 and finds "
                 "it hard to follow spoken instructions in noisy places, so she misses information at "
                 "work placements."],
                ["By July 2026, Aisha will complete a 6-week work placement at an animal care setting, "
                 "following a written or visual task list without staff prompting in 4 out of 5 shifts."],
                ["A job coach from the college supported employment team to support Aisha at her work "
                 "placement for the first two weeks for a full shift, then reducing to one visit a week.",
                 "A visual task list for each placement, made with Aisha by the job coach before her first "
                 "shift."],
            ),
            strand(
                ["Her hearing loss has limited her vocabulary, so she needs new words pre-taught before "
                 "she meets them in lessons or at work."],
                ["By July 2026, Aisha will achieve Entry Level 3 Functional Skills in English."],
                ["A weekly 45-minute 1:1 session with a Teacher of the Deaf to pre-teach course and "
                 "workplace vocabulary, throughout the academic year.",
                 "A learning support assistant with Level 2 BSL in all English and maths lessons (6 "
                 "hours a week)."],
            ),
        )),
        AreaOfNeed("Independent living", (
            strand(
                ["Aisha cannot yet handle money or check her change. She relies on her mum to buy "
                 "things for her."],
                ["By July 2026, Aisha will buy her lunch independently using a debit card, checking the "
                 "amount on the receipt, on 4 out of 5 college days."],
                ["A weekly 1-hour independent living skills session in a group of no more than six, "
                 "delivered by the college's life skills tutor, including real shopping trips."],
            ),
        )),
        AreaOfNeed("Community participation", (
            strand(
                ["Aisha has friends at the Deaf youth club but no friends at college. She does not go "
                 "out without her family."],
                ["By July 2026, Aisha will travel to the Deaf youth club independently and meet a "
                 "friend from college at a place of her choice at least once a month."],
                ["The college enrichment coordinator to introduce Aisha to the Wednesday animal club by "
                 "February 2025 and check on her attendance weekly for the first half term."],
            ),
        )),
        AreaOfNeed("Health", (
            strand(
                ["Aisha does not manage her hearing aid batteries and tubing herself and needs "
                 "reminders to wear her radio aid. She has had periods of low mood."],
                ["By July 2025, Aisha will change her own hearing aid batteries and tell staff when her "
                 "radio aid is not working, on every occasion recorded over four weeks."],
                ["A weekly 10-minute check of hearing aids and radio aid with the Teacher of the Deaf, "
                 "reducing to fortnightly when Aisha manages this herself.",
                 "A 30-minute fortnightly wellbeing session with her key worker, Gemma, who holds "
                 "Deaf awareness training."],
            ),
        )),
    ),
    advice=(
        Advice("Young person's views", "Aisha Rahman", "2 December 2024"),
        Advice("Parental advice", "Nasreen and Imran Rahman", "2 December 2024"),
        Advice("Educational advice", "Northgate College additional learning support", "29 November 2024"),
        Advice("Health advice", "Fenwick Hospital paediatric audiology", "11 November 2024"),
        Advice("Health advice", "Teacher of the Deaf, Fenwick Vale Sensory Support Service",
               "25 November 2024"),
        Advice("Social care advice", "Preparing for Adulthood social work team", "18 November 2024"),
    ),
)


# --------------------------------------------------------------------------
# 5. Non-verbal child: strong plan; autism, severe learning difficulties, epilepsy
# --------------------------------------------------------------------------

NONVERBAL = Plan(
    slug="nonverbal",
    quality="strong",
    summary="Tomasz Nowak, 8, special school; non-verbal, autism, severe learning difficulties, epilepsy",
    person="child",
    council="Oakhurst City Council",
    date="3 July 2025",
    front=(
        ("Name", "Tomasz Nowak"),
        ("Known as", "Tomek"),
        ("Date of birth", "30 April 2017"),
        ("NHS number", "999 284 9903"),
        ("UPN", "O702304170021"),
        ("Address", "23 Beech Avenue, Oakhurst, OK5 1HN"),
        ("Parents", "Agnieszka Nowak and Piotr Nowak"),
        ("Telephone", "01632 960088"),
        ("Email", "a.nowak@example.com"),
        ("Home language", "Polish and English"),
        ("School", "Meadowbank School"),
        ("Type of plan", "Amended EHC plan following annual review"),
        ("Date of plan", "3 July 2025"),
    ),
    sections={
        "A": section(
            Sub("How we found out what Tomek thinks"),
            "Tomek does not use speech. He communicates with photographs and symbols (PECS), some "
            "Makaton signs, and by leading adults to what he wants. His teacher, his parents and his "
            "speech and language therapist gathered his views using a Talking Mat with symbols, by "
            "watching his choices over two weeks, and through a video diary that his parents made at home.",
            Sub("What Tomek tells us he likes"),
            "On the Talking Mat Tomek put these symbols under \u201clike\u201d: trampoline, swimming, "
            "the sensory room, music, crisps and his iPad. He signs \u201cmore\u201d for the trampoline "
            "and smiles and flaps his hands when he hears the piano.",
            Quote("Tomek built this sentence strip with his PECS book when asked what he wanted at school:",
                  "\u201cI want trampoline. I want music.\u201d"),
            Sub("What Tomek tells us he does not like"),
            "He put the hand dryer, the hall at lunchtime and hats under \u201cdon't like\u201d. He "
            "pushes away the symbol for the car when the journey is changed.",
            Sub("My parents' views"),
            "Agnieszka and Piotr say Tomek is affectionate and clever in his own way. They want him to "
            "be able to tell them when he is in pain or unwell, especially after a seizure. They would "
            "like school and home to use the same signs and symbols, in Polish and in English.",
            Sub("Aspirations"),
            "Tomek's parents hope he will communicate his needs and choices, be as independent as "
            "possible in eating, dressing and toileting, and enjoy activities in his community. They "
            "hope he will live a happy life close to his family.",
        ),
        "C": section(
            "Tomek has epilepsy (focal seizures, mostly at night) and is under Dr Amir Haddad, "
            "Consultant Paediatric Neurologist. He takes sodium valproate twice a day. He has an "
            "individual healthcare plan and rescue medication (buccal midazolam) in school.",
            "He has a diagnosis of autism (2020) and severe learning difficulties. He is not yet "
            "toilet trained and has constipation managed with daily medication.",
            "Tomek is under the community learning disability nursing team for sleep: he often wakes "
            "between 2am and 4am.",
        ),
        "D": section(
            "Tomek was assessed by the Oakhurst Disabled Children's Team on 12 May 2025. He needs "
            "care and supervision beyond that of a child of his age at all times, and his parents "
            "need regular breaks from caring; his needs are met through short breaks (Section H1).",
        ),
        "G": section(
            "Epilepsy: review by Dr Haddad every six months; the epilepsy nurse specialist will train "
            "named Meadowbank staff to give buccal midazolam each September and update the healthcare "
            "plan when medication changes.",
            "Speech and language therapy: the NHS SALT will work with Tomek for 6 hours over each term, "
            "including assessment, programme writing and training of class staff on his communication aid.",
            "Occupational therapy: a review of seating and sensory needs each term (2 hours), and a "
            "sensory diet written by 30 September 2025.",
            "Learning disability nursing: a sleep programme and two home visits each half term until "
            "December 2025.",
        ),
        "H1": section(
            "Overnight short breaks at Willow House: two nights each month, with 1:1 staffing while "
            "awake, provided by Oakhurst City Council under section 2 of the Chronically Sick and "
            "Disabled Persons Act 1970.",
            "A personal assistant for 4 hours each Saturday to support Tomek to go swimming and to the "
            "park, funded by a direct payment.",
        ),
        "H2": section(
            "A carer's assessment for Agnieszka and Piotr under the Children and Families Act 2014, "
            "completed on 12 May 2025, with a review every 12 months.",
        ),
        "I": section(
            Tab((("Type of school", "Maintained special school for children with severe and profound "
                                    "learning difficulties"),
                 ("Name of school", Field("Meadowbank School, Oakhurst"))), header=False),
        ),
        "J": section(
            "A personal budget of \u00a32,860 a year for the personal assistant (Section H1), paid as a "
            "direct payment to Tomek's parents. There is no personal budget for the education or health "
            "elements of this plan.",
        ),
    },
    intro={
        "B": section(
            "Tomek is 8 years old and is in a class of eight children with a teacher and three teaching "
            "assistants. His needs are complex and affect every part of his day.",
        ),
    },
    outro={
        "F": section(
            Bullet("All staff working with Tomek to complete Makaton Level 1 training by December 2025; "
                   "the school will share the signs in use with his family every half term."),
        ),
    },
    revision=("every half term", "when possible"),
    areas=(
        AreaOfNeed(CI, (
            strand(
                ["Tomek is non-verbal. He uses PECS at Phase 4, building two-symbol sentence strips "
                 "(\u201cI want\u201d plus an item). He knows about 15 Makaton signs and leads adults by "
                 "the hand to what he wants.",
                 "He cannot yet tell adults that he is in pain, is unwell or wants something to stop, "
                 "so he may bite his hand or cry."],
                ["By July 2026, Tomek will use a symbol or sign to tell an adult \u201cstop\u201d or "
                 "\u201chelp\u201d in 4 out of 5 observed situations across the school day.",
                 "By July 2027, Tomek will use his communication aid to make a request with three "
                 "symbols (for example \u201cI want crisps please\u201d) without a physical prompt."],
                ["A daily 20-minute 1:1 communication session with a teaching assistant trained in PECS "
                 "and in his communication aid, following the SALT's programme.",
                 "Tomek's communication aid and PECS book available to him at all times, including at "
                 "lunch and on transport, with new vocabulary added by the class teacher each half term.",
                 "Intensive Interaction sessions of 10 minutes, twice daily, with a familiar adult."],
            ),
        )),
        AreaOfNeed(CL, (
            strand(
                ["Tomek is working within the pre-key stage standards for engagement. He attends to an "
                 "adult-led activity for about 2 minutes and explores objects mainly by mouthing them."],
                ["By July 2026, Tomek will stay with an adult-led activity for 5 minutes at a work "
                 "station in 4 out of 5 sessions."],
                ["A TEACCH-style work station with individual tasks set by the class teacher, used for "
                 "three 10-minute sessions each day with 1:1 adult support."],
            ),
        )),
        AreaOfNeed(SEMH, (
            strand(
                ["Tomek becomes very distressed by unexpected change. He may hit his head, bite his "
                 "hand or drop to the floor. This happens about three times a day."],
                ["By July 2026, the number of times Tomek hits his head or bites his hand will fall "
                 "from about 15 a week to fewer than 5 a week, as recorded on his ABC charts."],
                ["A positive behaviour support plan written by the class teacher and the school's "
                 "behaviour lead by 30 September 2025 and reviewed every half term.",
                 "An object-of-reference timetable checked with Tomek at every transition."],
            ),
        )),
        AreaOfNeed(SP, (
            strand(
                ["Tomek seeks deep pressure and movement and is distressed by loud noise. He needs "
                 "full help with toileting and dressing and eats only a small range of foods."],
                ["By July 2026, Tomek will sit on the toilet for 1 minute at each scheduled time with "
                 "one adult supporting, on 4 out of 5 days."],
                ["A sensory diet from the occupational therapist, delivered by class staff in four "
                 "10-minute sessions a day, including trampoline and weighted blanket.",
                 "A toileting programme every 90 minutes, delivered by two trained staff.",
                 "Adult supervision within arm's reach at all times, including on the playground, "
                 "because of his epilepsy and mouthing."],
            ),
        )),
    ),
    advice=(
        Advice("Parental advice", "Agnieszka and Piotr Nowak", "28 April 2025"),
        Advice("Educational advice", "Meadowbank School", "2 May 2025"),
        Advice("Educational psychology advice", "Dr Sian Howell, Educational Psychologist", "7 May 2025"),
        Advice("Health advice", "Dr Amir Haddad, Consultant Paediatric Neurologist", "24 April 2025"),
        Advice("Health advice", "Oakhurst NHS Speech and Language Therapy", "1 May 2025"),
        Advice("Health advice", "Oakhurst Children's Occupational Therapy", "6 May 2025"),
        Advice("Social care advice", "Oakhurst Disabled Children's Team", "12 May 2025"),
    ),
)


PLANS = {p.slug: p for p in (EARLY_YEARS, PRIMARY, SECONDARY, POST16, NONVERBAL)}
