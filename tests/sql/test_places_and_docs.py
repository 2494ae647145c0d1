"""Geocoded place entities in the marts, and the marts' comments (a documented warehouse)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from akhbar.model import Extraction
from akhbar.storage.docs import load_docs
from akhbar.storage.warehouse import build_warehouse
from tests.factories import SQL_DIR, article, load_lake, mention, sample_batch

AMMAN_TEXT = "استضافت عمان اليوم اجتماعا لوزراء خارجية الأردن ومصر لبحث الأوضاع في المنطقة."


def build(tmp_path: Path, items) -> duckdb.DuckDBPyConnection:
    load_lake(tmp_path / "lake", items)
    build_warehouse(tmp_path / "lake", tmp_path / "warehouse.duckdb", SQL_DIR)
    return duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)


def amman_item():
    art = article(AMMAN_TEXT, "002_amman.txt", date(2021, 8, 1))
    return art, Extraction(mentions=[
        # the lexicon ties عمان to Oman (CLDR); the article's other country decides
        mention(art, "عمان", "GPE", canonical="عمان", canonical_latin="Oman", country_code="OM"),
        mention(art, "الأردن", "GPE", canonical="الأردن", canonical_latin="Jordan", country_code="JO"),
        mention(art, "ومصر", "GPE", normalized="مصر", canonical="مصر", canonical_latin="Egypt", country_code="EG"),
    ])


def test_place_entities_carry_coordinates_and_events_their_place(tmp_path: Path):
    items, _ = sample_batch()
    con = build(tmp_path, items + [amman_item()])
    places = {row[0]: row[1:] for row in con.execute(
        "select canonical_name, latitude, longitude, geonames_id, place_country_code, geocode_rule "
        "from marts.entities where label in ('GPE', 'LOC', 'FAC')").fetchall()}
    lat, lon, geonames_id, country, _ = places["واشنطن"]
    assert abs(lat - 38.9) < 0.2 and abs(lon + 77.0) < 0.2 and (geonames_id, country) == (4140963, "US")
    lat, lon, geonames_id, country, rule = places["عمان"]
    assert (geonames_id, country, rule) == (250441, "JO", "context")  # Amman, not Oman
    assert abs(lat - 31.95) < 0.1 and abs(lon - 35.93) < 0.1
    assert places["بغداد"][2] == 98182 and places["العراق"][3] == "IQ"
    assert places["المنطقة الخضراء"] == (None,) * 5  # not in the gazetteer: unknown, not guessed
    not_places = con.execute("select count(*) from marts.entities where label not in ('GPE', 'LOC', 'FAC') "
                             "and latitude is not null").fetchone()[0]
    assert not_places == 0
    # the CONSULT in واشنطن: its daily count carries the place's coordinates
    row = con.execute("select place, latitude, longitude, geonames_id from marts.daily_event_counts "
                      "where event_type = 'CONSULT'").fetchone()
    assert row[0] == "واشنطن" and row[3] == 4140963 and abs(row[1] - 38.9) < 0.2


def test_every_marts_table_and_column_is_commented(tmp_path: Path):
    items, _ = sample_batch()
    con = build(tmp_path, items)
    missing = con.execute("select table_name, column_name from duckdb_columns() "
                          "where schema_name = 'marts' and (comment is null or comment = '')").fetchall()
    assert missing == []
    tables = con.execute("select table_name, comment from duckdb_tables() where schema_name = 'marts'").fetchall()
    assert tables and all(comment and "Grain" in comment for _, comment in tables)
    # the docs name no column or table that does not exist (a renamed column must update them)
    columns = set(con.execute("select table_name, column_name from duckdb_columns() "
                              "where schema_name = 'marts'").fetchall())
    documented = {(t, c) for t, doc in load_docs(SQL_DIR).items() for c in doc["columns"]}
    assert documented == columns
    comment = con.execute("select comment from duckdb_columns() where schema_name = 'marts' "
                          "and table_name = 'entities' and column_name = 'latitude'").fetchone()[0]
    assert "WGS84" in comment
