import { cols, decoded, decodedRef, rowPlan, type SourceSpec, siren, text } from './spec.ts';

/** Altares paydex + FPI monthly file (sources.md §14): `altares_paydex*.csv`; FPI clipped to [0, 100]. */
const c = cols({
  siren: 'SIREN',
  etat: 'ETAT_ORGANISATION',
  code: 'CODE_PAYDEX',
  paydex: 'PAYDEX',
  fournisseurs: 'NBR_FOURNISSEURS',
  encours: 'ENCOURS_ETUDIES',
  fpi30: 'FPI_30',
  fpi90: 'FPI_90',
  date: 'DATE_VALEUR',
});

const clip = (v: string) => `least(greatest(sf_comma_float(${v}), 0), 100)`;
// Only a clipped value (exactly 0 or 100) is decoded again to see whether it was outside the range.
const outOfRange = (header: string, v: string, name: string) => ({
  field: header,
  value: v,
  when: `${decodedRef(name)} IN (0, 100) AND sf_comma_float(${v}) NOT BETWEEN 0 AND 100`,
  reason: 'percentage outside [0, 100]: clipped',
});

const paydexFpi: SourceSpec = {
  id: 'altares_paydex',
  table: 'raw_paydex',
  description: 'Altares paydex and FPI, altares_paydex*.csv',
  match: (name) => /^altares_paydex.*\.csv$/i.test(name),
  delimiter: ';',
  lazyQuotes: false,
  plan: () =>
    rowPlan(c.all, [
      siren('siren', c.siren),
      decoded('date_valeur', c.date, 'sf_date_dmy_or_iso', 'a date DD/MM/YYYY or YYYY-MM-DD', { required: true }),
      decoded('paydex', c.paydex, 'sf_comma_float', 'a number of days'),
      {
        ...decoded('fpi_30', c.fpi30, 'sf_comma_float', 'a percentage'),
        expr: clip('"fpi30"'),
        warnings: [outOfRange('FPI_30', '"fpi30"', 'fpi_30')],
      },
      {
        ...decoded('fpi_90', c.fpi90, 'sf_comma_float', 'a percentage'),
        expr: clip('"fpi90"'),
        warnings: [outOfRange('FPI_90', '"fpi90"', 'fpi_90')],
      },
      text('code_paydex', c.code),
      text('etat_organisation', c.etat),
      decoded('nbr_fournisseurs', c.fournisseurs, 'sf_int_from_float', 'a number'),
      decoded('encours_etudies', c.encours, 'sf_comma_float', 'an amount'),
      { name: 'variante', expr: `'paydex_fpi'`, rejects: [] },
    ]),
};

export default paydexFpi;
