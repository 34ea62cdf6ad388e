-- What: every outlet name or alias in ref_outlets, folded (case and diacritics ignored), names
--       exactly one outlet.
-- When it matters: press items are matched to outlets on the folded name; a spelling shared by
--       two outlets would count an item twice, once for each.
-- How to resolve: edit dbt_project/seeds/ref_outlets.csv so that the spelling listed stays with
--       one outlet only.
with spellings as (
    select distinct o.outlet_code, {{ fold_text('n.spelling') }} as folded_name
    from {{ ref('ref_outlets') }} as o,
        unnest({{ split_text('o.aliases', '|', plus='o.outlet_name') }}) as n (spelling)
)

select folded_name, {{ dbt.listagg('outlet_code', "', '") }} as outlets
from spellings
group by folded_name
having count(*) > 1
