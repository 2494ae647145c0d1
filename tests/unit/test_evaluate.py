"""Role figures of `akhbar evaluate-articles`, on a tiny warehouse and gold."""

import duckdb

from akhbar.evaluate import load_scorer, role_scores


def _warehouse(path, events):
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.articles (external_id varchar, article_id varchar)")
        con.execute("insert into marts.articles values ('a-1', 'x1')")
        con.execute("create table marts.events (event_id varchar, article_id varchar, event_type varchar)")
        con.execute("create table marts.event_participants (event_id varchar, role varchar, surface varchar)")
        for n, (event_type, parts) in enumerate(events):
            con.execute("insert into marts.events values (?, 'x1', ?)", [f"e{n}", event_type])
            for role, surface in parts:
                con.execute("insert into marts.event_participants values (?, ?, ?)", [f"e{n}", role, surface])
    return path


def test_roles_are_scored_on_the_matched_required_events_that_carry_roles(tmp_path):
    warehouse = _warehouse(tmp_path / "w.duckdb", [
        ("ACCUSE", [("actor", "واشنطن"), ("target", "الحكومة")]),  # the actor right, the target not
        ("ASSAULT", [("actor", "الجيش الإسرائيلي"), ("target", "حركة حماس"), ("location", "غزة")]),
        ("PROTEST", [("actor", "النقابة")]),  # matches only an optional event: not counted
    ])
    gold = {"articles": [{"external_id": "a-1", "events": [
        {"type": "ACCUSE", "participants": ["واشنطن", "طهران"], "roles": ["actor", "target"]},
        {"type": "ASSAULT", "participants": ["الجيش", "حماس"], "roles": ["actor", "target"]},
        {"type": "PROTEST", "participants": ["النقابة"], "roles": ["actor"], "optional": True},
    ]}]}
    roles = role_scores(gold, warehouse, load_scorer())
    assert (roles["matched"], roles["both_right"]) == (2, 1)  # every actor and target right: the attack
    assert [roles["actor"][k] for k in ("tp", "fp", "fn")] == [2, 0, 0]
    assert [roles["target"][k] for k in ("tp", "fp", "fn")] == [1, 1, 1]  # الحكومة is not طهران
    # gold without roles (the dev set, the seed) gives none
    for event in gold["articles"][0]["events"]:
        del event["roles"]
    assert role_scores(gold, warehouse, load_scorer()) is None


def test_evaluate_articles_tells_its_progress_and_scores_what_it_extracted(tmp_path, monkeypatch):
    import json

    from akhbar import evaluate
    from akhbar.extract.rules import RuleExtractor

    texts = ["واتهمت بيونغ يانغ الولايات المتحدة بمحاولة عزلها امس في بيان رسمي.",
             "وقصف الجيش الإسرائيلي مواقع لحركة حماس في قطاع غزة فجر اليوم.",
             "والتقى وزير الخارجية التونسي نظيره الجزائري في تونس العاصمة."]
    (tmp_path / "a.jsonl").write_text("".join(
        json.dumps({"id": f"t-{n}", "text": text, "published_at": "2018-03-25T10:00:00+00:00"}, ensure_ascii=False)
        + "\n" for n, text in enumerate(texts)), encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"articles": [
        {"external_id": f"t-{n}", "entities": [], "events": []} for n in range(3)]}), encoding="utf-8")
    monkeypatch.setattr(evaluate, "PROGRESS_EVERY", 2)
    said: list[str] = []
    result = evaluate.evaluate_articles(gold, [tmp_path / "a.jsonl"], "all", RuleExtractor(),
                                        keep=tmp_path / "kept", say=said.append)
    assert result["articles"] == 3
    assert [s.split(" (")[0] for s in said] == ["3 articles read from the sources", "extracted 2 of 3 articles",
                                                "extracted 3 of 3 articles", "warehouse built"]
    with duckdb.connect(str(tmp_path / "kept" / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.articles").fetchone()[0] == 3  # every chunk was loaded
