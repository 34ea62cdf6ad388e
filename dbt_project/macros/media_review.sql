{#- When the classifier is unsure of a media item (mart_media_review). Set with
    `dbt build --vars '{media_review_close_share: 0.8}'`.
    - media_review_close_share (0.75): the runner-up task scores at least this share of the
      primary task's score: the two are close;
    - media_review_weak_sentiment (1.0): the classifier's sentiment score is below this in
      absolute value, yet not 0 with nothing found (a plain neutral item is not doubtful):
      one weak term, or polar terms that cancel out (lexicon alone);
    - media_review_weak_confidence (0.5): the sentiment model chose with a probability below this. -#}
{% macro media_review_close_share() -%}{{ var('media_review_close_share', 0.75) }}{%- endmacro %}
{% macro media_review_weak_sentiment() -%}{{ var('media_review_weak_sentiment', 1.0) }}{%- endmacro %}
{% macro media_review_weak_confidence() -%}{{ var('media_review_weak_confidence', 0.5) }}{%- endmacro %}
