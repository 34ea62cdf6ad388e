-- What: in marts.mart_consensus, a suppressed row shows no figure, and a shown row has at
--       least min_cell_size responses.
-- When it matters: a figure left on a suppressed row, or a small cell left visible, lets a
--       reader single out a small group of respondents (Decree 13/2023 on personal data).
-- How to resolve: a figure column was added to the mart without the `case when not c.hidden`
--       guard, or min_cell_size was overridden for one model only; the rows show the cells.
{%- set min_cell = min_cell_size() | trim %}
select *
from {{ ref('mart_consensus') }}
where (
        suppressed
        and (
            responses is not null or answers is not null or mean_score is not null
            or share_agreeing is not null or share_agreeing_ci_low is not null
            or share_agreeing_ci_high is not null
        )
    )
    or (not suppressed and (responses is null or responses < {{ min_cell }}))
