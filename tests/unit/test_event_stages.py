"""The event stages called directly, each on a real Arabic sentence."""

from datetime import date

from akhbar.extract.events import EventExtractor
from akhbar.extract.events.candidates import find_hits
from akhbar.extract.events.dates import date_and_status
from akhbar.extract.events.reading import (
    Context,
    Draft,
    clause_around,
    definite,
    inner_punctuation,
    place_spans,
    same_definiteness,
)
from akhbar.extract.timex import find_timex
from akhbar.extract.wordforms import words
from akhbar.model import Event, Sentence
from tests.factories import text_mention

THURSDAY = date(2021, 7, 29)


def _hits(text: str) -> list[tuple[str, str]]:
    ws = words(text)
    return [(ws[hit.k].text, hit.trigger.event_type) for hit in find_hits(ws, [], [], inner_punctuation(ws))]


def test_candidates_skip_a_trigger_named_in_passing():
    # التعاون is the topic of the talks (after سبل), not an event of its own
    assert _hits("وبحث الوزير مع نظيره الأردني سبل التعاون بين البلدين.") == [("وبحث", "CONSULT")]
    # after a preposition the verbal noun is the topic too: no ASSAULT
    assert _hits("أكد الرئيس على أهمية مكافحة الإرهاب في المنطقة.") == [("أكد", "STATEMENT")]


def _dated(text: str) -> Event:
    sentence = Sentence(0, 0, len(text))
    ws = words(text)
    own = find_timex(text, [sentence], THURSDAY)
    ctx = Context(text, sentence, ws, own, place_spans(ws, []), THURSDAY, inner_punctuation(ws))
    hit = next(iter(find_hits(ws, [], [], ctx.inner)))
    w = ws[hit.k]
    draft = Draft(Event(hit.trigger.event_type, w.text, w.start, w.end, 0), hit.k, clause_around(ws, hit.k, ctx.inner))
    date_and_status(ctx, hit, draft, (-1, len(ws)))
    return draft.event


def test_date_and_status_read_a_bare_weekday_by_the_verb_tense():
    past = _dated("اجتمع وزير الخارجية مع نظيره الفرنسي يوم الأحد في باريس.")
    assert (past.status, past.event_date) == ("asserted", date(2021, 7, 25))  # the last Sunday
    ahead = _dated("سيجتمع وزير الخارجية مع نظيره الفرنسي يوم الأحد في باريس.")
    assert (ahead.status, ahead.event_date) == ("planned", date(2021, 8, 1))  # the coming one


def test_a_month_or_a_year_dates_no_event_but_a_coming_one_makes_it_planned():
    # the guide: a date only when the text fixes the day
    past = _dated("اجتمع وزير الخارجية مع نظيره الفرنسي في مارس الماضي في باريس.")
    assert (past.status, past.event_date, past.date_precision, past.date_source) == (
        "asserted", None, "unknown", "none")
    ahead = _dated("اجتمع وزير الخارجية مع نظيره الفرنسي في ديسمبر المقبل في باريس.")
    assert (ahead.status, ahead.event_date) == ("planned", None)
    day = _dated("اجتمع وزير الخارجية مع نظيره الفرنسي يوم 3 مارس الماضي في باريس.")
    assert (day.event_date, day.date_precision) == (date(2021, 3, 3), "day")


def test_definiteness_agreement_of_a_noun_and_its_adjective():
    shirka, riyadiya, waqfa, ihtijajiya = words("الشركة الرياضية وقفة احتجاجية")
    assert definite(shirka) and not definite(waqfa)
    assert same_definiteness(shirka, riyadiya) and same_definiteness(waqfa, ihtijajiya)
    assert not same_definiteness(shirka, ihtijajiya)


def test_an_event_told_without_a_date_of_its_own_stays_undated():
    text = ("أدانت وزارة الخارجية الأمريكية، الأحد، إطلاق صواريخ على الرياض. "
            "اعتقلت الشرطة السعودية ثلاثة أشخاص في جدة. "
            "ومن المقرر أن يجتمع مجلس الأمن لبحث الهجوم.")
    published = date(2018, 3, 27)  # a Tuesday: الأحد is 2018-03-25
    sentences = [Sentence(0, 0, text.index("اعتقلت") - 1),
                 Sentence(1, text.index("اعتقلت"), text.index("ومن") - 1),
                 Sentence(2, text.index("ومن"), len(text))]
    mentions = find_timex(text, sentences, published) + [
        text_mention(text, s, label) for s, label in (("وزارة الخارجية الأمريكية", "ORG"), ("الرياض", "GPE"),
                                                      ("الشرطة السعودية", "ORG"), ("جدة", "GPE"),
                                                      ("مجلس الأمن", "ORG"))]
    events = {e.event_type: e for e in EventExtractor(classifier=None).extract(text, sentences, mentions, published)}
    assert (events["ACCUSE"].event_date, events["ACCUSE"].date_source) == (date(2018, 3, 25), "text")
    arrest = events["COERCE"]  # the text fixes no day for it (the guide): not the lede's day
    assert (arrest.event_date, arrest.date_precision, arrest.date_source) == (None, "unknown", "none")
    planned = events["CONSULT"]  # planned: no day is known
    assert (planned.status, planned.event_date, planned.date_source) == ("planned", None, "none")


def test_an_article_naming_no_day_leaves_its_events_undated():
    text = "واعتقلت الشرطة السعودية ثلاثة أشخاص في جدة بتهمة التهريب."
    sentences = [Sentence(0, 0, len(text))]
    mentions = [text_mention(text, s, label) for s, label in (("الشرطة السعودية", "ORG"), ("جدة", "GPE"))]
    def arrest(published: date | None) -> Event:
        events = EventExtractor(classifier=None).extract(text, sentences, mentions, published)
        return next(e for e in events if e.event_type == "COERCE")

    assert (arrest(THURSDAY).event_date, arrest(THURSDAY).date_source) == (None, "none")
    assert (arrest(None).event_date, arrest(None).date_source) == (None, "none")


def _events_with_actor_model(text: str, names: list[tuple[str, str]], model) -> list[tuple[str, list]]:
    mentions = [text_mention(text, s, label) for s, label in names]
    events = EventExtractor(classifier=None, targets=None, actors=model).extract(
        text, [Sentence(0, 0, len(text))], mentions, None)
    return [(e.event_type, [(p.role, p.surface) for p in e.participants if p.role == "actor"]) for e in events]


def test_the_actor_model_chooses_where_the_rules_find_no_actor():
    from akhbar.extract.events.classifier import EventClassifier

    text = ("الرئيس الفرنسي ايمانويل ماكرون القادم الى برلين مساء الاحد عقد اجتماعا مطولا مع "
            "المستشارة انغيلا ميركل.")
    names = [("ايمانويل ماكرون", "PER"), ("برلين", "GPE"), ("انغيلا ميركل", "PER")]
    people_before = EventClassifier({"before|label=PER": 3.0}, -1.0, 0.5)
    assert _events_with_actor_model(text, names, None) == [("CONSULT", [])]  # too far back for the rules
    assert _events_with_actor_model(text, names, people_before) == [("CONSULT", [("actor", "ايمانويل ماكرون")])]


def test_the_actor_model_decides_over_the_rules_whose_choice_is_one_of_its_features():
    from akhbar.extract.events.classifier import EventClassifier

    text = "اتهمت واشنطن طهران امس."
    names = [("واشنطن", "GPE"), ("طهران", "GPE")]
    ruled = EventClassifier({"rule=True": 3.0}, -1.0, 0.5)
    second = EventClassifier({"rank=1": 3.0}, -1.0, 0.5)
    nobody = EventClassifier({}, -5.0, 0.5)
    assert _events_with_actor_model(text, names, None) == [("ACCUSE", [("actor", "واشنطن")])]  # the subject
    assert _events_with_actor_model(text, names, ruled) == [("ACCUSE", [("actor", "واشنطن")])]
    assert _events_with_actor_model(text, names, second) == [("ACCUSE", [("actor", "طهران")])]
    assert _events_with_actor_model(text, names, nobody) == [("ACCUSE", [])]
    # a statement's speaker is the rules' choice where they find one
    said = "قال وزير الخارجية الإيراني محمد جواد ظريف للصحفيين إن المفاوضات ستستمر."
    speaker = [("محمد جواد ظريف", "PER")]
    assert _events_with_actor_model(said, speaker, nobody) == [("STATEMENT", [("actor", "محمد جواد ظريف")])]


def test_a_pronoun_suffix_takes_no_actor_after_it():
    from akhbar.extract.events.classifier import EventClassifier

    text = "وتناول اجتماعه مع لافروف العلاقات الثنائية."
    anyone = EventClassifier({"label=PER": 3.0}, -1.0, 0.5)
    assert _events_with_actor_model(text, [("لافروف", "PER")], anyone) == [("CONSULT", [])]


def test_a_title_with_its_holder_is_one_participant_never_the_target():
    from akhbar.extract.events.classifier import EventClassifier

    any_name = EventClassifier({"label=PER": 3.0, "label=NORP": 3.0, "label=LOC": 3.0}, -1.0, 0.5)
    people = EventClassifier({"label=PER": 3.0}, -1.0, 0.5)

    def request(text: str, names: list[tuple[str, str]], actors) -> list[tuple[str, str]]:
        mentions = [text_mention(text, s, label) for s, label in names]
        drafts = EventExtractor(classifier=None, targets=any_name, actors=actors).candidates(
            text, [Sentence(0, 0, len(text))], mentions, THURSDAY)
        found = next(d for d in drafts if d.event.event_type == "REQUEST")
        return [(p.role, p.surface) for p in found.event.participants if p.role != "location"]

    # الروسي (the title الرئيس الروسي) names the actor بوتين: not his target
    text = ("ودعا من جهته الرئيس الروسي فلاديمير بوتين الذي اعتبرت بلاده القوة الرئيسية خلف الاتفاق، إلى "
            "تعزيز التعاون العسكري بين الدول المطلة على بحر قزوين.")
    assert request(text, [("الروسي", "NORP"), ("فلاديمير بوتين", "PER"), ("بحر قزوين", "LOC")],
                   people) == [("actor", "فلاديمير بوتين")]
    # the title of another person after the trigger stays a possible target
    text = "ودعا الرئيس الروسي فلاديمير بوتين الرئيس الإيراني حسن روحاني إلى زيارة موسكو."
    names = [("الروسي", "NORP"), ("فلاديمير بوتين", "PER"), ("الإيراني", "NORP"), ("حسن روحاني", "PER")]
    assert request(text, names, None) == [("actor", "فلاديمير بوتين"), ("target", "الرئيس الإيراني"),
                                          ("target", "حسن روحاني")]


def test_quotes_around_a_name_and_commas_around_a_day_bound_no_clause():
    """«اتهمت منظمة "هيومن رايتس ووتش"، الخميس، الشرطة المصرية»: the subject in quotes and the object
    after the day set off by commas are in the verb's clause; quoted speech still bounds one."""
    text = ('اتهمت منظمة "هيومن رايتس ووتش"، الخميس، الشرطة المصرية بتنفيذ حملة اعتقالات، وقال المتحدث: '
            '"لن نقبل بهذه الاتهامات الباطلة أبدا" ثم غادر.')
    ws = words(text)
    a, b = clause_around(ws, 0, inner_punctuation(ws))
    assert (a, ws[b - 1].text) == (0, "اعتقالات")
    k = next(n for n, w in enumerate(ws) if w.text == "غادر")
    assert ws[clause_around(ws, k, inner_punctuation(ws))[0] - 1].text == '"'
    names = [("هيومن رايتس ووتش", "ORG"), ("الشرطة المصرية", "ORG"), ("المتحدث", "PER")]
    accuse = [e for e in _events_with_actor_model(text, names, None) if e[0] == "ACCUSE"]
    assert accuse == [("ACCUSE", [("actor", "هيومن رايتس ووتش")])]


def test_commas_around_a_person_named_in_apposition_bound_no_clause():
    """«اتهم الرئيس الأمريكي، دونالد ترامب، وزير العدل، جيف سيشنز، بالإضرار ...»: the names set off by
    commas are the title's holders, in the verb's clause: the accuser its actor, the accused its
    target (the rules' choice). Commas around other words still bound a clause."""
    text = "اتهم الرئيس الأمريكي، دونالد ترامب، وزير العدل، جيف سيشنز، بالإضرار بفرص الحزب في الانتخابات."
    names = [("الأمريكي", "NORP"), ("دونالد ترامب", "PER"), ("جيف سيشنز", "PER")]
    ws = words(text)
    people = place_spans(ws, [text_mention(text, s, label) for s, label in names if label == "PER"])
    assert ws[clause_around(ws, 0, inner_punctuation(ws))[1] - 1].text == "الأمريكي"
    assert clause_around(ws, 0, inner_punctuation(ws, people)) == (0, len(ws))  # to the full stop
    assert _events_with_actor_model(text, names, None) == [("ACCUSE", [("actor", "دونالد ترامب")])]
    mentions = [text_mention(text, s, label) for s, label in names]
    accusation = EventExtractor(classifier=None, actors=None).extract(
        text, [Sentence(0, 0, len(text))], mentions, None)[0]
    assert ("target", "جيف سيشنز") in [(p.role, p.surface) for p in accusation.participants]
    ws = words("اتهم الرئيس، في كلمة، الحزب بالإضرار بفرصه.")
    assert ws[clause_around(ws, 0, inner_punctuation(ws))[1] - 1].text == "الرئيس"


def test_triggers_annotated_in_training_articles_extend_the_hand_lexicon():
    """جندت (MOBILIZE) is an annotated trigger, read through its conjugation and clitics and marked
    as such; قتل stays the hand lexicon's."""
    from akhbar.extract.events.reading import match_trigger
    from akhbar.text.arabic import fold

    hit = match_trigger(fold("وجندت"))
    assert (hit.trigger.event_type, hit.trigger.annotated) == ("MOBILIZE", True)
    assert match_trigger(fold("يجندون")).trigger.present
    hit = match_trigger(fold("قتل"))
    assert (hit.trigger.event_type, hit.trigger.annotated) == ("ASSAULT", False)


def _participants(text: str, names: list[tuple[str, str]]) -> list[tuple[str, str, list]]:
    mentions = [text_mention(text, s, label) for s, label in names]
    events = EventExtractor(classifier=None, targets=None, actors=None).extract(
        text, [Sentence(0, 0, len(text))], mentions, None)
    return [(e.event_type, e.trigger, [(p.role, p.surface) for p in e.participants]) for e in events]


def test_who_undergoes_an_event_noun_is_its_target_and_a_held_place_is_the_phrase():
    """تعرضت X لانتقادات: X is criticised, by no one named; سكان غزة (a people word holding a place)
    is the actor as the text words it, not the place غزة."""
    assert _participants("وتعرضت إدارة موقع فيسبوك لانتقادات واسعة بسبب تسريب البيانات.",
                         [("فيسبوك", "ORG")]) == [("ACCUSE", "لانتقادات", [("target", "فيسبوك")])]
    assert _participants("وهاجم سكان غزة مقر الشرطة.", [("غزة", "GPE")]) == [
        ("ASSAULT", "وهاجم", [("actor", "سكان غزة")])]


def test_annotated_entries_sharing_a_form_are_one_reading_with_every_companion_word():
    from akhbar.extract.events.lexicon import NOUNS, VERBS
    from akhbar.text.arabic import fold

    met = VERBS[fold("لقي")]  # لقي + حتفه and لقي + مصرع, annotated in different articles
    assert met.event_type == "ASSAULT" and {"حتفه", "مصرع"} <= met.needs and len(met.sources) > 1
    assert NOUNS[fold("عملية")].needs == {fold("عسكرية")}  # not every عملية is an attack


def test_a_name_told_as_actor_in_one_telling_is_not_made_its_target_by_another():
    from akhbar.extract.events.merge import _absorb
    from akhbar.extract.events.reading import Draft
    from akhbar.model import Event, Participant

    def telling(start: int, *roles: tuple[str, str]) -> Draft:
        event = Event("SANCTION", "بفرض", start, start + 5, 0)
        event.participants = [Participant(role, surface) for role, surface in roles]
        return Draft(event, 0, (0, 1))

    first = telling(0, ("actor", "تركيا"), ("location", "أنقرة"))
    second = telling(40, ("target", "تركيا"), ("target", "برانسون"), ("location", "أنقرة"))
    _absorb(first, second)
    assert [(p.role, p.surface) for p in first.event.participants] == [
        ("actor", "تركيا"), ("location", "أنقرة"), ("target", "برانسون")]


def _participants_rules(text: str, names: list[tuple[str, ...]], event_type: str) -> list[tuple[str, str]]:
    mentions = [text_mention(text, *name) for name in names]  # (surface, label[, normalized])
    mentions += find_timex(text, [Sentence(0, 0, len(text))], THURSDAY)
    events = EventExtractor(classifier=None, targets=None, actors=None).extract(
        text, [Sentence(0, 0, len(text))], mentions, THURSDAY)
    return next([(p.role, p.surface) for p in e.participants] for e in events if e.event_type == event_type)


def test_the_object_phrase_comes_after_a_time_aside_and_may_be_an_event_noun():
    """«أدانت تونس، مساء الجمعة، الهجوم الإرهابي»: what is condemned follows the time told as an
    aside, and is itself an event noun (the guide's target: what is acted on); «استهدفت مقاتلات
    التحالف تعزيزات المتمردين»: the rebels' reinforcements are the target, though تعزيزات names a
    MOBILIZE."""
    text = "أدانت تونس، مساء الجمعة، الهجوم الإرهابي الذي استهدف قوات الأمن في الجيزة."
    assert _participants_rules(text, [("تونس", "GPE"), ("الجيزة", "GPE")], "ACCUSE")[:2] == [
        ("actor", "تونس"), ("target", "الهجوم الإرهابي")]
    text = "وقالت إن مقاتلات التحالف العربي استهدفت تعزيزات المتمردين في مواقع متفرقة بصعدة."
    assert ("target", "تعزيزات المتمردين") in _participants_rules(
        text, [("التحالف العربي", "ORG"), ("بصعدة", "GPE", "صعدة")], "ASSAULT")


def test_a_counted_phrase_after_an_attack_verb_is_its_victims_not_its_actor():
    """«قتل 5 أشخاص في قصف»: five people were killed (the target; counted participants of ASSAULT and
    COERCE are targets in 227 of 234 annotated), while «قتل انتحاري 29 شخصا» keeps the bomber as actor
    and «تظاهر 200 شخص» its protesters."""
    text = "قتل 5 أشخاص في قصف على بلدة شمالي البلاد أمس."
    assert _participants_rules(text, [], "ASSAULT") == [("target", "5 أشخاص")]
    text = "قتل انتحاري 29 شخصا في تفجير استهدف سوقا شعبية في بغداد."
    assert _participants_rules(text, [("بغداد", "GPE")], "ASSAULT")[:2] == [("actor", "انتحاري"), ("target", "29 شخصا")]
    text = "تظاهر 200 شخص أمام مقر البرلمان في العاصمة تونس أمس."
    assert ("actor", "200 شخص") in _participants_rules(text, [("تونس", "GPE")], "PROTEST")


def test_the_phrase_after_on_or_against_is_what_an_attack_or_an_arrest_is_done_to():
    """«أطلق مسلح النار على المصلين»، «ألقت الشرطة القبض على المشتبه فيه»: the guide's target
    of an attack or an arrest is its object or its «على / ضد / بحق» phrase; a protest's «احتجاجا على»
    tells its grievance, not a participant."""
    text = "وأطلق مسلح النار على المصلين في مسجد بمدينة كرايستشيرش أمس."
    assert _participants_rules(text, [("كرايستشيرش", "GPE")], "ASSAULT")[:2] == [
        ("actor", "مسلح"), ("target", "المصلين")]
    text = "وبعد وقت قصير ألقت الشرطة القبض على المشتبه فيه في منزله."
    assert _participants_rules(text, [("الشرطة", "ORG")], "COERCE") == [("actor", "الشرطة"), ("target", "المشتبه")]
    text = "وتظاهر مئات العمال أمام مقر الحكومة احتجاجا على تأخر رواتبهم."
    assert not [p for p in _participants_rules(text, [], "PROTEST") if p[0] == "target"]


def test_a_counted_phrase_keeps_its_approximation_marker_and_a_scale_word_counts():
    """«ما لا يقل عن 16 شخصا»، «أكثر من 40 شخصا»: the marker is the count's (not a negation, a
    preposition or a noun that ends the phrase: «أكثر» alone named no one), and «ألف شخص» counts as
    «29 شخصا» does: a thousand people were killed (the target), not «ألف» killed «شخص»."""
    text = "قتل ما لا يقل عن 16 شخصا في انفجار عبوة ناسفة أمس."
    assert ("target", "ما لا يقل عن 16 شخصا") in _participants_rules(text, [], "ASSAULT")
    text = "واعتقلت الشرطة أكثر من 40 شخصا في العاصمة."
    assert _participants_rules(text, [("الشرطة", "ORG")], "COERCE") == [
        ("actor", "الشرطة"), ("target", "أكثر من 40 شخصا")]
    text = "قتل ألف شخص في القصف على المدينة أمس."
    assert _participants_rules(text, [], "ASSAULT") == [("target", "ألف شخص")]


def test_a_partitive_phrase_goes_on_to_what_it_counts():
    """«إيقاف أحد الأشخاص»، «مقتل عدد من المدنيين»، «قتل 5 من جنوده»: the guide's phrase is the whole
    count (43 training participants open with أحد، إحدى or بعض, none is that word alone); «خمسة من»
    before a name leaves the name to be the participant."""
    text = "وتمكنت وحدات الحرس الوطني من إيقاف أحد الاشخاص في مدينة الحامة."
    assert ("target", "أحد الاشخاص") in _participants_rules(text, [("الحامة", "GPE")], "COERCE")
    text = "وأسفرت الغارة عن مقتل عدد من المدنيين في المدينة."
    assert _participants_rules(text, [], "ASSAULT") == [("target", "عدد من المدنيين")]
    text = "قتل خمسة من عناصر حزب الله في غارة أمس."
    assert _participants_rules(text, [("حزب الله", "ORG")], "ASSAULT") == [("target", "حزب الله")]


def test_a_governorate_is_a_place_and_a_noun_keeps_its_genitive():
    """«واعتقلت قوات الأمن بولاية سوسة شابا»: Sousse, after ولاية (Tunisia's governorates, as after
    مدينة), is where it happened, not who arrested (in the benchmark warehouse about 230 actors and
    targets were such places); the phrase that names the agent is قوات الأمن, a noun with its
    genitive, not قوات alone with الأمن as its target."""
    text = "واعتقلت قوات الأمن بولاية سوسة شابا يشتبه في انتمائه إلى تنظيم إرهابي."
    assert _participants_rules(text, [("سوسة", "GPE")], "COERCE") == [
        ("actor", "قوات الأمن"), ("location", "سوسة")]
    text = "اعتقلت ولاية سوسة شابا أمس."
    assert _participants_rules(text, [("سوسة", "GPE")], "COERCE") == [("location", "سوسة")]


def _salient_filled(second: str, event_type: str) -> list[tuple[str, str]]:
    text = "وتحدث الناشط محمد الفلاحي إلى الصحفيين أمس في العاصمة تونس.\n" + second
    cut = text.index("\n")
    sentences = [Sentence(0, 0, cut), Sentence(1, cut + 1, len(text))]
    mentions = [text_mention(text, "محمد الفلاحي", "PER"), text_mention(text, "تونس", "GPE")]
    events = EventExtractor(classifier=None, targets=None, actors=None).extract(text, sentences, mentions, THURSDAY)
    return next([(p.role, p.surface) for p in e.participants] for e in events if e.event_type == event_type)


def test_an_arrest_with_no_actor_of_its_own_is_of_the_salient_person():
    """«واعتقل صباح اليوم في منزله»: no one is named as the arrester; the person the story is about was
    arrested (unvocalized, اعتقل is as often «was arrested»): the salient name is the target of a
    COERCE trigger (37 of 55 such names in the training annotation), while a call keeps it as actor."""
    assert _salient_filled("واعتقل صباح اليوم في منزله بعد مداهمة قصيرة.", "COERCE") == [("target", "محمد الفلاحي")]
    assert ("actor", "محمد الفلاحي") in _salient_filled("ودعا صباح اليوم إلى الإفراج عن المعتقلين.", "REQUEST")


def test_a_conjunction_written_before_a_hamza_is_never_read_into_the_trigger():
    """«وأفق التنسيق» is و + أفق ("and the horizon"): the alef of وافق ("agreed") carries no hamza, so
    a word spelled و or ف before أ/إ/آ opens with a conjunction and is not read whole."""
    assert _hits("وبحث الوزير مع نظيره سبل التعاون وأفق التنسيق بين البلدين.") == [("وبحث", "CONSULT")]
    assert _hits("ووافق البرلمان على مشروع القانون بالإجماع.") == [("ووافق", "AGREE")]


def test_an_incident_told_on_at_a_site_its_sentence_before_names_is_one_event():
    """The rockets that «سقطا» near the embassy inside the Green Zone are those that struck it in the
    sentence before, though the first telling took no place of its own: one ASSAULT, told twice."""
    text = ("وفي تعبير للمليشيات الموالية لايران فقد ضربت المنطقة الخضراء فجر اليوم بصاروخين سقطا في داخلها. "
            "وقالت مصادر امنية ان صاروخي كاتيوشا سقطا في محيط السفارة الاميركية داخل المنطقة الخضراء.")
    cut = text.index("وقالت")
    sentences = [Sentence(0, 0, cut - 1), Sentence(1, cut, len(text))]
    mentions = [text_mention(text, "المنطقة الخضراء", "LOC"), text_mention(text, "المنطقة الخضراء", "LOC", nth=1),
                text_mention(text, "السفارة الاميركية", "FAC")]
    events = EventExtractor(classifier=None).extract(text, sentences, mentions, THURSDAY)
    assaults = [e for e in events if e.event_type == "ASSAULT"]
    assert len(assaults) == 1
    assert {m.sentence_index for m in assaults[0].mentions} == {0, 1}
