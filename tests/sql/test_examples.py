"""Every analyst query of sql/examples/ runs on a small warehouse and returns what it says."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.factories import SQL_DIR, sample_warehouse

EXAMPLES = sorted((SQL_DIR / "examples").glob("*.sql"))


@pytest.fixture(scope="module")
def con(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    warehouse = sample_warehouse(tmp_path_factory.mktemp("examples"))
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield connection


def test_there_are_at_least_eight_commented_examples():
    assert len(EXAMPLES) >= 8
    for path in EXAMPLES:
        assert path.read_text(encoding="utf-8").startswith("-- "), f"{path.name} has no header comment"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(con, path: Path):
    cursor = con.execute(path.read_text(encoding="utf-8"))
    assert cursor.description  # columns named
    cursor.fetchall()


def rows(con, name: str) -> list[tuple]:
    return con.execute((SQL_DIR / "examples" / name).read_text(encoding="utf-8")).fetchall()


def test_examples_answer_on_the_sample(con):
    places = {r[0]: r for r in rows(con, "07_most_mentioned_places_on_a_map.sql")}
    assert places["واشنطن"][2] == "Washington" and places["واشنطن"][7] == 4140963
    daily = con.execute((SQL_DIR / "examples" / "08_daily_events_by_type.sql").read_text(encoding="utf-8"))
    assert [d[0] for d in daily.description] == ["event_date", "CONSULT"] and daily.fetchall()[0][1] == 1
    assert rows(con, "09_who_talks_to_whom.sql") == [("مصطفى الكاظمي", "نانسي بيلوسي", 1, "CONSULT")]
    trust = {r[0]: r[1:] for r in rows(con, "10_quarantine_and_confidence.sql")}
    assert trust["quarantine: broken_json"][0] == 1 and trust["events"][0] == 2
    by_country = (SQL_DIR / "examples" / "02_events_in_a_country_by_day.sql").read_text(encoding="utf-8")
    assert con.execute(by_country).fetchall() == []  # the sample's placed event is in the US, not Iraq
    assert con.execute(by_country.replace("'IQ'", "'US'")).fetchall() == [(date(2021, 7, 28), "CONSULT", 1,
                                                                            "واشنطن")]
