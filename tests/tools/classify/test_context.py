"""Table context: a column's neighbours re-weight the learned guess, never a verified format."""
from __future__ import annotations

from tools.classify.context import TableContext, classify_with_context

# product tables: title, price, currency; recipe tables: name, description, duration
TABLES = [["product_title", "price", "currency"]] * 30 + [["free_text", "description", "duration"]] * 30 + \
         [["person_name", "numeric_measure", "date"]] * 30


def test_fit_save_load_round_trip(tmp_path):
    ctx = TableContext.fit(TABLES, alpha=0.5)
    ctx.save(tmp_path)
    again = TableContext.load(tmp_path)
    assert again is not None and again.alpha == 0.5
    f = again.factors(["product_title", "currency"])
    assert f["price"] > 1.5 > f["numeric_measure"]
    assert TableContext.load(tmp_path / "missing") is None


def test_plain_numbers_beside_a_title_and_a_currency_are_a_price():
    ctx = TableContext.fit(TABLES, alpha=0.5)
    headers = ["", "", ""]
    values = [["Nike Air Zoom Pegasus 39", "Apple iPhone 15 Case", "Bose QC45 Headphones"],
              ["22", "165", "39", "55"], ["USD", "USD", "USD"]]
    numbers = {"numeric_measure": 0.45, "price": 0.40, "quantity": 0.15}
    probs = [{"product_title": 0.9, "description": 0.1}, numbers, {"currency": 1.0}]
    alone = classify_with_context(headers, values, probs, None)
    assert alone[1].semantic_type == "numeric_measure"
    with_ctx = classify_with_context(headers, values, probs, ctx)
    assert with_ctx[1].semantic_type == "price" and "table context" in with_ctx[1].evidence
    assert with_ctx[2].semantic_type == "currency" and with_ctx[2].source == "rule"  # verified: untouched


def test_alpha_is_chosen_by_cross_validation_over_tables():
    # prices and ages are the same small integers: only the neighbours (a title and a currency, or a name and a
    # gender) tell them apart, so cross-validation must pick a context strength above zero
    rows = []
    for t in range(24):
        nums = [str(10 + (t * 7 + k * 3) % 50) for k in range(4)]
        rows += [{"table_id": f"p{t}", "header": "", "values": [f"Widget {t * 4 + k} Pro" for k in range(4)],
                  "label": "product_title"},
                 {"table_id": f"p{t}", "header": "", "values": nums, "label": "price"},
                 {"table_id": f"p{t}", "header": "", "values": ["USD"] * 4, "label": "currency"},
                 {"table_id": f"u{t}", "header": "", "values": ["Hannah Smith", "James Brown", "Linda Clark",
                                                                "Robert Lee"], "label": "person_name"},
                 {"table_id": f"u{t}", "header": "", "values": nums, "label": "age"},
                 {"table_id": f"u{t}", "header": "", "values": ["男", "女", "女", "男"], "label": "gender"}]
    ctx = TableContext.fit_cv(rows, folds=4)
    assert ctx is not None and ctx.alpha > 0
    beside_title = ctx.factors(["product_title", "currency"])
    assert beside_title["price"] > 1 > beside_title["age"]
