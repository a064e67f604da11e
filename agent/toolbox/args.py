"""Argument models of the agent's tools (the JSON schema an LLM sees; the offline planner fills the same)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class IngestSourceInput(BaseModel):
    sources: list[str] = Field(..., min_length=1, description="files, folders, or database URLs to ingest")


class ListAssetsInput(BaseModel):
    domain: str | None = Field(None, description="only tables of this business domain")


class ProfileTableInput(BaseModel):
    table: str = Field(..., description="catalogued table name")


class CleanTableInput(BaseModel):
    table: str = Field(..., description="table to clean into <table>__clean (the source is never changed)")


class IntegrateTablesInput(BaseModel):
    tables: list[str] = Field(default_factory=list, description="tables to relate; empty = all tables")
    create_view: bool = Field(False, description="also create a unified joined table")


class ClassifyColumnsInput(BaseModel):
    table: str | None = Field(None, description="table whose columns to (re)classify; empty = all tables")


class ClassifyTextInput(BaseModel):
    texts: list[str] = Field(default_factory=list, description="texts (e.g. product titles) to classify")
    table: str | None = Field(None, description="or: a table whose text column to classify")
    column: str | None = Field(None, description="the text column of that table")
    task: str = Field("product-category", description="classifier task name")


class GenerateDictionaryInput(BaseModel):
    table: str
    lang: Literal["zh", "en"] = "en"
    format: Literal["json", "md", "xlsx", "html"] = "md"


class SearchCatalogInput(BaseModel):
    query: str = Field(..., description="natural-language question about where data lives or what it means")
    k: int = Field(5, ge=1, le=50)


class RunSqlInput(BaseModel):
    sql: str = Field(..., description="one read-only SELECT or WITH query (DuckDB SQL)")
    limit: int = Field(200, ge=1, le=10_000)


class MakeChartInput(BaseModel):
    table: str | None = None
    x: str | None = None
    y: str | None = None
    kind: Literal["auto", "line", "bar", "pie", "histogram", "heatmap", "scatter"] = "auto"
    sql: str | None = Field(None, description="chart the result of this read-only query instead of a table")
    analysis: Literal["funnel", "rfm", "copurchase", "repurchase", "trend", "topn"] | None = Field(
        None, description="chart this analysis of the table")
    title: str | None = None
    lang: Literal["zh", "en"] = "en"


class AnalyzeTableInput(BaseModel):
    table: str
    kind: Literal["funnel", "rfm", "copurchase", "repurchase", "trend", "topn"]
    top_n: int = Field(10, ge=1, le=1000)
    grain: Literal["hour", "day", "week", "month"] | None = None
    user_col: str | None = None
    item_col: str | None = None
    time_col: str | None = None
    value_col: str | None = None


class RecordFeedbackInput(BaseModel):
    kind: Literal["answer", "column", "dictionary"] = "answer"
    rating: int | None = Field(None, ge=1, le=5)
    target: str | None = Field(None, description="TABLE.COLUMN for a column correction, TABLE for a dictionary")
    semantic_type: str | None = None
    sensitivity: Literal["L1", "L2", "L3", "L4"] | None = None
    comment: str | None = None


class TrainClassifierInput(BaseModel):
    task: str = Field("column-type", description="column-type, or a text task with a labelled CSV")
    data: str | None = Field(None, description="labelled CSV (text,label) for text tasks")
    epochs: float | None = None
    max_minutes: float | None = Field(None, gt=0, allow_inf_nan=False,
                                       description="about how long training may take (epochs cut to fit)")


class InventoryReportInput(BaseModel):
    lang: Literal["zh", "en"] = "en"
