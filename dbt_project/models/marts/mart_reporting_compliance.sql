-- Reporting compliance per unit, period and kind of report (rules in int_reporting_compliance).
select * from {{ ref('int_reporting_compliance') }}
