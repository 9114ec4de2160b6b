/**
 * The shared value decoders of sources.md §1.5, as DuckDB SQL macros so that they run vectorised inside the
 * import query. Every macro returns NULL when its input does not decode; the import SQL turns "non-empty input,
 * NULL output" into a reject naming the field. The pure TypeScript twins used to test them live in
 * test/sources/reference.ts.
 */

/**
 * Sum of the Luhn terms of an n-digit string, read as an integer `v` (arithmetic is much faster than substrings
 * on big files): from the right, every second digit is doubled.
 */
function luhn(n: number): string {
  return Array.from({ length: n }, (_, k) => {
    const digit = `((v // ${10n ** BigInt(k)}) % 10)`;
    return k % 2 === 1 ? `sf_dbl(${digit})` : digit;
  }).join(' + ');
}

const MONTHS = "['jan','feb','mar','apr','may','jun','jul','aug','sep','oct','nov','dec']";

export const DECODER_MACROS = `
CREATE OR REPLACE MACRO sf_blank(s) AS s IS NULL OR s = '';
-- Numbers: decimal with a dot and an optional exponent; Go's extras (Inf, NaN, hexadecimal) are refused.
CREATE OR REPLACE MACRO sf_int(s) AS
  CASE WHEN regexp_full_match(s, '[+-]?[0-9]{1,18}') THEN CAST(s AS BIGINT) END;
-- A macro argument is expanded at each use: nullif(nullif(x)) computes x four times. So the usual case, no exponent
-- and under 300 characters (finite: nothing to refuse), is cast once; only the rest takes the checked path.
CREATE OR REPLACE MACRO sf_float(s) AS
  CASE WHEN length(s) < 300 AND regexp_full_match(s, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)') THEN TRY_CAST(s AS DOUBLE)
       WHEN regexp_full_match(s, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?')
       THEN nullif(nullif(TRY_CAST(s AS DOUBLE), 'Infinity'::DOUBLE), '-Infinity'::DOUBLE) END;
-- Same fast path on the raw value (one '.' or ',' allowed, as after the replacement); replace() copies every
-- string, so it runs only on values holding a comma.
CREATE OR REPLACE MACRO sf_comma_float(s) AS
  CASE WHEN length(s) < 300 AND regexp_full_match(s, '[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)')
       THEN TRY_CAST(CASE WHEN contains(s, ',') THEN replace(s, ',', '.') ELSE s END AS DOUBLE)
       ELSE sf_float(replace(s, ',', '.')) END;
CREATE OR REPLACE MACRO sf_int_from_float(s) AS CAST(trunc(sf_float(s)) AS BIGINT);
CREATE OR REPLACE MACRO sf_cents(s) AS sf_float(s) / 100;
CREATE OR REPLACE MACRO sf_bool(s) AS
  CASE WHEN s IN ('1','t','T','TRUE','true','True') THEN true
       WHEN s IN ('0','f','F','FALSE','false','False') THEN false END;
CREATE OR REPLACE MACRO sf_ymd(y, m, d) AS TRY_CAST(y || '-' || m || '-' || d AS DATE);
CREATE OR REPLACE MACRO sf_date_iso(s) AS
  CASE WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN sf_ymd(substr(s,1,4), substr(s,6,2), substr(s,9,2)) END;
CREATE OR REPLACE MACRO sf_date_dmy(s) AS
  CASE WHEN regexp_full_match(s, '[0-9]{2}/[0-9]{2}/[0-9]{4}') THEN sf_ymd(substr(s,7,4), substr(s,4,2), substr(s,1,2)) END;
CREATE OR REPLACE MACRO sf_date_ymd8(s) AS
  CASE WHEN regexp_full_match(s, '[0-9]{8}') THEN sf_ymd(substr(s,1,4), substr(s,5,2), substr(s,7,2)) END;
CREATE OR REPLACE MACRO sf_date_ymd_any(s) AS coalesce(sf_date_ymd8(s), sf_date_iso(s));
CREATE OR REPLACE MACRO sf_date_dmy_or_iso(s) AS coalesce(sf_date_dmy(s), sf_date_iso(s));
-- URSSAF date (A)AAMMJJ: a signed integer + 19000000, read as YYYYMMDD.
CREATE OR REPLACE MACRO sf_urssaf_date(s) AS
  CASE WHEN regexp_full_match(s, '[+-]?[0-9]{1,12}') THEN sf_date_ymd8(CAST(CAST(s AS BIGINT) + 19000000 AS VARCHAR)) END;
-- DDMonYYYY, English month abbreviation, any case.
CREATE OR REPLACE MACRO sf_month_abbr(s) AS nullif(list_position(${MONTHS}, lower(s)), 0);
CREATE OR REPLACE MACRO sf_date_dmony(s) AS
  CASE WHEN regexp_full_match(s, '[0-9]{2}[A-Za-z]{3}[0-9]{4}') AND sf_month_abbr(substr(s,3,3)) IS NOT NULL
       THEN sf_ymd(substr(s,6,4), lpad(CAST(sf_month_abbr(substr(s,3,3)) AS VARCHAR), 2, '0'), substr(s,1,2)) END;
-- URSSAF period AAXY / AAAAXY → [start, end), with Go's month-overflow normalisation (no range check on X, Y).
CREATE OR REPLACE MACRO sf_period6(s) AS
  CASE WHEN length(s) = 4 THEN (CASE WHEN substr(s,1,2) < '50' THEN '20' ELSE '19' END) || s ELSE s END;
CREATE OR REPLACE MACRO sf_period_ok(p) AS regexp_full_match(p, '([0-9]{4}|[+-][0-9]{3})[0-9]{2}');
CREATE OR REPLACE MACRO sf_period_year(p) AS CAST(substr(p,1,4) AS INTEGER);
CREATE OR REPLACE MACRO sf_period_first_month(p) AS
  CASE WHEN substr(p,5,2) = '62' THEN 1
       WHEN substr(p,6,1) = '0' THEN (CAST(substr(p,5,1) AS INTEGER) - 1) * 3 + 1
       ELSE (CAST(substr(p,5,1) AS INTEGER) - 1) * 3 + CAST(substr(p,6,1) AS INTEGER) END;
CREATE OR REPLACE MACRO sf_period_months(p) AS
  CASE WHEN substr(p,5,2) = '62' THEN 12 WHEN substr(p,6,1) = '0' THEN 3 ELSE 1 END;
CREATE OR REPLACE MACRO sf_month_of(y, m) AS CAST(make_date(y, 1, 1) + to_months(m - 1) AS DATE);
CREATE OR REPLACE MACRO sf_period_start(s) AS
  CASE WHEN sf_period_ok(sf_period6(s))
       THEN sf_month_of(sf_period_year(sf_period6(s)), sf_period_first_month(sf_period6(s))) END;
CREATE OR REPLACE MACRO sf_period_end(s) AS
  CASE WHEN sf_period_ok(sf_period6(s))
       THEN sf_month_of(sf_period_year(sf_period6(s)), sf_period_first_month(sf_period6(s)) + sf_period_months(sf_period6(s))) END;
-- Headcount cell (our fix of §2.6: signs and decimals are kept, spaces as thousands separators removed). A wide
-- headcount file holds ~100 cells a line, nearly all plain integers: those are cast once, without the replace chain
-- (which sf_comma_float's expansion would copy several times).
CREATE OR REPLACE MACRO sf_effectif(s) AS
  CASE WHEN regexp_full_match(s, '[0-9]{1,15}') THEN CAST(s AS DOUBLE)
       ELSE sf_comma_float(replace(replace(replace(s, ' ', ''), chr(160), ''), chr(8239), '')) END;
-- Identifiers.
CREATE OR REPLACE MACRO sf_is_siren(s) AS regexp_full_match(s, '[0-9]{9}');
CREATE OR REPLACE MACRO sf_is_siret(s) AS regexp_full_match(s, '[0-9]{14}');
CREATE OR REPLACE MACRO sf_dbl(d) AS d * 2 - CASE WHEN d >= 5 THEN 9 ELSE 0 END;
-- Luhn check, unrolled for the two lengths in use (no lambda: this runs on every line of the big files).
CREATE OR REPLACE MACRO sf_luhn14(v) AS (${luhn(14)}) % 10 = 0;
CREATE OR REPLACE MACRO sf_luhn9(v) AS (${luhn(9)}) % 10 = 0;
CREATE OR REPLACE MACRO sf_luhn(s) AS CASE length(s)
  WHEN 14 THEN sf_luhn14(TRY_CAST(s AS BIGINT))
  WHEN 9 THEN sf_luhn9(TRY_CAST(s AS BIGINT)) END;
-- La Poste's establishments (SIREN 356000000) follow their own rule: the digit sum is a multiple of 5.
CREATE OR REPLACE MACRO sf_siret_check_ok(s) AS
  CASE WHEN substr(s, 1, 9) = '356000000'
       THEN (${Array.from({ length: 14 }, (_, i) => `(ascii(substr(s, ${i + 1}, 1)) - 48)`).join(' + ')}) % 5 = 0
       ELSE sf_luhn(s) END;
CREATE OR REPLACE MACRO sf_pseudo_siret(s) AS substr(s, 10, 1) IN ('5', '6', '7', '9');
`;
