{#- Diacritic- and case-insensitive form of Vietnamese text for matching, as orchestration.domain.text.fold_key:
    lowercase, no marks, đ -> d, every run of non-alphanumerics one space, padded with spaces so that
    phrases match on word boundaries with `contains(folded, ' ' || phrase || ' ')`.
    DuckDB strips the marks with strip_accents. Other databases (PostgreSQL) have no such function
    without an extension, so the default variant translates each accented Latin letter to the
    letter DuckDB's strip_accents gives: the table below was generated from DuckDB, and
    tests/unit/test_fold_text_postgres.py checks it against DuckDB letter by letter. -#}
{% macro fold_text(expr) -%}
    {{- return(adapter.dispatch('fold_text')(expr)) -}}
{%- endmacro %}

{% macro duckdb__fold_text(expr) -%}
    (' ' || trim(regexp_replace(strip_accents(lower(replace(replace(coalesce({{ expr }}, ''), 'đ', 'd'), 'Đ', 'D'))), '[^a-z0-9]+', ' ', 'g')) || ' ')
{%- endmacro %}

{% macro default__fold_text(expr) -%}
    (' ' || trim(regexp_replace(lower(translate(coalesce({{ expr }}, ''), '{{ fold_text_accented() }}', '{{ fold_text_plain() }}')), '[^a-z0-9]+', ' ', 'g')) || ' ')
{%- endmacro %}

{#- Latin letters with marks (Latin-1, Latin Extended-A and -B, Latin Extended Additional, which
    holds Vietnamese) and, at the same position in fold_text_plain, what DuckDB folds them to. -#}
{% macro fold_text_accented() -%}
    {{- return(
        'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆ' ~
        'ćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐő' ~
        'ŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛ' ~
        'ǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯ' ~
        'ȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷ' ~
        'ḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳ' ~
        'ṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵ' ~
        'ẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰự' ~
        'ỲỳỴỵỶỷỸỹđĐ'
    ) -}}
{%- endmacro %}

{% macro fold_text_plain() -%}
    {{- return(
        'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaac' ~
        'cccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooo' ~
        'rrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzoouuaaiioouuuuuuuuu' ~
        'uaaaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeoooooo' ~
        'ooyyaabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkll' ~
        'llllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuu' ~
        'uuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwyaaaaaaaaaaaaaaaaaaaaaa' ~
        'aaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuu' ~
        'yyyyyyyydd'
    ) -}}
{%- endmacro %}
