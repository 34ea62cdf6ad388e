"""Labels for whole tables at ingestion: press items, fanpage posts and portal page titles.

Each distinct (title, lede, service label) is classified once, so a story repeated across
outlets and exports, or a page title repeated every day, costs one classification.
"""

from __future__ import annotations

import polars as pl

from orchestration.classify.classifier import Classifier, default_classifier

LABEL_SCHEMA: dict[str, pl.DataType] = {
    "task_code": pl.String,
    "task_method": pl.String,
    "task_evidence": pl.String,
    "sentiment": pl.String,
    "sentiment_method": pl.String,
    "sentiment_evidence": pl.String,
    # The classifier's confidence, for the secondary-task counts and the review queue.
    "task_score": pl.Float64,
    "secondary_task_code": pl.String,
    "secondary_task_evidence": pl.String,
    "runner_up_task_code": pl.String,
    "runner_up_task_score": pl.Float64,
    "runner_up_task_evidence": pl.String,
    "sentiment_score": pl.Float64,
    "sentiment_confidence": pl.Float64,
}
TASK_SCHEMA = {k: LABEL_SCHEMA[k] for k in ("task_code", "task_method", "task_evidence")}


def with_labels(
    frame: pl.DataFrame,
    *,
    title: str,
    lede: str | None,
    service_sentiment: str | None = None,
    classifier: Classifier | None = None,
) -> pl.DataFrame:
    """`frame` with the LABEL_SCHEMA columns added (service_sentiment: positive/neutral/negative or null)."""
    classifier = classifier or default_classifier()
    keys = [title] + ([lede] if lede else []) + ([service_sentiment] if service_sentiment else [])
    distinct = frame.select(keys).unique(maintain_order=True)
    labels = []
    for row in distinct.iter_rows():
        values = dict(zip(keys, row))
        label = classifier.label(
            values[title],
            values.get(lede) if lede else None,
            values.get(service_sentiment) if service_sentiment else None,
        )
        labels.append(tuple(getattr(label, name) for name in LABEL_SCHEMA))
    table = pl.DataFrame(labels, schema=LABEL_SCHEMA, orient="row")
    joined = pl.concat([distinct, table], how="horizontal")
    return frame.join(joined, on=keys, how="left", nulls_equal=True, maintain_order="left")


def with_task(frame: pl.DataFrame, *, title: str, classifier: Classifier | None = None) -> pl.DataFrame:
    """`frame` with task_code, task_method, task_evidence from one text column (portal page titles)."""
    labelled = with_labels(frame.select(title).unique(), title=title, lede=None, classifier=classifier)
    return frame.join(
        labelled.select(title, *TASK_SCHEMA), on=title, how="left", nulls_equal=True, maintain_order="left"
    )
