"""``akhbar`` command line: run, serve, query, tag."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from akhbar.settings import get_settings

EXAMPLE_QUERY = ("select e.event_type, e.status, e.event_date, p.role, p.surface "
                 "from marts.events e join marts.event_participants p using (event_id) "
                 "order by e.article_id, e.sentence_index, p.role limit 20")


def _run(args: argparse.Namespace) -> int:
    from flows.pipeline import daily_pipeline

    settings = get_settings()
    missing = [s for s in args.source or [] if not Path(s).exists()]
    if missing:
        print(f"akhbar run: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    warehouse = args.warehouse or settings.warehouse
    try:
        summary = daily_pipeline(sources=args.source, warehouse=str(warehouse),
                                 lake=str(args.lake or settings.lake), batch_size=args.batch_size)
    except Exception as exc:  # the flow already logged the traceback
        print(f"akhbar run failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    width = max(len(k) for k in summary)
    print("\nAkhbar run complete:")
    for key, value in summary.items():
        print(f"  {key:<{width}}  {value}")
    print(f"\nWarehouse: {warehouse}\nTry:\n  .venv/bin/akhbar query \"{EXAMPLE_QUERY}\"")
    return 0


def _query(args: argparse.Namespace) -> int:
    import duckdb

    warehouse = args.warehouse or get_settings().warehouse
    if not Path(warehouse).exists():
        print(f"akhbar query: no warehouse at {warehouse}; run `akhbar run` first", file=sys.stderr)
        return 2
    with duckdb.connect(str(warehouse), read_only=True) as con:
        try:
            con.sql(args.sql).show(max_rows=args.max_rows, max_width=200)
        except duckdb.Error as exc:
            print(f"akhbar query: {exc}", file=sys.stderr)
            return 1
    return 0


def _serve(args: argparse.Namespace) -> int:
    if not os.environ.get("PREFECT_API_URL"):
        print("PREFECT_API_URL is not set: start a server (`prefect server start`) and "
              "`export PREFECT_API_URL=http://127.0.0.1:4200/api` first.", file=sys.stderr)
        return 2
    from prefect.schedules import Cron

    from flows.pipeline import daily_pipeline

    daily_pipeline.serve(name="daily", schedules=[Cron(args.cron, timezone=args.timezone)],
                         description="Akhbar daily pipeline: ingest, extract, load, model, validate.")
    return 0


def _tag(args: argparse.Namespace) -> int:
    from akhbar.extract.entities import EntityRecognizer
    from akhbar.tagging import tag_file

    recognizer = EntityRecognizer()
    count = tag_file(args.conll, args.out, recognizer.recognize, args.scheme)
    print(f"tagged {count} tokens → {args.out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="akhbar", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the daily pipeline once (a Prefect flow run)")
    run.add_argument("--source", action="append", type=str, metavar="PATH",
                     help="folder or .txt/.jsonl file; repeatable (default: seeds/)")
    run.add_argument("--warehouse", type=Path, help="DuckDB file (default: data/warehouse.duckdb)")
    run.add_argument("--lake", type=Path, help="Parquet lake folder (default: data/lake/)")
    run.add_argument("--batch-size", type=int, default=None, help="articles per extraction batch")
    run.set_defaults(func=_run)

    serve = sub.add_parser("serve", help="serve the deployment daily-pipeline/daily with a cron schedule")
    serve.add_argument("--cron", default="0 6 * * *", help="cron schedule (default: 0 6 * * *)")
    serve.add_argument("--timezone", default="UTC", help="IANA time zone of the schedule (default: UTC)")
    serve.set_defaults(func=_serve)

    query = sub.add_parser("query", help="run one read-only SQL query on the warehouse and print the result")
    query.add_argument("sql", help="SQL, e.g. \"select * from marts.events limit 5\"")
    query.add_argument("--warehouse", type=Path, help="DuckDB file (default: data/warehouse.duckdb)")
    query.add_argument("--max-rows", type=int, default=40, help="rows to print (default: 40)")
    query.set_defaults(func=_query)

    tag = sub.add_parser("tag", help="token-level NER over a CoNLL file")
    tag.add_argument("--conll", type=Path, required=True, help="input: token in the first column")
    tag.add_argument("--out", type=Path, required=True, help="output: token<TAB>tag per line")
    tag.add_argument("--scheme", choices=("native", "anercorp"), default="native")
    tag.set_defaults(func=_tag)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # no telemetry from a local Prefect API or Great Expectations (this machine has no internet)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    try:
        get_settings()
    except ValueError as exc:
        print(f"akhbar: {exc}", file=sys.stderr)
        return 2
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
