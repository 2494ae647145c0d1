"""SQL models on small lakes written with records.build_tables + lake.write_batch."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from akhbar.model import Article, EventMention, Extraction
from akhbar.storage.lake import batch_path, write_batch
from akhbar.storage.records import build_tables, event_id, tables_batch_id
from akhbar.storage.warehouse import build_warehouse
from tests.factories import (
    EXTRACTOR,
    INGESTED_AT,
    KADHIMI_TEXT,
    SQL_DIR,
    article,
    event,
    kadhimi_batch_item,
    load_lake,
    mention,
    participant,
    rockets_batch_item,
    sample_batch,
)

MARTS = ("articles", "entity_mentions", "entities", "events", "event_participants", "quarantine",
         "actor_interactions", "daily_event_counts", "event_mentions", "event_clusters")


def build(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    warehouse = tmp_path / "warehouse.duckdb"
    build_warehouse(tmp_path / "lake", warehouse, SQL_DIR)
    return duckdb.connect(str(warehouse), read_only=True)


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {t: sorted(con.execute(f"select * from marts.{t}").fetchall(), key=repr) for t in MARTS}


def test_sample_batch_fills_every_mart(tmp_path: Path):
    items, quarantined = sample_batch()
    load_lake(tmp_path / "lake", items, quarantined)
    con = build(tmp_path)
    counts = {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in MARTS}
    assert counts["articles"] == 2
    assert counts["entity_mentions"] == sum(len(e.mentions) for _, e in items)
    assert counts["events"] == 2 and counts["event_participants"] == 6
    assert counts["event_mentions"] == 2 and counts["event_clusters"] == 2
    assert counts["quarantine"] == 1
    row = con.execute("select source_path, external_id, reason from marts.quarantine").fetchone()
    assert row == ("seeds/feed.jsonl", None, "broken_json")
    types = dict(con.execute("select column_name, data_type from information_schema.columns "
                             "where table_schema = 'marts' and table_name in ('articles', 'events')").fetchall())
    assert types["published_date"] == "DATE" and types["ingested_at"] == "TIMESTAMP"
    assert types["quantity"] == "DOUBLE" and types["event_date"] == "DATE"


def test_same_text_twice_is_stored_once_from_the_latest_run_first_seen_at_the_earliest(tmp_path: Path):
    lake = tmp_path / "lake"
    late, _ = kadhimi_batch_item()
    load_lake(lake, [(late, kadhimi_batch_item()[1])], at=INGESTED_AT + timedelta(days=1))
    early = article(KADHIMI_TEXT, "zz_copy.txt", date(2021, 7, 29))
    load_lake(lake, [(early, kadhimi_batch_item()[1])], at=INGESTED_AT)
    con = build(tmp_path)
    rows = con.execute("select article_id, external_id, ingested_at from marts.articles").fetchall()
    assert rows == [(late.article_id, "000_kadhimi.txt", INGESTED_AT.replace(tzinfo=None))]
    assert con.execute("select count(*) from marts.entity_mentions").fetchone()[0] == len(
        kadhimi_batch_item()[1].mentions)


def test_same_text_twice_in_one_batch_ties_by_external_id(tmp_path: Path):
    (first, extraction), copy = kadhimi_batch_item(), article(KADHIMI_TEXT, "000_a.txt", date(2021, 7, 29))
    load_lake(tmp_path / "lake", [(first, extraction), (copy, extraction)])
    con = build(tmp_path)
    assert con.execute("select external_id from marts.articles").fetchall() == [("000_a.txt",)]
    assert con.execute("select count(*) from marts.events").fetchone()[0] == 1


def test_rerun_of_the_same_batch_changes_nothing(tmp_path: Path):
    items, quarantined = sample_batch()
    load_lake(tmp_path / "lake", items, quarantined)
    before = snapshot(build(tmp_path))
    load_lake(tmp_path / "lake", *sample_batch())  # same batch file, rewritten
    load_lake(tmp_path / "lake", *sample_batch(), at=INGESTED_AT + timedelta(days=2))  # a later day
    assert snapshot(build(tmp_path)) == before


def test_a_batch_killed_before_its_commit_marker_is_ignored(tmp_path: Path):
    lake = tmp_path / "lake"
    killed_at = INGESTED_AT - timedelta(days=1)
    tables = build_tables([kadhimi_batch_item()], [], EXTRACTOR, killed_at)
    bid = tables_batch_id(tables)
    write_batch(lake, tables, killed_at.date(), bid)
    batch_path(lake, "articles", killed_at.date(), bid).unlink()
    batch_path(lake, "event_participants", killed_at.date(), bid).unlink()
    assert build(tmp_path).execute("select count(*) from marts.events").fetchone()[0] == 0
    load_lake(lake, *sample_batch())
    con = build(tmp_path)
    assert con.execute("select count(*) from marts.event_participants").fetchone()[0] == 6


def test_a_new_extractor_run_replaces_the_old_outputs(tmp_path: Path):
    load_lake(tmp_path / "lake", *sample_batch())
    art, extraction = kadhimi_batch_item()
    load_lake(tmp_path / "lake", [(art, Extraction(mentions=extraction.mentions[:1]))],
         at=INGESTED_AT + timedelta(days=1), extractor="fixture/2")
    con = build(tmp_path)
    rows = con.execute("select surface, extractor from marts.entity_mentions where article_id = ?",
                       [art.article_id]).fetchall()
    assert rows == [("ايلاف", "fixture/2")]
    assert con.execute("select extractor, ingested_at from marts.articles where article_id = ?",
                       [art.article_id]).fetchone() == ("fixture/2", INGESTED_AT.replace(tzinfo=None))
    assert con.execute("select event_type from marts.events").fetchall() == [("ASSAULT",)]


def test_article_columns_come_from_the_latest_extraction_run(tmp_path: Path):
    load_lake(tmp_path / "lake", *sample_batch())
    first, _ = kadhimi_batch_item()
    variant_text = KADHIMI_TEXT.replace("أكد رئيس", "أكَّدَ رئيسُ").replace("لندن:", "لندن -")
    variant = article(variant_text, "kadhimi.jsonl:4", date(2021, 7, 29), title="الكاظمي في واشنطن")
    assert variant.article_id == first.article_id and variant.text != first.text
    mentions = [mention(variant, "مصطفى الكاظمي", "PER"), mention(variant, "نانسي بيلوسي", "PER")]
    load_lake(tmp_path / "lake", [(variant, Extraction(mentions=mentions))],
              at=INGESTED_AT + timedelta(days=1), extractor="fixture/2")
    con = build(tmp_path)
    assert con.execute("select external_id, title, text, extractor, ingested_at from marts.articles "
                       "where article_id = ?", [first.article_id]).fetchone() == (
        "kadhimi.jsonl:4", "الكاظمي في واشنطن", variant_text, "fixture/2", INGESTED_AT.replace(tzinfo=None))
    spans = con.execute("select start_char, end_char, surface from marts.entity_mentions where article_id = ?",
                        [first.article_id]).fetchall()
    assert [variant_text[start:end] for start, end, _ in spans] == [s for _, _, s in spans] == [
        "مصطفى الكاظمي", "نانسي بيلوسي"]
    sentences = con.execute("select start_char, end_char from staging.stg_sentences where article_id = ? "
                            "order by sentence_index", [first.article_id]).fetchall()
    assert sentences == [(s.start, s.end) for s in variant.sentences]


def test_entities_aggregate_mentions_and_dates(tmp_path: Path):
    load_lake(tmp_path / "lake", *sample_batch())
    con = build(tmp_path)
    row = con.execute(
        "select label, canonical_name, canonical_name_latin, mention_count, article_count, "
        "first_seen_date, last_seen_date from marts.entities where canonical_name = 'مصطفى الكاظمي'"
    ).fetchone()
    # two mentions in the article published 2021-07-29, one in the undated one ingested 2021-07-30
    assert row == ("PER", "مصطفى الكاظمي", "Mustafa Al-Kadhimi", 3, 2, date(2021, 7, 29), date(2021, 7, 30))
    assert con.execute("select country_code from marts.entities where canonical_name = 'واشنطن'"
                       ).fetchone() == ("US",)
    dates = con.execute("select count(*) from marts.entities where label in ('DATE', 'TIME', 'QUANTITY')")
    assert dates.fetchone() == (0,)


def _norp_article(texts: list[str]) -> tuple[Article, Extraction]:
    art = article("\n".join(texts) + ".", "norp.txt", date(2021, 7, 27))
    surfaces = ("الأميركية", "الاميركية", "العراقيّة", "العراقية")
    return art, Extraction(mentions=[mention(art, s, "NORP", nth=n)
                                     for s in surfaces for n in range(art.text.count(s))])


def test_canonical_name_is_most_frequent_then_longest_then_alphabetical(tmp_path: Path):
    seed_lines = [
        "الشراكة العراقية الأميركية",
        "واستهدف نحو 50 هجوما صاروخياً أو بطائرات مسيرة المصالح الاميركية في العراق",
        "ولا يزال هناك نحو 3500 جندي أجنبي على الأراضي العراقيّة",
    ]
    load_lake(tmp_path / "lake", [_norp_article(seed_lines)])
    names = {r[0] for r in build(tmp_path).execute("select canonical_name from marts.entities").fetchall()}
    assert names == {"الأميركية", "العراقيّة"}  # 1-1 ties: alphabetical; longest (with shadda)

    more = seed_lines + ["اعلنت بغداد وواشنطن رسميا انسحاب جميع القوات القتالية الاميركية من العراق"]
    load_lake(tmp_path / "lake", [_norp_article(more)])
    con = build(tmp_path)
    # across both articles: الاميركية 1 + 2, الأميركية 1 + 1
    assert con.execute("select canonical_name, mention_count, article_count from marts.entities "
                       "where canonical_name like '%ميركية'").fetchall() == [("الاميركية", 5, 2)]


def _second_meeting() -> tuple[Article, Extraction]:
    art = article("وبحث الكاظمي مع بيلوسي سبل تعزيز التعاون بين العراق والولايات المتحدة.", "002_meeting.txt",
                  date(2021, 7, 30))
    kadhimi = mention(art, "الكاظمي", "PER", canonical="مصطفى الكاظمي")
    pelosi = mention(art, "بيلوسي", "PER", canonical="نانسي بيلوسي")
    consult = event(art, "CONSULT", "وبحث", [participant("actor", kadhimi), participant("target", pelosi)])
    return art, Extraction(mentions=[kadhimi, pelosi], events=[consult])


def test_actor_interactions_and_daily_event_counts(tmp_path: Path):
    items, quarantined = sample_batch()
    load_lake(tmp_path / "lake", [*items, _second_meeting()], quarantined)
    con = build(tmp_path)
    assert con.execute(
        "select actor_name, target_name, event_type, event_count, first_date, last_date "
        "from marts.actor_interactions").fetchall() == [
        ("مصطفى الكاظمي", "نانسي بيلوسي", "CONSULT", 2, date(2021, 7, 28), date(2021, 7, 30))]
    daily = con.execute("select event_date, event_type, place, event_count from marts.daily_event_counts "
                        "order by event_date nulls last").fetchall()
    assert daily == [
        (date(2021, 7, 28), "CONSULT", "واشنطن", 1),  # event_date of the first meeting
        (date(2021, 7, 30), "CONSULT", "unknown", 1),  # published_date; no location
        (None, "ASSAULT", "المنطقة الخضراء", 1),  # undated article; first location by offset
    ]


def _baghdad_attacks() -> tuple[Article, Extraction]:
    art = article("وقالت مصادر امنية ان صاروخا سقط في بغداد. وقالت مصادر اخرى ان قذيفة انفجرت في بغداد.",
                  "003_baghdad.txt", date(2021, 7, 31))
    as_city = mention(art, "بغداد", "GPE", canonical="بغداد")
    as_province = mention(art, "بغداد", "LOC", nth=1, canonical="بغداد")
    attacks = [event(art, "ASSAULT", trigger, [participant("location", place)], status="reported")
               for trigger, place in (("سقط", as_city), ("انفجرت", as_province))]
    return art, Extraction(mentions=[as_city, as_province], events=attacks)


def test_daily_event_counts_order_is_total_over_the_key(tmp_path: Path):
    load_lake(tmp_path / "lake", [_baghdad_attacks()])
    con = build(tmp_path)
    rows = con.execute("select event_date, event_type, place, place_entity_id from marts.daily_event_counts"
                       ).fetchall()
    assert len(rows) == 2 and rows[0][:3] == rows[1][:3]  # same day, type and place name
    assert rows == sorted(rows)


def test_rockets_article_alone_has_no_interactions(tmp_path: Path):
    load_lake(tmp_path / "lake", [rockets_batch_item()], at=datetime(2021, 7, 31, tzinfo=UTC))
    con = build(tmp_path)
    assert con.execute("select count(*) from marts.actor_interactions").fetchone() == (0,)
    assert con.execute("select place_entity_id is not null, event_count from marts.daily_event_counts"
                       ).fetchall() == [(True, 1)]


def test_event_mentions_keep_every_telling_and_events_count_them(tmp_path: Path):
    (art, extraction), rockets = kadhimi_batch_item(), rockets_batch_item()
    consult = extraction.events[0]
    lede = art.text.index("لدى مغادرته")
    sentence = art.sentences[0]
    consult.mentions = [
        EventMention(consult.trigger, consult.trigger_start, consult.trigger_end, consult.sentence_index,
                     consult.evidence, consult.status),
        EventMention("مغادرته", lede + 4, lede + 11, 0, art.text[sentence.start:sentence.end], "asserted")]
    load_lake(tmp_path / "lake", [(art, extraction), rockets])
    con = build(tmp_path)
    rows = con.execute("select event_id, article_id, event_type, mention_rank, sentence_index, trigger, "
                       "trigger_start, trigger_end from marts.event_mentions").fetchall()
    consult_id = event_id(art.article_id, consult)
    assert [r[3:6] for r in rows if r[0] == consult_id] == [(0, consult.sentence_index, "وبحث"), (1, 0, "مغادرته")]
    assert all(r[1] == art.article_id and r[2] == "CONSULT" for r in rows if r[0] == consult_id)
    assert all(art.text[start:end] == trigger for _, aid, _, _, _, trigger, start, end in rows
               if aid == art.article_id)
    counts = dict(con.execute("select event_type, mention_count from marts.events").fetchall())
    assert counts == {"CONSULT": 2, "ASSAULT": 1}
    con.close()
    # a new extraction run of the article replaces its mentions with the run's own
    load_lake(tmp_path / "lake", [kadhimi_batch_item()], at=INGESTED_AT + timedelta(days=1), extractor="fixture/2")
    con = build(tmp_path)
    assert con.execute("select trigger, extractor from marts.event_mentions where article_id = ?",
                       [art.article_id]).fetchall() == [("وبحث", "fixture/2")]


def _meeting(n: int, published: date | None, day: date | None, *, event_type: str = "CONSULT",
             status: str = "asserted", host: str = "الكاظمي", guest: str = "بايدن",
             place: str | None = "واشنطن", source: str = "text") -> tuple[Article, Extraction]:
    """An article (told apart by ``n``) whose one event has host, guest and place as entities;
    ``source``: where its ``day`` comes from."""
    where = f" في {place}" if place else ""
    art = article(f"والتقى {host} الرئيس {guest}{where} لبحث الملف رقم {n} بين البلدين.", f"{n:03}_meeting.txt",
                  published)
    people = [mention(art, host, "PER"), mention(art, guest, "PER")]
    places = [mention(art, place, "GPE")] if place else []
    roles = [participant("actor", people[0]), participant("target", people[1])]
    roles += [participant("location", m) for m in places]
    meeting = event(art, event_type, "والتقى", roles, status=status, event_date=day,
                    date_precision="day" if day else "unknown", date_source=source if day else "none")
    return art, Extraction(mentions=people + places, events=[meeting])


def _clusters(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("select cluster_id, event_id, article_id, member_count, article_count "
                       "from marts.event_clusters").fetchall()


def _event_ids(*items: tuple[Article, Extraction]) -> list[str]:
    return [event_id(art.article_id, extraction.events[0]) for art, extraction in items]


def test_event_clusters_group_one_incident_across_articles(tmp_path: Path):
    first = _meeting(1, date(2021, 7, 27), date(2021, 7, 26))
    second = _meeting(2, date(2021, 7, 27), date(2021, 7, 27), place=None)  # a day later, same people
    unlinked = _meeting(3, date(2021, 7, 21), date(2021, 7, 20))  # the same people a week earlier
    load_lake(tmp_path / "lake", [first, second, unlinked])
    con = build(tmp_path)
    a, b, c = _event_ids(first, second, unlinked)
    pair = min(a, b)
    assert _clusters(con) == [
        *sorted([(pair, a, first[0].article_id, 2, 2), (pair, b, second[0].article_id, 2, 2)]),
        (c, c, unlinked[0].article_id, 1, 1)]
    assert con.execute("select distinct event_type, status from marts.event_clusters").fetchall() == [
        ("CONSULT", "asserted")]


@pytest.mark.parametrize(("first", "second", "linked"), [
    (dict(), dict(status="reported"), True),  # asserted and reported tell the same deed
    (dict(), dict(status="planned"), False),  # a plan is not the deed
    (dict(status="planned"), dict(status="planned"), True),
    (dict(), dict(event_type="AGREE"), False),
    (dict(), dict(day=date(2021, 7, 28)), False),  # two days apart
    (dict(), dict(host="السوداني", guest="ماكرون", place="باريس"), False),  # nobody in common
    (dict(), dict(host="السوداني", guest="ماكرون"), True),  # only the place in common, same day
    (dict(day=None), dict(published=date(2021, 7, 28)), True),  # undated: same place, published 2 days apart
    (dict(day=None), dict(published=date(2021, 7, 29)), False),  # undated: published 3 days apart
    (dict(day=None), dict(place=None), False),  # undated: no shared place
    (dict(day=None, published=None), dict(), False),  # undated and unpublished
    # the publication day of a fresh report (يتظاهر) is known to the day
    (dict(source="published"), dict(place=None), True),
])
def test_event_cluster_link_rules(tmp_path: Path, first: dict, second: dict, linked: bool):
    defaults = dict(published=date(2021, 7, 26), day=date(2021, 7, 26))
    items = [_meeting(n, **{**defaults, **kw}) for n, kw in ((1, first), (2, second))]
    load_lake(tmp_path / "lake", items)
    sizes = {row[3] for row in _clusters(build(tmp_path))}
    assert sizes == ({2} if linked else {1})


def test_event_clusters_are_connected_components_and_skip_same_article_pairs(tmp_path: Path):
    # day 25 -- day 26 -- day 27: the ends are two days apart, yet one cluster through the middle
    chain = [_meeting(n, date(2021, 7, 28), date(2021, 7, 24 + n)) for n in (1, 2, 3)]
    # two meetings told apart in one article stay apart
    art = article("والتقى الكاظمي الرئيس بايدن في واشنطن. ثم اجتمع الكاظمي مع بايدن في واشنطن مرة ثانية.",
                  "004_twice.txt", date(2021, 8, 10))
    kadhimi, biden = mention(art, "الكاظمي", "PER"), mention(art, "بايدن", "PER")
    again = [mention(art, "الكاظمي", "PER", nth=1), mention(art, "بايدن", "PER", nth=1)]
    events = [event(art, "CONSULT", trigger, [participant("actor", x), participant("target", y)],
                    event_date=date(2021, 8, 9), date_precision="day", date_source="text")
              for trigger, x, y in (("والتقى", kadhimi, biden), ("اجتمع", *again))]
    load_lake(tmp_path / "lake", [*chain, (art, Extraction(mentions=[kadhimi, biden, *again], events=events))])
    con = build(tmp_path)
    ids = _event_ids(*chain)
    rows = _clusters(con)
    assert [r[1:] for r in rows[:3]] == sorted((i, chain[n][0].article_id, 3, 3) for n, i in enumerate(ids))
    assert {r[0] for r in rows[:3]} == {min(ids)}
    assert [(r[2], r[3], r[4]) for r in rows[3:]] == [(art.article_id, 1, 1)] * 2
