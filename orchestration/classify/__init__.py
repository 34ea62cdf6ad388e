"""The media classifier: primary task (2.1-2.15 or none) and sentiment of a headline and lede.

Offline and transparent: Vietnamese normalisation and word segmentation (pyvi, which ships its
model), the Office's per-task phrase list (seed ref_task_keywords.csv) and a sentiment lexicon
with negation (seed ref_sentiment_lexicon.csv), and two linear models shipped as CSVs of weights:
sentiment, and the task of stories no specific phrase places. Each label carries the method
that decided it.
See docs/classifier.md.
"""

from orchestration.classify.classifier import Classifier, Label, default_classifier

__all__ = ["Classifier", "Label", "default_classifier"]
