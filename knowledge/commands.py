"""CLI: `pandian dictionary ...`, `pandian search "..."`, `pandian reindex`."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from pandian.clikit import context_of, print_json
from pandian.errors import PandianError

ROLES = ["viewer", "analyst", "owner"]
ACTIONS = ("edit", "accept", "rate", "history")

DICTIONARY_HELP = """\
forms:
  pandian dictionary TABLE [--lang zh|en] [--format json|md|xlsx|html] [--out FILE] [--role ROLE]
  pandian dictionary edit TABLE[.COLUMN] --text "..." [--lang zh|en] [--user NAME]
  pandian dictionary accept TABLE[.COLUMN] [--lang zh|en] [--user NAME]
  pandian dictionary rate TABLE --rating 1-5 [--comment "..."] [--user NAME]
  pandian dictionary history TABLE[.COLUMN]
Without --out the dictionary is printed (Markdown, or JSON with --json / --format json).
A human edit is kept with its author and time and always wins over a later regeneration."""


def add_parsers(sub: argparse._SubParsersAction, common: Callable[..., None]) -> None:
    p = sub.add_parser("dictionary", help="a table's data dictionary; edit / accept / rate its descriptions",
                       description="Generate or review a table's data dictionary.", epilog=DICTIONARY_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("words", nargs="+", metavar="TABLE | edit|accept|rate|history TARGET",
                   help="a table name, or an action followed by TABLE or TABLE.COLUMN")
    p.add_argument("--lang", choices=["zh", "en"], help="language of the text (default en; edits: detected)")
    p.add_argument("--format", choices=["json", "md", "xlsx", "html"], help="output format (default: from --out)")
    p.add_argument("--out", help="write the dictionary to this file")
    p.add_argument("--role", choices=ROLES, default="viewer")
    p.add_argument("--refresh", action="store_true", help="redraft with the configured LLM")
    p.add_argument("--text", help="edit: the new description")
    p.add_argument("--user", default=os.environ.get("USER", "owner"), help="author of an edit, accept or rating")
    p.add_argument("--rating", type=int, help="rate: 1 (useless) to 5 (excellent)")
    p.add_argument("--comment", help="rate: why")
    common(p)

    p = sub.add_parser("search", help="find tables and columns by a question in Chinese or English")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=5, help="number of results")
    p.add_argument("--role", choices=ROLES, default="viewer")
    common(p)

    p = sub.add_parser("reindex", help="rebuild the search index from the catalog")
    common(p)


def _model(cls, **fields):
    """Build a tool's argument model; a validation error is a user error (one line), not a traceback."""
    from pydantic import ValidationError

    try:
        return cls(**fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err.get("loc", ())) or "argument"
        raise PandianError(f"invalid {where}: {err.get('msg')}") from exc


def _warn(ctx) -> None:
    for w in ctx.report.warnings:
        print(f"warning: {w.source + ': ' if w.source else ''}{w.message}", file=sys.stderr)


def cmd_dictionary(args: argparse.Namespace) -> int:
    words = list(args.words)
    if words[0] in ACTIONS:
        if len(words) != 2:
            raise PandianError(f"`pandian dictionary {words[0]}` takes exactly one TABLE or TABLE.COLUMN",
                               hint="see `pandian dictionary --help`")
        return _review(args, words[0], words[1])
    if len(words) != 1:
        raise PandianError(f"unexpected words after the table name: {' '.join(words[1:])}",
                           hint=f"actions are {', '.join(ACTIONS)}; see `pandian dictionary --help`")
    from knowledge.dictionary import DictionaryArgs, generate_dictionary
    from knowledge.render import render_text

    fields = {"table": words[0], "lang": args.lang or "en", "out": args.out, "role": args.role,
              "refresh": args.refresh}
    if args.format:
        fields["format"] = args.format
    with context_of(args) as ctx:
        d = generate_dictionary(ctx, _model(DictionaryArgs, **fields))
    for w in d["warnings"]:
        print(f"warning: {w}", file=sys.stderr)
    if args.out:
        if args.json:
            print_json({"table": d["table"], "out": d["out"], "format": d["format"], "warnings": d["warnings"]})
        else:
            print(f"{d['table']}: data dictionary ({d['format']}, {d['lang']}) -> {d['out']}")
        return 0
    fmt = args.format or ("json" if args.json else "md")
    if fmt == "json":
        print_json(d)
    else:
        sys.stdout.write(render_text(d, fmt))
    return 0


def _review(args: argparse.Namespace, action: str, target: str) -> int:
    from knowledge.edits import accept_description, description_history, edit_description, rate_dictionary

    with context_of(args) as ctx:
        if action == "edit":
            if not args.text:
                raise PandianError("`dictionary edit` needs the new text", hint='add --text "..."')
            out = edit_description(ctx, target, args.text, args.lang, args.user)
            line = f"{target} ({out['lang']}): stored edit v{out['version_id']} by {out['author']}, " \
                   f"{len(out['history'])} version(s) in history"
        elif action == "accept":
            out = accept_description(ctx, target, args.lang, args.user)
            done = ", ".join(a["lang"] for a in out["accepted"]) or "nothing new"
            line = f"{target}: accepted {done}" + (
                f" (already reviewed: {', '.join(a['lang'] for a in out['already_reviewed'])})"
                if out["already_reviewed"] else "")
        elif action == "rate":
            if args.rating is None:
                raise PandianError("`dictionary rate` needs a rating", hint="add --rating 1..5")
            out = rate_dictionary(ctx, target, args.rating, args.comment, args.user)
            line = f"{out['table']}: rated {out['rating']}/5 (average {out['average']} over {out['ratings']})"
        else:
            out = {"target": target, "history": description_history(ctx, target)}
            line = "\n".join(f"v{h['id']} {h['created_at']} {h['lang']} {h['status']:<8} {h['author']}: {h['text']}"
                             for h in out["history"]) or f"{target}: no descriptions yet"
        _warn(ctx)
        for w in out.get("warnings", []) if isinstance(out, dict) else []:
            print(f"warning: {w}", file=sys.stderr)
    if args.json:
        print_json(out)
    else:
        print(line)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from knowledge.search import SearchArgs, search_catalog

    with context_of(args) as ctx:
        hits = search_catalog(ctx, _model(SearchArgs, query=args.query, k=args.k, role=args.role))
        _warn(ctx)
    if args.json:
        print_json(hits)
    else:
        if not hits:
            print("no match")
        for h in hits:
            where = f"{h['table']}.{h['column']}" if h["column"] else f"{h['table']} (table)"
            print(f"{h['score']:.4f}  {where:<40} {h['snippet'][:120]}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from knowledge.index import reindex

    with context_of(args) as ctx:
        out = reindex(ctx)
        _warn(ctx)
    if args.json:
        print_json(out)
    else:
        print(f"indexed {out['documents']:,} document(s) for {out['tables']} table(s) in {out['seconds']:.1f} s "
              f"-> {out['path']}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "dictionary": cmd_dictionary, "search": cmd_search, "reindex": cmd_reindex,
}
