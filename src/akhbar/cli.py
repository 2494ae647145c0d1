"""``akhbar`` command line: run, rebuild, bench, serve, query, report, tag, evaluate-ner, evaluate-articles,
train-ner, train-events, train-roles, train-detector, train-entities, ner-clusters, ner-embeddings."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from akhbar.ner import BACKENDS, DEFAULT_BACKEND
from akhbar.settings import PROJECT_ROOT, get_settings

DISTIL_TOKENS = 3_500_000  # of unlabeled news read to distil the NER networks into one
DEFAULT_BENCH_SOURCE = PROJECT_ROOT.parent / "shared" / "data" / "news"
EXAMPLE_QUERY = ("select e.event_type, e.status, e.event_date, p.role, p.surface "
                 "from marts.events e join marts.event_participants p using (event_id) "
                 "order by e.article_id, e.sentence_index, p.role limit 20")


def _run(args: argparse.Namespace) -> int:
    from akhbar.ingest.web import is_url
    from akhbar.report import report_dir
    from flows.pipeline import daily_pipeline

    settings = get_settings()
    missing = [s for s in args.source or [] if not is_url(s) and not Path(s).exists()]
    if args.feeds and not args.feeds.is_file():
        missing.append(str(args.feeds))
    if missing:
        print(f"akhbar run: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    warehouse = args.warehouse or settings.warehouse
    try:
        summary = daily_pipeline(sources=args.source, warehouse=str(warehouse),
                                 lake=str(args.lake or settings.lake), batch_size=args.batch_size,
                                 workers=args.workers,
                                 task_runner=args.task_runner,
                                 dask_address=args.dask_address,
                                 feeds=str(args.feeds) if args.feeds else None)
    except Exception as exc:  # the flow already logged the traceback
        print(f"akhbar run failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    width = max(len(k) for k in summary)
    print("\nAkhbar run complete:")
    for key, value in summary.items():
        print(f"  {key:<{width}}  {value}")
    index = report_dir(Path(warehouse)) / "index.html"
    if index.exists():
        print(f"\nReport: {index}")
    print(f"\nWarehouse: {warehouse}\nTry:\n  .venv/bin/akhbar query \"{EXAMPLE_QUERY}\"")
    return 0


def _rebuild(args: argparse.Namespace) -> int:
    from akhbar.quality import QualityError, raise_for_failures, validate_warehouse
    from akhbar.storage.files import PathRefused, check_allowed
    from akhbar.storage.warehouse import CorruptLakeFile, build_warehouse

    settings = get_settings()
    warehouse, lake = args.warehouse or settings.warehouse, args.lake or settings.lake
    if not lake.is_dir():
        print(f"akhbar rebuild: no lake at {lake}; run `akhbar run` first", file=sys.stderr)
        return 2
    try:
        check_allowed({"warehouse": [warehouse], "lake": [lake]}, settings.allowed_roots)
        counts = build_warehouse(lake, warehouse, settings.sql_dir, full=True,
                                 gate=lambda con, changes: raise_for_failures(validate_warehouse(con)))
    except (PathRefused, CorruptLakeFile, QualityError) as exc:
        print(f"akhbar rebuild failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"Warehouse {warehouse} rebuilt from {lake}:")
    for name, count in counts.items():
        print(f"  {name:<20}  {count}")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from akhbar.bench import bench, format_report

    settings = get_settings()
    report = bench(args.source or [str(DEFAULT_BENCH_SOURCE)], args.out, args.articles, args.daily,
                   args.workers or settings.workers, args.batch_size or settings.batch_size,
                   args.task_runner, args.dask_address, settings.max_article_chars)
    print(format_report(report))
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


def _report(args: argparse.Namespace) -> int:
    from akhbar.report import ReportPathError, write_report

    warehouse = args.warehouse or get_settings().warehouse
    if not Path(warehouse).is_file():
        print(f"akhbar report: no warehouse at {warehouse}; run `akhbar run` first", file=sys.stderr)
        return 2
    try:
        index = write_report(Path(warehouse), args.out, quality=not args.no_quality)
    except ReportPathError as exc:
        print(f"akhbar report: {exc}", file=sys.stderr)
        return 2
    print(f"report → {index}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import json

    if not os.environ.get("PREFECT_API_URL"):
        print("PREFECT_API_URL is not set: start a server (`prefect server start`) and "
              "`export PREFECT_API_URL=http://127.0.0.1:4200/api` first.", file=sys.stderr)
        return 2
    roots = [Path(root).resolve() for root in args.allowed_root or []]
    missing = [str(root) for root in roots if not root.is_dir()]
    if missing:
        print(f"akhbar serve: --allowed-root is not a folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if roots:  # flow runs are child processes: they read it from the environment (settings.allowed_roots)
        os.environ["AKHBAR_ALLOWED_ROOTS"] = json.dumps([str(root) for root in roots])
        get_settings.cache_clear()
    from akhbar.serving import serve_until_stopped
    from flows.pipeline import daily_pipeline

    serve_until_stopped(daily_pipeline, "daily", args.cron, args.timezone,
                        "Akhbar daily pipeline: ingest, extract, load, model, validate.")
    return 0


def _tagger(args: argparse.Namespace):
    from akhbar.ner import load_tagger

    settings = get_settings()
    return load_tagger(args.ner or settings.ner or DEFAULT_BACKEND, args.model or settings.ner_model)


def _tag(args: argparse.Namespace) -> int:
    import time

    from akhbar.tagging import sentences_tagger, tag_file

    started = time.perf_counter()
    tag = sentences_tagger(args.scheme, _tagger(args))
    loaded = time.perf_counter()
    count = tag_file(args.conll, args.out, tag)
    done = time.perf_counter()
    print(f"tagged {count} tokens → {args.out} (model load {loaded - started:.2f} s, "
          f"{count / max(done - loaded, 1e-9):,.0f} tokens/s)", file=sys.stderr)
    return 0


def _evaluate_ner(args: argparse.Namespace) -> int:
    from akhbar.ner.conll import format_scores, gold_to_anercorp, read_tagged, score
    from akhbar.tagging import sentences_tagger

    gold = read_tagged(args.conll)
    tag = sentences_tagger("anercorp", _tagger(args))
    result = score([gold_to_anercorp(tags) for _, tags in gold], tag([tokens for tokens, _ in gold]))
    print(format_scores(result))
    return 0


def _evaluate_articles(args: argparse.Namespace) -> int:
    import json

    from akhbar.evaluate import SHARED_EVAL, evaluate_articles, load_scorer
    from akhbar.extract.events import EventExtractor
    from akhbar.extract.labeller import NewsLabeller
    from akhbar.extract.rules import RuleExtractor
    from akhbar.splits import NEWS_CHECK

    if args.news_check and (args.gold or args.source or args.keep):
        print("akhbar evaluate-articles: --news-check takes no --gold, --source or --keep "
              "(the held-out articles are scored whole and never read)", file=sys.stderr)
        return 2
    if args.news_check:
        gold, sources, part = NEWS_CHECK, [PROJECT_ROOT.parent / "shared" / "data" / "unlabeled"], "all"
    else:
        gold = args.gold or SHARED_EVAL / "dev_gold.json"
        sources = args.source or [SHARED_EVAL / "dev_articles.jsonl"]
        part = args.part
    extractor = RuleExtractor(_tagger(args), labeller=None if args.no_labeller else NewsLabeller(),
                              events=EventExtractor(roles="packaged" if _roles(args) == "network" else None,
                                                    detector="packaged" if _detection(args) == "network" else None))
    result = evaluate_articles(gold, sources, part, extractor, load_scorer(), keep=args.keep,
                               say=lambda message: print(message, file=sys.stderr, flush=True))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    e, v = result["entities_strict"], result["events"]
    name = "news-check" if args.news_check else part
    print(f"{name} ({result['articles']} articles): entities F1 {e['f1']:.4f} (P {e['p']:.4f} "
          f"R {e['r']:.4f}) events F1 {v['f1']:.4f} (P {v['p']:.4f} R {v['r']:.4f}) "
          f"date-acc {result['event_date_accuracy']}")
    roles = result["roles"]
    if roles is not None:
        print(f"roles of the {roles['matched']} matched required events with roles: actor F1 "
              f"{roles['actor']['f1']:.4f} target F1 {roles['target']['f1']:.4f}; "
              f"every actor and target right in {roles['both_right']}")
    return 0


def _roles(args: argparse.Namespace) -> str:
    return args.roles or get_settings().roles


def _detection(args: argparse.Namespace) -> str:
    return args.detection or get_settings().detection


def _annotated_sources(args: argparse.Namespace) -> list[Path]:
    """The texts of the training annotation: ``--annotated-source``, else the folders of
    ../shared/data that hold them (:data:`akhbar.event_training.ANNOTATED_FOLDERS`)."""
    from akhbar.event_training import ANNOTATED_FOLDERS

    return args.annotated_source or [PROJECT_ROOT.parent / "shared" / "data" / f for f in ANNOTATED_FOLDERS]


def _training_annotation(args: argparse.Namespace) -> tuple:
    """The training annotation as an annotated set: ``--annotated`` (default the packaged
    annotated_news.json), its texts, every article."""
    from akhbar.event_training import ANNOTATED_NEWS

    return args.annotated or ANNOTATED_NEWS, _annotated_sources(args), "all"


def _annotated_sets(args: argparse.Namespace, seed: bool = True) -> list:
    """The annotated sets the models learn from: the dev tune part, the training annotation and, for the
    event models (``seed``), the seed."""
    from akhbar.evaluate import SHARED_EVAL

    return [(args.dev_gold or SHARED_EVAL / "dev_gold.json", [args.dev_source or SHARED_EVAL / "dev_articles.jsonl"],
             "tune"),
            _training_annotation(args),
            *([(SHARED_EVAL / "seed_gold.json", [PROJECT_ROOT / "seeds"], "all")] if seed else [])]


def _training_extractor(args: argparse.Namespace):
    """The pipeline's entities, each article's read once; each model is fitted with an event stage of its own."""
    from akhbar.event_training import ReadOnce
    from akhbar.extract.events import EventExtractor
    from akhbar.extract.labeller import NewsLabeller

    return ReadOnce(_tagger(args), labeller=None if args.no_labeller else NewsLabeller(),
                    events=EventExtractor(classifier=None, targets=None, actors=None),
                    say=lambda message: print(message, flush=True))


def _train_roles(args: argparse.Namespace) -> int:
    from akhbar.evaluate import load_scorer
    from akhbar.event_training import train_roles
    from akhbar.extract.events.rolenet import MODEL_DIR, RoleNetParams

    train_roles(_annotated_sets(args), _training_extractor(args), load_scorer(), args.out or MODEL_DIR,
                RoleNetParams(seeds=tuple(args.seeds)), jobs=args.jobs)
    print(f"role network → {args.out or MODEL_DIR}")
    return 0


def _train_detector(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from akhbar.evaluate import load_scorer
    from akhbar.event_training import DETECT_PARAMS, train_detector
    from akhbar.extract.events.rolenet import DETECT_DIR

    gsr = None if args.no_gsr else args.gsr or PROJECT_ROOT.parent / "shared" / "data" / "events_gsr"
    train_detector(_annotated_sets(args), gsr, _training_extractor(args), load_scorer(), args.out or DETECT_DIR,
                   replace(DETECT_PARAMS, seeds=tuple(args.seeds)), jobs=args.jobs)
    print(f"detection network → {args.out or DETECT_DIR}")
    return 0


def _train_events(args: argparse.Namespace) -> int:
    from akhbar.evaluate import load_scorer
    from akhbar.event_training import train, train_options
    from akhbar.extract.events.classifier import ACTORS_FILE, MODEL_FILE, TARGETS_FILE

    data = PROJECT_ROOT.parent / "shared" / "data"
    annotated = _annotated_sets(args)
    extractor = _training_extractor(args)
    actors = train_options("actors", annotated, extractor, load_scorer())
    actors.save(args.actors_out or ACTORS_FILE)
    print(f"actor model → {args.actors_out or ACTORS_FILE}")
    targets = train_options("targets", annotated, extractor, load_scorer(), actors=actors)
    targets.save(args.targets_out or TARGETS_FILE)
    print(f"target model → {args.targets_out or TARGETS_FILE}")
    model = train(annotated, None if args.no_gsr else args.gsr or data / "events_gsr", extractor,
                  load_scorer(), targets=targets, actors=actors)
    model.save(args.out or MODEL_FILE)
    print(f"event classifier → {args.out or MODEL_FILE}")
    return 0


def _train_entities(args: argparse.Namespace) -> int:
    from akhbar.entity_training import build_corpus, train
    from akhbar.extract.entities import EntityRecognizer
    from akhbar.extract.labeller import MODEL_FILE, NewsLabeller

    recognizer = EntityRecognizer(tagger=_tagger(args))
    corpus = build_corpus(_annotated_sets(args, seed=False), recognizer, NewsLabeller.featurizer())
    print(f"{corpus.articles} articles, {corpus.mentions} mentions ({len(corpus.unaligned)} not found in "
          f"their paragraph), {len(corpus.sequences)} sentences")
    out = args.out or MODEL_FILE
    meta = train(corpus, out, grid=[tuple(args.c)]) if args.c else train(corpus, out)
    print(f"news labeller → {out} (c1={meta['chosen']['c1']} c2={meta['chosen']['c2']}, {meta['seconds']} s)")
    return 0


def _train_ner(args: argparse.Namespace) -> int:
    from akhbar.ner import crf, neural
    from akhbar.ner.conll import gold_to_anercorp, read_tagged
    from akhbar.ner.training import recipe, train_and_report

    sentences = [(tokens, gold_to_anercorp(tags)) for path in args.conll for tokens, tags in read_tagged(path)]
    extra, extra_source = [], ""
    if args.with_annotated:
        from akhbar.entity_training import anercorp_sentences

        annotation = _training_annotation(args)
        persons = args.annotated_labels == "persons"
        extra, extra_source = anercorp_sentences([annotation], persons), annotation[0].name
        print(f"{len(extra)} sentences of the articles annotated under the guide ({extra_source}), "
              + ("persons only, other spans left open" if persons else "in ANERcorp's labels"))
    crf_params = crf.TrainParams(**({"max_iterations": args.max_iterations} if args.max_iterations else {}))
    bilstm_params = neural.TrainParams(**({"epochs": args.epochs} if args.epochs else {}))
    distil_text = _article_sentences(args.distil_source, args.distil_tokens) if args.distil_source else []
    pretrain = neural.PretrainParams(**({"tokens": args.pretrain_tokens} if args.pretrain_tokens else {}))
    pretrain_text = _article_sentences(args.pretrain_source, pretrain.tokens) if args.pretrain_source else []
    how = recipe(args.backend, args.clusters or crf.MODEL_DIR / crf.CLUSTERS, args.embeddings,
                 crf_params, bilstm_params, args.jobs, distil_text, pretrain_text=pretrain_text,
                 pretrain_params=pretrain)
    if args.dev_only and args.no_dev:
        print("akhbar: --dev-only and --no-dev leave nothing to do", file=sys.stderr)
        return 2
    meta = train_and_report(sentences, args.out, how, not args.no_dev,
                            sources=[str(p) for p in args.conll], log=print, final=not args.dev_only,
                            extra=extra, extra_source=extra_source, extra_weight=args.annotated_weight)
    print(f"model → {args.out} ({meta['tokens']} tokens, {meta['total_seconds']} s)")
    return 0


def _unlabeled_docs(args: argparse.Namespace) -> list[list[str]]:
    """Folded words of the articles at ``--source`` and of the ``--conll`` files' tokens."""
    from akhbar.ingest.readers import read_articles
    from akhbar.model import Article
    from akhbar.ner.clusters import corpus_words
    from akhbar.ner.conll import read_tagged
    from akhbar.text.arabic import fold

    texts = (item.text for item in read_articles(args.source) if isinstance(item, Article))
    docs = list(corpus_words(texts))
    return docs + [[fold(t) for t in tokens] for path in args.conll for tokens, _ in read_tagged(path)]


def _ner_embeddings(args: argparse.Namespace) -> int:
    from akhbar.ner.neural import build_embeddings, save_embeddings

    docs = _unlabeled_docs(args)
    emb = build_embeddings(docs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_embeddings(args.out, emb)
    print(f"{len(emb.words)} word vectors ({emb.vectors.shape[1]} wide) from {sum(map(len, docs))} tokens "
          f"→ {args.out}")
    return 0


def _article_sentences(sources: list[str], max_tokens: int | None) -> list[list[str]]:
    """The token lists of the sentences of the articles at ``sources`` (as the pipeline splits and
    tokenizes them), read in order until ``max_tokens``."""
    from akhbar.ingest.readers import read_articles
    from akhbar.model import Article
    from akhbar.text.tokens import tokenize

    sentences: list[list[str]] = []
    read = 0
    for item in read_articles(sources):
        if max_tokens and read >= max_tokens:
            break
        if isinstance(item, Article):
            tokens = [[t.text for t in tokenize(item.text, s.start, s.end)] for s in item.sentences]
            sentences += tokens
            read += sum(map(len, tokens))
    return sentences


def _ner_distil(args: argparse.Namespace) -> int:
    import torch

    from akhbar.ner.conll import read_tagged
    from akhbar.ner.crf import MODEL_DIR
    from akhbar.ner.ensemble import BILSTM_DIR
    from akhbar.ner.neural import DistilParams, distil

    sentences = [tokens for path in args.conll for tokens, _ in read_tagged(path)]
    sentences += _article_sentences(args.source, args.max_tokens)
    torch.set_num_threads(args.threads)
    params = DistilParams(**({"epochs": args.epochs} if args.epochs else {}))
    meta = distil(args.model or MODEL_DIR / BILSTM_DIR, sentences, args.out, params, log=print, start=args.start)
    print(f"one network → {args.out}: {meta['distilled']['agreement']} on held-out sentences, "
          f"{meta['distilled']['seconds']} s")
    return 0


def _ner_clusters(args: argparse.Namespace) -> int:
    from akhbar.ner.clusters import build_clusters, write_clusters

    docs = _unlabeled_docs(args)
    clusters = build_clusters(docs)
    write_clusters(args.out, clusters)
    print(f"{len(clusters)} word clusters from {sum(map(len, docs))} tokens → {args.out}")
    return 0


def _weight(value: str) -> float | str:
    """``--annotated-weight``: a positive number or ``balance``."""
    if value == "balance":
        return value
    try:
        weight = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a positive number or 'balance', not {value!r}") from None
    if not weight > 0:
        raise argparse.ArgumentTypeError(f"a positive number or 'balance', not {value!r}")
    return weight


def _add_ner_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--ner", choices=BACKENDS, default=None,
                         help=f"NER backend (default: AKHBAR_NER, else {DEFAULT_BACKEND}, as in the pipeline: "
                              "the packaged BiLSTM-CRF, two networks averaged)")
    command.add_argument("--model", type=Path, default=None,
                         help="model folder for the backend (default: the packaged one / camel's data)")


def _add_training_data_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--dev-gold", type=Path, help="dev gold (default: ../shared/eval/dev_gold.json); "
                                                       "only its tune part is used")
    command.add_argument("--dev-source", type=Path, help="its articles (default: dev_articles.jsonl)")
    _add_annotation_options(command)


def _add_annotation_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--annotated", type=Path, help="training articles annotated under GUIDE.md "
                                                        "(default: the packaged annotated_news.json)")
    command.add_argument("--annotated-source", type=Path, action="append",
                         help="their texts, .jsonl or folder; repeatable (default: ../shared/data/unlabeled "
                              "and ../shared/data/news)")


def _add_worker_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--workers", type=int, default=None,
                         help="extraction worker processes (default: AKHBAR_WORKERS, else the machine's cores)")
    command.add_argument("--task-runner", choices=("processes", "dask"), default="processes",
                         help="processes: a local process pool (default); dask: prefect-dask, a LocalCluster "
                              "of --workers processes or the scheduler at --dask-address")
    command.add_argument("--dask-address", default=None, metavar="ADDRESS",
                         help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (implies --task-runner dask)")


def _add_network_options(parser: argparse.ArgumentParser, folder: str, seeds: list[int]) -> None:
    """The options of a network's training command: where it goes, its seeds, the fits at once, the entities."""
    parser.add_argument("--out", type=Path, help=f"model folder (default: the packaged {folder})")
    parser.add_argument("--seeds", type=int, nargs="+", default=seeds,
                        help="one network per seed, their probabilities averaged "
                             f"(default: {' '.join(map(str, seeds))})")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="networks fitted at once, one thread each (default: the machine's cores)")
    parser.add_argument("--no-labeller", action="store_true",
                        help="entities from the rules and tagger only, without the news labeller")
    _add_ner_options(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="akhbar", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the daily pipeline once (a Prefect flow run)")
    run.add_argument("--source", action="append", type=str, metavar="PATH",
                     help="folder, .txt/.jsonl file, or http(s) URL of an RSS/Atom feed or an article "
                          "page; repeatable (default: seeds/)")
    run.add_argument("--feeds", type=Path, metavar="FILE",
                     help="file of feed or article URLs, one a line (default: AKHBAR_FEEDS); read "
                          "instead of seeds/ when no --source is given")
    run.add_argument("--warehouse", type=Path, help="DuckDB file (default: data/warehouse.duckdb)")
    run.add_argument("--lake", type=Path, help="Parquet lake folder (default: data/lake/)")
    run.add_argument("--batch-size", type=int, default=None, help="articles per extraction batch")
    _add_worker_options(run)
    run.set_defaults(func=_run)

    rebuild = sub.add_parser("rebuild", help="build the warehouse again from the whole lake (a daily run only "
                                             "adds what is new), check every mart and swap it in")
    rebuild.add_argument("--warehouse", type=Path, help="DuckDB file (default: data/warehouse.duckdb)")
    rebuild.add_argument("--lake", type=Path, help="Parquet lake folder (default: data/lake/)")
    rebuild.set_defaults(func=_rebuild)

    bench = sub.add_parser("bench", help="time the whole pipeline on a corpus into a fresh warehouse "
                                         "(per stage, articles/s, tokens/s, peak memory, ratio to tokenizing)")
    bench.add_argument("--source", action="append", metavar="PATH",
                       help=f"corpus folder or file; repeatable (default: {DEFAULT_BENCH_SOURCE})")
    bench.add_argument("--out", type=Path, default=Path("/tmp/akhbar-bench"),
                       help="folder for the run's lake, warehouse and report (a new run-* folder inside)")
    bench.add_argument("--articles", type=int, default=None, metavar="N",
                       help="replicate the corpus (.jsonl) to N input articles, each copy distinct")
    bench.add_argument("--daily", type=int, default=100, metavar="N",
                       help="then a daily run adding N new articles (0: none; default 100)")
    bench.add_argument("--batch-size", type=int, default=None, help="articles per extraction batch")
    _add_worker_options(bench)
    bench.set_defaults(func=_bench)

    serve = sub.add_parser("serve", help="serve the deployment daily-pipeline/daily with a cron schedule")
    serve.add_argument("--cron", default="0 6 * * *", help="cron schedule (default: 0 6 * * *)")
    serve.add_argument("--timezone", default="UTC", help="IANA time zone of the schedule (default: UTC)")
    serve.add_argument("--allowed-root", action="append", type=Path, metavar="DIR",
                       help="served runs may read sources and write the warehouse and lake only under "
                            "this folder; repeatable (default: AKHBAR_ALLOWED_ROOTS, else anywhere)")
    serve.set_defaults(func=_serve)

    query = sub.add_parser("query", help="run one read-only SQL query on the warehouse and print the result")
    query.add_argument("sql", help="SQL, e.g. \"select * from marts.events limit 5\"")
    query.add_argument("--warehouse", type=Path, help="DuckDB file (default: data/warehouse.duckdb)")
    query.add_argument("--max-rows", type=int, default=40, help="rows to print (default: 40)")
    query.set_defaults(func=_query)

    report = sub.add_parser("report", help="write a self-contained offline HTML report of the warehouse "
                                           "(charts, a map of event places, data quality) to DIR/index.html")
    report.add_argument("--warehouse", type=Path, help="DuckDB file (default: data/warehouse.duckdb)")
    report.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for index.html")
    report.add_argument("--no-quality", action="store_true",
                        help="skip running the expectation suites on the marts (faster; no suite results)")
    report.set_defaults(func=_report)

    tag = sub.add_parser("tag", help="token-level NER over a CoNLL file")
    tag.add_argument("--conll", type=Path, required=True, help="input: token in the first column")
    tag.add_argument("--out", type=Path, required=True, help="output: token<TAB>tag per line")
    tag.add_argument("--scheme", choices=("native", "anercorp"), default="native")
    _add_ner_options(tag)
    tag.set_defaults(func=_tag)

    evaluate = sub.add_parser("evaluate-ner", help="tag a gold CoNLL file (ANERcorp labels) and print "
                                                   "per-label precision, recall and F1 (conlleval rules)")
    evaluate.add_argument("--conll", type=Path, required=True, help="gold: token first, BIO tag last")
    _add_ner_options(evaluate)
    evaluate.set_defaults(func=_evaluate_ner)

    articles = sub.add_parser("evaluate-articles",
                              help="score the extractor on one part (tune, check or all) of annotated "
                                   "articles with ../shared/eval/score.py (the check part is the headline)")
    articles.add_argument("--part", choices=("check", "tune", "all"), default="check",
                          help="split part by a hash of the article id (akhbar.splits; default: check)")
    articles.add_argument("--gold", type=Path, help="gold file in the GUIDE.md format "
                                                    "(default: ../shared/eval/dev_gold.json)")
    articles.add_argument("--source", type=Path, action="append",
                          help="the gold's articles, .jsonl or folder; repeatable "
                               "(default: ../shared/eval/dev_articles.jsonl)")
    articles.add_argument("--keep", type=Path, help="folder to keep the part's gold and warehouse in "
                                                   "(for reading errors: tune only)")
    articles.add_argument("--news-check", action="store_true",
                          help="score the 960 held-out news articles instead (akhbar.splits.NEWS_CHECK, "
                               "their texts in ../shared/data/unlabeled)")
    articles.add_argument("--no-labeller", action="store_true",
                          help="rules and tagger only, without the news labeller (for comparison)")
    articles.add_argument("--roles", choices=("models", "network"),
                          help="how actors and targets are chosen (default: AKHBAR_ROLES, else models; network: "
                               "blended with the packaged role network)")
    articles.add_argument("--detection", choices=("model", "network"),
                          help="which candidates are kept (default: AKHBAR_DETECTION, else model; network: the "
                               "classifier blended with the packaged detection network)")
    _add_ner_options(articles)
    articles.set_defaults(func=_evaluate_articles)

    train = sub.add_parser("train-ner", help="train an NER model on CoNLL files, with a dev report")
    train.add_argument("--conll", type=Path, action="append", required=True,
                       help="training data: token first, BIO tag last; repeatable")
    train.add_argument("--out", type=Path, required=True, help="model folder to write")
    train.add_argument("--backend", choices=("ensemble", "crf", "bilstm"), default="ensemble",
                       help="what to train (default: ensemble, the CRF and the BiLSTM-CRF in bilstm/)")
    train.add_argument("--clusters", type=Path, help="CRF: word clusters (default: the packaged ones)")
    train.add_argument("--embeddings", type=Path, help="BiLSTM-CRF: word vectors from `akhbar ner-embeddings`")
    train.add_argument("--no-dev", action="store_true",
                       help="skip the dev run (by default the models are first trained on the tune part "
                            "and scored on the untouched blocks of akhbar.splits, then trained on everything)")
    train.add_argument("--dev-only", action="store_true",
                       help="only the dev run: train on the tune part, score the untouched blocks and write "
                            "meta.json into --out, without training (or replacing) a final model")
    train.add_argument("--max-iterations", type=int, help="CRF: L-BFGS iterations (default 200)")
    train.add_argument("--epochs", type=int, help="BiLSTM-CRF: epochs per network (default 12)")
    train.add_argument("--distil-source", action="append", default=[], metavar="PATH",
                       help="BiLSTM-CRF: distil the networks into one on the sentences of these articles "
                            "(.txt/.jsonl folder or file; repeatable) and the training sentences")
    train.add_argument("--distil-tokens", type=int, default=DISTIL_TOKENS,
                       help=f"BiLSTM-CRF: tokens of --distil-source read (default {DISTIL_TOKENS:,})")
    train.add_argument("--pretrain-source", action="append", default=[], metavar="PATH",
                       help="BiLSTM-CRF: start every network from an encoder pretrained as a bidirectional "
                            "language model on the sentences of these articles (.txt/.jsonl folder or file; "
                            "repeatable), once per run (the dev run's and the final one's)")
    train.add_argument("--pretrain-tokens", type=int,
                       help="BiLSTM-CRF: tokens of --pretrain-source read, one pass (default: "
                            "akhbar.ner.neural.PretrainParams.tokens, about 20 minutes on two threads)")
    train.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                       help="BiLSTM-CRF: networks trained at once, one process and core each "
                            "(default: the number of cores); the weights do not depend on it")
    train.add_argument("--with-annotated", action="store_true",
                       help="also train on the news articles annotated under GUIDE.md (--annotated, default the "
                            "packaged annotated_news.json; texts from --annotated-source), their labels mapped to "
                            "ANERcorp's; they are never scored")
    train.add_argument("--annotated-labels", choices=("all", "persons"), default="all",
                       help="with --with-annotated: 'all' maps every guide label to ANERcorp's (default); "
                            "'persons' keeps only person names and O, leaving the guide's other spans "
                            "to any label but a person's (partial labels)")
    train.add_argument("--annotated-weight", type=_weight, default=1.0, metavar="W",
                       help="with --with-annotated: each annotated sentence's weight in the loss (default 1; "
                            "'balance': together as much as the ANERcorp sentences of the run, by tokens); "
                            "the bilstm backend only")
    _add_annotation_options(train)
    train.set_defaults(func=_train_ner)

    events = sub.add_parser("train-events", help="train the event classifier on the dev set's tune part, "
                                                 "the packaged annotated news and the GSR sentences")
    _add_training_data_options(events)
    events.add_argument("--gsr", type=Path, help="GSR folder (default: ../shared/data/events_gsr)")
    events.add_argument("--no-gsr", action="store_true", help="train on annotated articles only")
    events.add_argument("--out", type=Path, help="model file (default: the packaged events.json)")
    events.add_argument("--actors-out", type=Path,
                        help="actor model file, fitted first (default: the packaged actors.json)")
    events.add_argument("--targets-out", type=Path,
                        help="target model file, fitted second (default: the packaged targets.json)")
    events.add_argument("--no-labeller", action="store_true",
                        help="entities from the rules and tagger only, without the news labeller")
    _add_ner_options(events)
    events.set_defaults(func=_train_events)

    roles = sub.add_parser("train-roles", help="train the role network (actors and targets; AKHBAR_ROLES=network) "
                                               "on the packaged annotated news, its thresholds out of fold")
    _add_training_data_options(roles)
    _add_network_options(roles, "model/roles", [0])
    roles.set_defaults(func=_train_roles)

    detector = sub.add_parser("train-detector",
                              help="train the detection network (AKHBAR_DETECTION=network) on the candidates the "
                                   "event classifier learns from, its blend's thresholds out of fold")
    _add_training_data_options(detector)
    detector.add_argument("--gsr", type=Path, help="GSR folder (default: ../shared/data/events_gsr)")
    detector.add_argument("--no-gsr", action="store_true", help="train on annotated articles only")
    _add_network_options(detector, "model/detect", [0, 1])
    detector.set_defaults(func=_train_detector)

    entities = sub.add_parser("train-entities",
                              help="train the news labeller (entity spans and labels after the rules) on the "
                                   "packaged annotated news and the dev set's tune part; C by cross-validation")
    _add_training_data_options(entities)
    entities.add_argument("--out", type=Path, help="model file (default: the packaged entities.crfsuite; "
                                                   "its meta goes beside it as .json)")
    entities.add_argument("--c", nargs=2, type=float, metavar=("C1", "C2"),
                          help="the L1 and L2 weights to use (still cross-validated, for the report) "
                               "instead of choosing them from entity_training.GRID")
    _add_ner_options(entities)
    entities.set_defaults(func=_train_entities)

    distil = sub.add_parser("ner-distil", help="teach one network the BiLSTM-CRF ensemble's scores on raw text")
    distil.add_argument("--source", action="append", default=[], metavar="PATH",
                        help="articles (.txt/.jsonl folder or file) whose sentences are read; repeatable")
    distil.add_argument("--conll", type=Path, action="append", default=[],
                        help="CoNLL files whose sentences are read too (their tags are not used); repeatable")
    distil.add_argument("--max-tokens", type=int, default=DISTIL_TOKENS,
                        help=f"tokens of the articles read (default {DISTIL_TOKENS:,})")
    distil.add_argument("--model", type=Path, help="the ensemble (default: the packaged bilstm/)")
    distil.add_argument("--epochs", type=int, help="passes over the sentences (default 4)")
    distil.add_argument("--start", type=Path, help="a one-network model to train further (default: the "
                                                   "ensemble's first network)")
    distil.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="torch threads")
    distil.add_argument("--out", type=Path, required=True, help="folder of the one-network model")
    distil.set_defaults(func=_ner_distil)

    for name, func, what in (("ner-clusters", _ner_clusters, "word clusters (a CRF feature)"),
                             ("ner-embeddings", _ner_embeddings, "word vectors (BiLSTM-CRF input)")):
        unlabeled = sub.add_parser(name, help=f"learn {what} from raw text")
        unlabeled.add_argument("--source", action="append", required=True, metavar="PATH",
                               help="articles (.txt/.jsonl folder or file); repeatable")
        unlabeled.add_argument("--conll", type=Path, action="append", default=[],
                               help="CoNLL files whose tokens are added as unlabeled text; repeatable")
        unlabeled.add_argument("--out", type=Path, required=True,
                               help=f"file to write ({'.tsv' if name == 'ner-clusters' else '.npz'})")
        unlabeled.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # no telemetry from a local Prefect API (Great Expectations: the context in akhbar.quality.runner)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    try:
        get_settings()
    except ValueError as exc:
        print(f"akhbar: {exc}", file=sys.stderr)
        return 2
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
