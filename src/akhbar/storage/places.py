"""``raw.entity_places``: where each place entity is, computed at build time from the raw mentions
with ``akhbar.geo`` (the marts join it: ``marts.entities`` latitude / longitude / geonames_id)."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pyarrow as pa

from akhbar.geo.places import CONFIG, decide, place_options
from akhbar.schemas import ENTITY_PLACES

TABLE = "raw.entity_places"


def _votes(con: duckdb.DuckDBPyConnection, entity_ids: list[str]) -> dict[str, dict[str, int]]:
    """For each entity: country code → number of its articles where another mention has that code."""
    if not entity_ids:
        return {}
    con.register("_ambiguous", pa.table({"entity_id": pa.array(entity_ids, pa.string())}))
    try:
        rows = con.execute("""
            with own as (
                select distinct entity_id, article_id
                from raw.entity_mentions
                where entity_id in (select entity_id from _ambiguous)
            )
            select own.entity_id, other.country_code, count(distinct own.article_id)
            from own
            inner join raw.entity_mentions as other
                on other.article_id = own.article_id
                and other.entity_id is distinct from own.entity_id
                and other.country_code is not null
            group by own.entity_id, other.country_code
        """).fetchall()
    finally:
        con.unregister("_ambiguous")
    votes: dict[str, dict[str, int]] = defaultdict(dict)
    for entity_id, country, count in rows:
        votes[entity_id][country] = count
    return votes


def build_entity_places(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)create ``raw.entity_places`` (``raw.entity_mentions`` must exist); return its row count."""
    labels = ", ".join(f"'{label}'" for label in CONFIG.labels)
    entities = con.execute(f"""
        select entity_id, min(label), min(coalesce(canonical_name, normalized)),
               mode(canonical_name_latin), mode(country_code)
        from raw.entity_mentions
        where entity_id is not null and label in ({labels})
        group by entity_id
        order by entity_id
    """).fetchall()
    options = {entity_id: place_options(name, label, latin, country)
               for entity_id, label, name, latin, country in entities}
    votes = _votes(con, [e for e, found in options.items() if found.needs_context])
    rows = []
    for entity_id, found in options.items():
        chosen = decide(found, votes.get(entity_id, {}))
        if chosen is None:
            continue
        place = chosen.place
        rows.append({"entity_id": entity_id, "latitude": place.latitude, "longitude": place.longitude,
                     "geonames_id": place.geonames_id, "place_name_latin": place.name_latin,
                     "place_kind": place.kind, "place_country_code": place.country_code,
                     "geocode_rule": chosen.rule})
    con.register("_entity_places", pa.Table.from_pylist(rows, schema=ENTITY_PLACES))
    try:
        con.execute(f"create or replace table {TABLE} as select * from _entity_places")
    finally:
        con.unregister("_entity_places")
    return len(rows)
