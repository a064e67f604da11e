"""`pandian` command line: thin argument parsing over the tools; errors print as one clear line."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pandian.clikit import common_flags, print_json
from pydantic import ValidationError

from pandian.errors import PandianError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


_common = common_flags


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="pandian", description="盘点 pandian: inventory your shop's data assets")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("scan", help="ingest files, folders or databases, profile and catalog them")
    p.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    _common(p)

    p = sub.add_parser("profile", help="print the profile of a table")
    p.add_argument("table")
    p.add_argument("--refresh", action="store_true", help="recompute instead of reading the catalog")
    _common(p)

    p = sub.add_parser("catalog", help="list catalogued assets")
    p.add_argument("table", nargs="?")
    _common(p)

    p = sub.add_parser("demo", help="generate the demo shop's raw files and scan them")
    p.add_argument("--scale", type=int, default=100_000, help="behaviour-log rows (up to 10 million)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", help="where to write the files (default WORKSPACE/demo-data)")
    p.add_argument("--no-scan", action="store_true", help="only write the files")
    _common(p)

    p = sub.add_parser("feedback", help="correct a column's type or sensitivity (it takes effect at once)")
    p.add_argument("kind", choices=["column"])
    p.add_argument("target", metavar="TABLE.COLUMN")
    p.add_argument("--type", dest="semantic_type")
    p.add_argument("--sensitivity", choices=["L1", "L2", "L3", "L4"])
    p.add_argument("--user", default=os.environ.get("USER", "owner"))
    p.add_argument("--comment")
    _common(p)

    p = sub.add_parser("classify-columns", help="(re)classify the columns of catalogued tables")
    p.add_argument("tables", nargs="*")
    _common(p)

    p = sub.add_parser("sql", help="run one read-only SELECT/WITH query; results masked by role")
    p.add_argument("sql")
    p.add_argument("--role", choices=["viewer", "analyst", "owner"], default="viewer")
    p.add_argument("--limit", type=int, default=1000)
    p.add_argument("--timeout", type=float, default=30.0)
    _common(p)

    p = sub.add_parser("export", help="export a whole table, masked by role (.csv, .parquet, .xlsx)")
    p.add_argument("table")
    p.add_argument("--out", required=True)
    p.add_argument("--role", choices=["viewer", "analyst", "owner"], default="viewer")
    _common(p)

    p = sub.add_parser("audit", help="who did what: every tool call with user, role, arguments and outcome")
    p.add_argument("--user")
    p.add_argument("--since", help="ISO date or time")
    p.add_argument("--tool")
    p.add_argument("--limit", type=int, default=1000)
    _common(p)

    p = sub.add_parser("types", help="list the semantic types and sensitivity levels")
    p.add_argument("--json", action="store_true")

    from finetune.commands import add_parsers

    add_parsers(sub, _common)
    for module in _command_modules():
        module.add_parsers(sub, _common)

    p = sub.add_parser("serve", help="start the Gradio app")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    _common(p, json_flag=False)
    return ap


# Command modules that bring their own sub-commands: `add_parsers(sub, common)` and `COMMANDS`.
COMMAND_MODULES = ("tools.clean.commands", "tools.integrate.commands", "tools.analyze.commands",
                   "tools.chart.commands", "knowledge.commands", "agent.commands", "pandian.security.commands")


def _command_modules() -> list[Any]:
    import importlib
    import importlib.util

    out = []
    for name in COMMAND_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:
            found = False
        if found:
            out.append(importlib.import_module(name))
    return out


def _ctx(args: argparse.Namespace):
    from pandian.context import open_context

    return open_context(args.workspace, args.warehouse)


def cmd_scan(args: argparse.Namespace) -> int:
    from tools.ingest.scan import ScanArgs, scan

    with _ctx(args) as ctx:
        out = scan(ctx, ScanArgs(sources=args.sources))
    if args.json:
        _print_json(out)
    else:
        _print_scan(out)
    return 1 if not out["tables"] and out["errors"] and any(e["level"] == "error" for e in out["errors"]) else 0


def cmd_catalog(args: argparse.Namespace) -> int:
    from pandian.catalog import asset_json
    from pandian.errors import WarehouseBusyError

    with _ctx(args) as ctx:
        try:
            ctx.warehouse  # reconcile first
        except WarehouseBusyError as exc:  # a running app holds the warehouse: the catalog is still readable
            ctx.report.warn(exc.source, f"{exc.message}; listed the catalog as last stored, not checked against "
                                        "the warehouse", hint="stop `pandian serve` to reconcile, or ask in the app")
        assets = [ctx.catalog.require(args.table)] if args.table else ctx.catalog.assets()
        errors = [{"source": i.source, "line": i.line, "level": i.level, "message": i.message, "hint": i.hint}
                  for i in ctx.catalog.issues(50)] if not args.table else []
        out = {"tables": [asset_json(a) for a in assets], "errors": ctx.report.errors_json() + errors}
    if args.json:
        _print_json(out)
    else:
        for t in out["tables"]:
            print(f"{t['name']:<32} {t['rows']:>12,} rows  {t['rejected_rows']:>6,} rejected  {len(t['columns']):>3} cols"
                  f"  {t['source']}")
        for e in ctx.report.warnings:
            print(f"warning: {e.message} ({e.hint})", file=sys.stderr)
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    from tools.profile import profile_table

    with _ctx(args) as ctx:
        asset = ctx.catalog.require(args.table)
        wh = ctx.warehouse
        if args.refresh or not asset.profile:
            prof = profile_table(wh, asset.name)
        else:
            prof = dict(asset.profile)
            prof["columns"] = [c.profile for c in asset.columns]
    if args.json:
        _print_json(prof)
    else:
        print(f"{prof['table']}: {prof['rows']:,} rows, {prof['duplicate_rows']:,} duplicate rows, "
              f"distinct counts {prof['distinct_method']}")
        for c in prof["columns"]:
            top = ", ".join(str(v["value"])[:20] for v in c.get("top_values", [])[:3])
            print(f"  {c['name']:<28} {c['type']:<12} nulls {c['null_fraction']:.1%}  distinct {c['distinct_count']:,}"
                  f"  top: {top}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from pandian.demo import generate_demo
    from pandian.workspace import Workspace

    ws = Workspace.resolve(args.workspace, args.warehouse)
    out_dir = Path(args.out) if args.out else ws.root / "demo-data"
    files = generate_demo(out_dir, scale=args.scale, seed=args.seed, progress=sys.stderr.isatty())
    if args.no_scan:
        payload: dict[str, Any] = {"files": [str(f) for f in files]}
        _print_json(payload) if args.json else print("\n".join(str(f) for f in files))
        return 0
    args.sources = [str(out_dir)]
    return cmd_scan(args)


def cmd_serve(args: argparse.Namespace) -> int:
    import app

    app.serve(host=args.host, port=args.port, workspace=args.workspace, warehouse=args.warehouse)
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from finetune.commands import train_cmd

    meta = train_cmd(args)
    if args.json:
        _print_json(meta)
    else:
        dev = meta["dev"]
        prev = meta.get("previous")
        print(f"{args.task}: run {meta['run_id']} dev accuracy {dev['accuracy']:.3f} macro-F1 {dev['macro_f1']:.3f}"
              + (f" (current model {prev['dev_macro_f1']:.3f} on the same dev set)" if prev else ""))
        print(f"{'promoted' if meta['promoted'] else 'NOT promoted'}: {meta['decision']}; "
              f"{meta['train_samples_per_s']} samples/s on {meta['device']}, encoder weight {meta['blend_encoder_weight']}")
        if "stats_weight" in meta:  # column-type: what serves beside the text model
            how = "cross-validated over training tables" if meta.get("cross_validated") else "defaults (few tables)"
            print(f"column statistics weight {meta['stats_weight']}, table context alpha "
                  f"{meta.get('table_context_alpha')} ({how})")
            if meta.get("cv_pii_columns"):
                print(f"personal data (L3/L4) in cross-validation: recall {meta['cv_pii_recall']:.3f}, precision "
                      f"{meta['cv_pii_precision']:.3f} over {meta['cv_pii_columns']} columns")
        if meta.get("companions_error"):
            print(f"warning: column statistics / table context not learned: {meta['companions_error']}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from finetune.commands import eval_cmd

    out = eval_cmd(args)
    if args.json:
        _print_json(out)
    else:
        print(f"{args.task}: accuracy {out['accuracy']:.3f} macro-F1 {out['macro_f1']:.3f} on {out['n']} rows")
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    from finetune.commands import classify_cmd

    out = classify_cmd(args)
    if args.json:
        _print_json(out)
    else:
        for r in out:
            print(f"{r['label']}\t{r['confidence']:.3f}\t{r['text'][:80]}")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from tools.classify.service import correct_column

    with _ctx(args) as ctx:
        ctx.warehouse
        out = correct_column(ctx.workspace, ctx.catalog, args.target, args.semantic_type, args.sensitivity,
                             user=args.user, comment=args.comment)
    if args.json:
        _print_json(out)
    else:
        print(f"{args.target}: {out['previous']['semantic_type']} -> {out['semantic_type']} ({out['sensitivity']}), "
              "stored as a labelled example for `pandian train column-type`")
    return 0


def cmd_classify_columns(args: argparse.Namespace) -> int:
    from pandian.catalog import asset_json
    from tools.classify.service import classify_all

    with _ctx(args) as ctx:
        ctx.warehouse
        names = [ctx.catalog.require(t).name for t in args.tables] if args.tables else None
        classify_all(ctx.workspace, ctx.catalog, names)
        assets = [ctx.catalog.require(n) for n in (names or ctx.catalog.names())]
        out = {"tables": [asset_json(a) for a in assets], "errors": ctx.report.errors_json()}
    if args.json:
        _print_json(out)
    else:
        for t in out["tables"]:
            for c in t["columns"]:
                print(f"{t['name']}.{c['name']:<30} {c['semantic_type'] or '-':<18} {c['sensitivity'] or '-':<3} "
                      f"{(c['confidence'] or 0):.2f}  {c['evidence'] or ''}")
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from tools.sql.run import RunSqlArgs, run_sql

    with _ctx(args) as ctx:
        out = run_sql(ctx, RunSqlArgs(sql=args.sql, role=args.role, limit=args.limit, timeout_s=args.timeout))
    if args.json:
        _print_json(out)
    else:
        print("\t".join(out["columns"]))
        for r in out["rows"]:
            print("\t".join("" if v is None else str(v) for v in r))
        note = f"{out['row_count']} row(s)" + (" (truncated)" if out["truncated"] else "")
        if out["masked_columns"]:
            note += f"; masked for {out['role']}: " + ", ".join(f"{c} ({lv})" for c, lv in out["masked_columns"].items())
        print(note, file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from tools.export.export import ExportArgs, export_table

    with _ctx(args) as ctx:
        out = export_table(ctx, ExportArgs(table=args.table, out=args.out, role=args.role))
    if args.json:
        _print_json(out)
    else:
        masked = ", ".join(f"{c} ({lv})" for c, lv in out["masked_columns"].items()) or "none"
        print(f"{out['rows']:,} rows of {out['table']} -> {out['out']} (masked for {out['role']}: {masked})")
    return 0


def cmd_types(args: argparse.Namespace) -> int:
    from tools.classify.taxonomy import TYPES

    rows = [{"type": t.name, "zh": t.zh, "sensitivity": t.level, "meaning": t.meaning} for t in TYPES.values()]
    if args.json:
        _print_json(rows)
    else:
        for r in rows:
            print(f"{r['type']:<18} {r['zh']:<8} {r['sensitivity']}  {r['meaning']}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "feedback": cmd_feedback, "classify-columns": cmd_classify_columns, "types": cmd_types, "sql": cmd_sql,
    "export": cmd_export,
    "scan": cmd_scan, "catalog": cmd_catalog, "profile": cmd_profile, "demo": cmd_demo, "serve": cmd_serve,
    "train": cmd_train, "eval": cmd_eval, "classify": cmd_classify,
}


_print_json = print_json


def _print_scan(out: dict[str, Any]) -> None:
    for t in out["tables"]:
        rej = f", {t['rejected_rows']:,} rejected -> {t['name']}__rejects" if t["rejected_rows"] else ""
        print(f"[{t['status']}] {t['name']}: {t['rows']:,} rows{rej}  ({t['source']})")
    for e in out["errors"]:
        where = e["source"] or ""
        if e.get("line"):
            where += f":{e['line']}"
        hint = f" ({e['hint']})" if e.get("hint") else ""
        print(f"{e['level']}: {where}: {e['message']}{hint}", file=sys.stderr)
    s = out["summary"]
    print(f"{s['tables']} table(s), {s['rows']:,} rows, {s['rejected_rows']:,} rejected, "
          f"{s['failed_sources']} source(s) failed")


UNAUDITED = {"audit", "types", "serve", "ask"}  # ask audits each tool call itself


def _audit(args: argparse.Namespace, outcome: str, message: str | None) -> None:
    """Every command that touches the warehouse leaves a record (user, role, masked arguments, outcome)."""
    if args.command in UNAUDITED or not hasattr(args, "workspace"):
        return
    try:
        from pandian import audit
        from pandian.catalog import Catalog
        from pandian.workspace import Workspace

        ws = Workspace.resolve(args.workspace, args.warehouse)
        cat = Catalog(ws.catalog_url)
        try:
            params = {k: v for k, v in vars(args).items() if k not in ("workspace", "warehouse", "command", "json", "password")}
            role = "owner" if args.command == "user" else getattr(args, "role", None) or "owner"  # --role there is the new user's
            audit.record(cat, os.environ.get("USER", "cli"), role, "cli",
                         args.command, params, outcome, None, message)
        finally:
            cat.close()
    except Exception:  # noqa: BLE001 - auditing never breaks a command
        pass


def cmd_audit(args: argparse.Namespace) -> int:
    from datetime import datetime

    from pandian import audit
    from pandian.catalog import Catalog
    from pandian.workspace import Workspace

    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError as exc:
            raise PandianError(f"--since {args.since!r} is not a date/time", hint="e.g. 2026-11-28 or 2026-11-28T09:00") from exc
    cat = Catalog(Workspace.resolve(args.workspace, args.warehouse).catalog_url)
    try:
        rows = audit.query(cat, user=args.user, since=since, tool=args.tool, limit=args.limit)
    finally:
        cat.close()
    if args.json:
        _print_json(rows)
    else:
        for r in rows:
            print(f"{r['time']} {r['user']:<12} {r['role']:<8} {r['channel']:<5} {r['tool']:<20} {r['outcome']:<8} "
                  f"{r['rows'] if r['rows'] is not None else '-':>8}  {r['arguments'][:100]}")
    return 0


COMMANDS["audit"] = cmd_audit


def _log_crash(args: argparse.Namespace) -> str:
    import traceback

    try:
        from pandian.workspace import Workspace

        ws = Workspace.resolve(getattr(args, "workspace", None), getattr(args, "warehouse", None))
        path = ws.logs / "errors.log"
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"--- pandian {' '.join(sys.argv[1:])}\n{traceback.format_exc()}\n")
        return str(path)
    except Exception:  # noqa: BLE001
        return "stderr (PANDIAN_DEBUG=1 shows the traceback)"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    commands = dict(COMMANDS)
    for module in _command_modules():
        commands.update(module.COMMANDS)
    try:
        rc = commands[args.command](args)
        _audit(args, "ok" if rc == 0 else "error", None)
        return rc
    except (PandianError, ValidationError) as exc:
        if isinstance(exc, ValidationError):  # an argument out of range: say which, like any other bad input
            exc = PandianError("; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'argument'}: {e['msg']}"
                                         for e in exc.errors()), hint="see --help for the allowed values")
        _audit(args, "error", exc.render())
        if getattr(args, "json", False):
            _print_json({"tables": [], "errors": [{**exc.as_dict(), "level": "error"}]})
        print(f"error: {exc.render()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug still reaches the user as one line, details in the log
        where = _log_crash(args)
        _audit(args, "error", f"{type(exc).__name__}: {exc}")
        print(f"error: pandian {args.command} failed unexpectedly: {type(exc).__name__}: "
              f"{str(exc).splitlines()[0][:300] if str(exc) else ''} (this is a bug; details in {where})",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
