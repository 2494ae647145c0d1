"""The event rules' configuration: the word lists the stages read (labels, prepositions, negations,
hedges, reporting verbs, passing heads...) and :class:`EventRules`, every window and limit counted
in words of a sentence. Nothing here is computed per article."""

from __future__ import annotations

from dataclasses import dataclass

from akhbar.extract.events.lexicon import DETAILS, conjugate
from akhbar.extract.wordforms import fold_all
from akhbar.model import HYPOTHETICAL, PLANNED
from akhbar.text.arabic import fold

ACTOR_LABELS = frozenset({"PER", "ORG", "GPE", "NORP"})
# the types whose actor the rules choose where they find one (elsewhere the actor model decides):
# out of fold on the role annotation, they find a statement's speaker at F1 0.90 (P .92 R .88),
# the actor model at 0.87
RULES_SPEAK = frozenset({"STATEMENT"})


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
SITE_LABELS = frozenset({"LOC", "FAC"})  # places narrower than a town: an incident's site


SALIENT_LABELS = frozenset({"PER", "ORG"})


NAME_LABELS = ACTOR_LABELS | PLACE_LABELS  # a trigger word inside one of these names is the name's


SUFFIXES = ("", "ه", "ها", "هما", "هم", "هن", "نا", "كم")


CLAUSE_PUNCT = frozenset("،,؛;:()«»\"")


CLAUSE_WORDS = fold_all(("فيما", "بينما", "حيث", "لكن", "إلا", "غير"))
QUOTES = {"«": "»", '"': '"', "“": "”"}  # opening mark → its closing mark
COMMAS = frozenset("،,")
# Words of an adverb of time set off by commas (قالت الوزارة، مساء الأحد، إن): weekdays, parts of a day.
TIME_ASIDES = fold_all(("الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
                        "أمس", "اليوم", "الليلة", "غدا", "صباح", "مساء", "ظهر", "فجر", "ليل", "صباحا",
                        "مساءا", "ليلا", "فجرا", "ظهرا", "يوم"))


NEGATIONS = fold_all(("لم", "لن", "لا", "ما", "ليس", "ليست", "عدم", "دون", "ولم", "ولن", "ولا",
                      "فلم", "فلن", "فلا", "وما"))


RELATIVE_MA = fold_all(("ما", "وما"))
OCCURRENCE = fold_all(("وقوع", "حدوث", "سقوط"))  # دون وقوع إصابات: a negated happening


DENIALS = fold_all(("نفى", "نفت", "ينفي", "تنفي", "نفوا", "نفي", "تنفي"))


RELATIVES = fold_all(("الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان"))


MODALS = fold_all(("يمكن", "يمكنه", "يمكنها", "يجب", "ينبغي", "بصدد", "لايمكن"))


COMPLEMENTIZERS = fold_all(("أن", "إن", "بأن", "لأن"))
# ... with the pronoun that is the clause's subject (قالت الوزارة إنها اعتقلت: the verb's subject is told)
COMPLEMENTIZER_PRONOUNS = frozenset(c + p for c in COMPLEMENTIZERS for p in fold_all(("ه", "ها", "هم", "هما", "هن")))


TEMPORALS = fold_all(("عندما", "حين", "حينما", "لما", "بعدما", "عندئذ", "كلما", "منذ", "بعد", "قبل",
                      "ريثما", "فور", "إثر"))


# Belief and likelihood: what follows is not asserted (يعتقد أن، من المرجح أن، ربما).
HEDGES = fold_all(("يعتقد", "تعتقد", "يعتقدون", "المعتقد", "يزعم", "تزعم", "يرجح", "المرجح",
                   "ربما", "يحتمل", "المحتمل", "محتمل", "يخشى", "تخشى", "خشية", "تحسبا", "احتمال",
                   "مخاوف", "يمكن"))


CONDITIONALS = fold_all(("إذا", "لو", "حال", "لولا"))


PLANS = fold_all(("سوف", "المقرر", "المتوقع", "يعتزم", "تعتزم", "يعتزمون", "ينوي", "تنوي", "يخطط",
                  "تخطط", "سيتم", "ستتم", "سيجري", "ستجري", "ستتولى", "سيتولى", "يرتقب", "المرتقب",
                  "المزمع", "تقرر", "قرر", "قررت"))


UPCOMING = fold_all(("المقبل", "المقبلة", "القادم", "القادمة"))  # الاجتماع المقبل


REPORTING = fold_all(("قال", "قالت", "يقول", "تقول", "أفاد", "أفادت", "نقل", "نقلت", "ذكر", "ذكرت",
                      "مصادر", "مصدر", "وفقا", "وفق", "بحسب", "حسب", "أوضح", "أوضحت", "موضحة", "موضحا",
                      "أضاف", "أضافت", "أعلن", "أعلنت", "وكالة", "مؤكدة", "مضيفة"))
# Of those, the words that source the sentence's account wherever they stand (وفق مصادر، بحسب الوكالة);
# the others are verbs of saying, which report only what their complement (قال إن ...) tells.
ATTRIBUTIONS = fold_all(("مصادر", "مصدر", "وفقا", "وفق", "بحسب", "حسب", "وكالة"))


# Prepositions and nouns that place what follows (في بغداد، وسط بغداد، قرب السفارة، ولاية سوسة: Tunisia's
# governorates and delegations, معتمدية).
PLACE_WORDS = fold_all(("في", "داخل", "قرب", "وسط", "خلف", "أمام", "محيط", "شمال", "جنوب", "شرق",
                        "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "عند", "ضواحي", "أطراف", "بالقرب",
                        "مدينة", "منطقة", "حي", "بلدة", "قرية", "مقر", "ولاية", "معتمدية"))


PREPOSITIONS = fold_all(("مع", "ضد", "على", "إلى", "بين", "من", "عن", "منذ", "بعد", "قبل", "خلال",
                         "نحو", "حول", "لدى", "عبر", "في", "أن", "إن", "بأن", "لأن", "الذي", "التي", "إثر",
                         "عقب"))


# Past forms of support verbs that assert the event noun they govern (شن هجوما، عقد اجتماعا).
SUPPORT_VERBS = fold_all(form for verb in ("شن", "نفذ", "وجه", "قام", "تعرض", "عقد", "أجرى", "نظم",
                                             "ارتكب", "اندلع", "انطلق", "تجدد", "تواصل")
                         for form in conjugate(verb)[0])


# Verbs whose subject undergoes the event noun after them (تعرضت الشركة لانتقادات، واجه الرئيس اتهامات):
# that subject is the noun's target, and its agent is untold.
UNDERGO_VERBS = fold_all(("تعرض", "تعرضت", "تعرضوا", "تعرضا", "يتعرض", "تتعرض", "يتعرضون", "واجه", "واجهت",
                          "واجهوا", "يواجه", "تواجه", "يواجهون", "تلقى", "تلقت", "تلقوا", "يتلقى", "تتلقى"))
# Heads that make a place after them an unnamed agent (والي القيروان، سكان غزة): the phrase is the participant.
PLACE_HOLDERS = fold_all(("والي", "محافظ", "حاكم", "عمدة", "رئيس", "أمير", "سفير", "قنصل", "ملك", "سكان",
                          "أهالي", "مواطنو", "مواطني", "شعب"))


# Words of mishaps, not deeds (غرق قارب، حادث مرور، حوادث الطرقات، انهيار مبنى): in the sentence of a
# candidate, each is a feature of the classifier, which learns how much it speaks against an attack.
MISHAPS = fold_all(("حادث", "حادثة", "حوادث", "غرق", "اصطدام", "مرور", "الطرقات", "انقلاب", "حريق",
                    "انهيار", "زلزال", "فيضانات", "سيول", "صعقة", "سقوط", "تسمم"))
# Nouns that say the event noun after them took place (حادثة سقوط صاروخ، وقوع انفجار).
OCCURRENCES = fold_all(("حادث", "حادثة", "واقعة", "وقوع", "حدوث"))


# Passive light verbs: the noun after them is the event, with no actor of its own.
LIGHT_VERBS = fold_all(("تم", "جرى", "يتم", "يجري", "تمت", "جرت"))
# Two words that name the agent of what comes before (اعتقل من قبل الشرطة، قتل على يد مسلحين).
AGENT_MARKERS = frozenset((fold("من"), fold(w)) for w in ("قبل", "طرف")) | frozenset(
    (fold("على"), fold(w)) for w in ("يد", "أيدي"))
# Support verbs in ى whose passive spelling (ألقي القبض، أجري تحقيق) leaves the noun's agent untold.
PASSIVE_SUPPORTS = fold_all(("ألقى", "أجرى"))
# ... and their verbal nouns after a light verb (تم إلقاء القبض، تم إجراء تحقيق): the agent is untold too.
PASSIVE_SUPPORT_NOUNS = fold_all(("إلقاء", "إجراء"))
# Head words a participant phrase goes on past: a count's in Tunisian news (ايقاف عدد 78 شخصا) to its
# number, a partitive (إيقاف أحد الأشخاص، بعض المحتجين) to the noun it takes from; the training
# annotation has 43 participants that open with أحد، إحدى or بعض, none of them that word alone.
COUNT_HEADS = fold_all(("عدد", "أحد", "إحدى", "بعض"))
PARTITIVE = fold("من")  # what a count counts follows it (عدد من المدنيين، 5 من جنوده، عشرات من المحتجين)


AHEAD = (PLANNED, HYPOTHETICAL)  # statuses whose date may lie in the future


# A date right after these is adverbial (it dates the event, not a noun before it).
DATE_LEADS = fold_all(("في", "خلال", "يوم", "حتى", "مع", "قبل", "بعد", "ليلة"))


SINCE = fold("منذ")


PRONOUN_PREPOSITIONS = fold_all(p + s for p in ("علي", "إلي", "لدي", "من", "عن", "في", "مع", "ل", "ب")
                                for s in ("ه", "ها", "هم", "هما", "هن", "نا", "كم"))


FUTURE_PREFIXES = frozenset(("سي", "ست", "سن"))


# Reflexive pronouns (قتل نفسه، فجر نفسها): the agent again, never a participant of their own.
REFLEXIVES = fold_all(b + s for b in ("نفس", "أنفس", "ذات") for s in ("ه", "ها", "هم", "هما", "هن"))


# The types whose counted participants are what is done to, not who does it: in the training articles'
# role annotation, 227 of the 234 counted participants (29 شخصا، ثلاثة أشخاص) of ASSAULT and COERCE
# events are targets (other types: 63 of 154). A counted phrase right after such a verb is its
# victims (قتل 5 أشخاص: were killed), not its actor.
COUNTED_TARGETS = frozenset({"ASSAULT", "COERCE"})
# Types whose trigger, with no actor of its own, takes the sentence's or article's salient name as its
# target, not its actor (اعتقل ... أوقف ... حكم على, unvocalized, are often passive, and an arrest
# story is about the arrested): on the training articles' role annotation that name is the gold
# target of 37 and the gold actor of 18 COERCE candidates; every other type's is more often the actor
# (ACCUSE 21 to 17, SUPPORT 13 to 11, REJECT 13 to 10, REQUEST 46 to 12).
FALLBACK_TARGETS = frozenset({"COERCE"})


COMPANIONS = fold_all(("النار", "الرصاص", "سراح", "القبض"))
# Prepositions that bring in what an attack or an arrest is done to (أطلق النار على حوالي ألف شخص،
# القبض على المشتبه فيه، إجراءات قانونية ضد وسائل الإعلام): the phrase after them may be its target.
# In the training articles' role annotation, 51 participants of required events that no entity names
# follow one of them in their paragraph: 44 are targets of an ASSAULT or COERCE event (only those
# types take it: a protest «احتجاجا على» tells its grievance).
TARGET_PREPOSITIONS = fold_all(("على", "ضد", "بحق"))


# Endings of relative (nisba) adjectives, folded: احتجاجية، الرياضية، عسكري، الإسرائيليين.
NISBA_ENDINGS = ("يه", "يون", "يين", "يات", "ي")


DIRECTIONS = fold_all(("الماضي", "الماضية", "المقبل", "المقبلة", "القادم", "القادمة"))


@dataclass(frozen=True, slots=True)
class EventRules:
    """Every window and limit of the rules in one place (counted in words of a sentence)."""

    min_words: int = 5  # shorter lines are headlines or captions
    needs_reach: int = 6  # a trigger's companion word (اطلق + النار) within this many words
    targets: int = 3  # entity targets after the trigger, at most
    place_reach: int = 10  # a place this near the trigger, in its clause, is its location
    places: int = 2
    passing_reach: int = 5  # a noun this near a noun named in passing is named in passing too
    background_reach: int = 3  # منذ، خلفية، أعقاب this near before a noun makes it background
    support_reach: int = 4  # a support verb this near before a noun asserts it (شنت ... هجوما)
    subject_reach: int = 6  # a verb's subject after it, at most this far
    actor_reach: int = 15  # a possible actor before the trigger, in its sentence, at most this far
    verb_subject_reach: int = 4  # ... preferred over one before the verb when this near
    genitive_reach: int = 2  # a verbal noun's agent right after it (اجتماع الكاظمي)
    noun_agent_reach: int = 4  # ... or ending this near before it (أكدت بيلوسي دعم)
    phrase_words: int = 2  # a participant phrase: a noun, or a number and its noun
    complementizer_reach: int = 4  # a subject told before its verb: its complementizer at most this far back
    apposition_reach: int = 4  # a person named this near after a title is the title's holder
    date_reach: int = 8  # a date this many words after its trigger (before the next one) is its date
    plan_reach: int = 4  # a plan word (المقرر، يعتزم) this near before a trigger makes it planned
    quantity_reach: int = 6  # a quantity this near the trigger, in its clause, is its quantity
    speech_reach: int = 6  # an event this soon after a speech verb in its clause is what was said
    # punctuation that bounds no clause: quotes around a name of at most this many words (منظمة "هيومن
    # رايتس ووتش"), commas around an adverb of time of at most this many words (اتهمت، الخميس، الشرطة)
    quoted_name: int = 4
    aside_words: int = 3
    # the classifier's word features: the words this near the trigger by position, then those this
    # near on either side as a bag (out of fold, article event F1 0.430 -> 0.449: see MODEL_CARD.md)
    context_words: int = 2
    context_bag: int = 3
    # the rules' confidence of a candidate, where no classifier gives one: a verb trigger's or a
    # noun's, then added for an actor, one found in the text, a date; taken for a companion word
    prior: tuple[float, float, float, float, float, float] = (0.65, 0.5, 0.15, 0.1, 0.05, -0.1)


RULES = EventRules()
INCIDENTS = {t: [fold_all(words) for words in kinds.values()] for t, kinds in DETAILS.items()}


# A noun trigger right after these is named in passing (background, topic, measure).
PASSING_HEADS = fold_all((
    "منذ", "خلفية", "أعقاب", "بعد", "قبل", "سبل", "مستوى", "تعزيز", "تطوير", "أفق", "مجال",
    "مجالات", "إطار", "ضمن", "أحدث", "آخر", "يشكل", "تشكل", "شكل", "يشكلان", "ذكرى", "بشأن",
    "حول", "ملف", "قضية", "مسألة", "نتائج", "تداعيات", "تفاصيل", "عملية", "إتمام", "بتهمة",
    "تهمة", "إنهاء", "وقف", "تبادل", "سياسة", "أهمية", "استمرار", "ضحايا", "محاولة", "خطة",
    "علاقات", "بناء", "إثر", "عقب", "غداة", "إبان", "جراء", "جريمة", "جرائم", "عمليات", "حملة",
    "حملات", "أعمال", "قضايا", "تنفيذ", "شن", "تنظيم", "القيام", "تحقيق", "التحقيق", "محاكمة",
    "تهم", "مخاوف", "خطر", "حالات", "ميدان",
))


BACKGROUND = fold_all(("منذ", "خلفية", "أعقاب", "ذكرى"))


MISSILES = fold_all(("صاروخ", "صواريخ", "صاروخين", "صاروخان", "صاروخي", "صاروخا", "كاتيوشا",
                     "قذيفة", "قذائف", "هاون", "قذيفتين"))
