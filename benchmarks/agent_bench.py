"""Offline planner routing: first tool and its table argument on the project's bilingual request set.

Runs every request through the real agent graph (`agent.chat.ask`, the function behind `pandian ask`) with
tools in dry-run mode, so the latency is the planner's own (tool work excluded). The learned intent model
is cross-validated (5 folds: a request is never routed by a model that saw it); cue words alone are
reported next to it as the baseline.

    .venv/bin/python benchmarks/agent_bench.py [--requests agent/data/requests.csv]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def real_workspace(tmp: Path, dirs: tuple[str, ...] = ("instacart_small", "taobao_user_behavior", "ads"),
                   name: str = "ws_real") -> Path:
    """Tables of ../shared/data that the project did not write its request set against."""
    from pandian.context import open_context
    from tools.ingest.scan import ScanArgs, scan

    data = ROOT.parent / "shared" / "data"
    ws = tmp / name
    with open_context(str(ws)) as ctx:
        scan(ctx, ScanArgs(sources=[str(data / d) for d in dirs]), progress=False)
    return ws


def demo_workspace(tmp: Path) -> Path:
    from pandian.context import open_context
    from pandian.demo import generate_demo
    from tools.ingest.scan import ScanArgs, scan

    files = generate_demo(tmp / "demo", scale=2000, seed=7, progress=False)
    ws = tmp / "ws"
    with open_context(str(ws)) as ctx:
        scan(ctx, ScanArgs(sources=[str(f) for f in files]), progress=False)
    return ws


def route_all(ws: Path, rows: list[dict], model_for) -> list[dict]:
    import agent.chat as chat
    from pandian.context import open_context

    out = []
    with open_context(str(ws)) as ctx:
        for i, r in enumerate(rows):
            chat.intent_model = lambda _ctx, r=r: model_for(r)
            session = f"bench-{r['session']}" if r["session"] else f"bench-single-{r['id']}-{time.time_ns()}"
            t0 = time.perf_counter()
            res = chat.ask(ctx, r["request"], session_id=session, role="owner", dry_run=True, use_llm=False)
            dt = time.perf_counter() - t0
            calls = res["tool_calls"]
            first = calls[0]["name"] if calls else "refuse" if r["tool"] == "refuse" else "none"
            from agent.toolbox import table_argument

            table = table_argument(calls[0]["name"], calls[0]["args"]) if calls else None
            ok_tool = first == r["tool"] if r["tool"] != "refuse" else not calls
            ok_table = (not r["table"]) or table == r["table"]
            out.append({**r, "got_tool": first, "got_table": table, "ok": ok_tool and ok_table, "seconds": dt})
    return out


def summarise(res: list[dict]) -> dict:
    secs = sorted(x["seconds"] for x in res)
    p95 = secs[int(0.95 * (len(secs) - 1))]
    acc = sum(x["ok"] for x in res) / len(res)
    by_lang = {lang: round(sum(x["ok"] for x in res if x["lang"] == lang) / max(1, sum(1 for x in res if x["lang"] == lang)), 4)
               for lang in ("en", "zh")}
    return {"accuracy": round(acc, 4), "by_lang": by_lang, "n": len(res), "p95_turn_s": round(p95, 4),
            "median_turn_s": round(statistics.median(secs), 4),
            "errors": [{k: x[k] for k in ("id", "request", "tool", "table", "got_tool", "got_table")}
                       for x in res if not x["ok"]]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", default=str(ROOT / "agent" / "data" / "requests.csv"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "agent_bench.json"))
    a = ap.parse_args()
    from agent.planner.learned import fit, request_set

    rows = request_set(Path(a.requests))
    folds = 5
    train_rows = [(r["request"], r["tool"]) for r in rows if r["tool"] not in ("refuse", "none")]
    models = {}
    for k in range(folds):
        keep = [(r["request"], r["tool"]) for i, r in enumerate(rows)
                if i % folds != k and r["tool"] not in ("refuse", "none")]
        models[k] = fit(keep)
    index = {id(r): i for i, r in enumerate(rows)}
    with tempfile.TemporaryDirectory() as tmp:
        ws = demo_workspace(Path(tmp))
        cues = summarise(route_all(ws, rows, lambda r: None))
        learned = summarise(route_all(ws, rows, lambda r: models[index[id(r)] % folds]))
        held = request_set(ROOT / "agent" / "data" / "requests_heldout.csv")
        full_model = fit(train_rows)
        heldout = summarise(route_all(real_workspace(Path(tmp)), held, lambda r: full_model))
        held2 = request_set(ROOT / "agent" / "data" / "requests_heldout2.csv")
        heldout2 = summarise(route_all(real_workspace(Path(tmp), ("reviews_zh", "instacart_products"), "ws_real2"),
                                       held2, lambda r: full_model))
        held3 = request_set(ROOT / "agent" / "data" / "requests_heldout3.csv")
        heldout3 = summarise(route_all(real_workspace(Path(tmp), name="ws_real3"), held3, lambda r: full_model))
    result = {"requests": len(rows), "zh": sum(r["lang"] == "zh" for r in rows), "train_examples": len(train_rows),
              "cues_only": cues, "cues_plus_learned_cv": learned,
              "heldout_real_tables": {"requests": len(held), "zh": sum(r["lang"] == "zh" for r in held), **heldout},
              "heldout2_real_tables": {"requests": len(held2), "zh": sum(r["lang"] == "zh" for r in held2), **heldout2},
              "heldout3_real_tables": {"requests": len(held3), "zh": sum(r["lang"] == "zh" for r in held3), **heldout3},
              "target_accuracy": 0.95, "target_p95_s": 1.0}
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps({k: v for k, v in result.items()}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
