"""SQL models on small lakes written with records.build_tables + lake.write_batch."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb

from akhbar.model import Article, Extraction
from akhbar.storage.lake import batch_path, write_batch
from akhbar.storage.records import build_tables, tables_batch_id
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
         "actor_interactions", "daily_event_counts")


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
    load_lake(tmp_path / "lake", [rockets_batch_item()], at=datetime(2021, 7, 31, tzinfo=timezone.utc))
    con = build(tmp_path)
    assert con.execute("select count(*) from marts.actor_interactions").fetchone() == (0,)
    assert con.execute("select place_entity_id is not null, event_count from marts.daily_event_counts"
                       ).fetchall() == [(True, 1)]
