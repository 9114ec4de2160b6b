import { cols, decoded, rowPlan, type SourceSpec, siren } from './spec.ts';

/** Altares paydex history (sources.md §6.3): `E_<12d>_Retro-Paydex_<8d>.csv`, days of payment delay. */
const c = cols({ siren: 'SIREN', jours: 'NB_JOURS', date: 'DATE_VALEUR' });

const paydex: SourceSpec = {
  id: 'paydex',
  table: 'raw_paydex',
  description: 'Altares paydex history, E_<12 digits>_Retro-Paydex_<8 digits>.csv',
  match: (name) => /^E_[0-9]{12}_Retro-Paydex_[0-9]{8}\.csv$/.test(name),
  delimiter: ';',
  lazyQuotes: false,
  exactHeader: true,
  plan: () =>
    rowPlan(c.all, [
      siren('siren', c.siren),
      decoded('date_valeur', c.date, 'sf_date_dmy', 'a date DD/MM/YYYY', { required: true }),
      {
        ...decoded('paydex', c.jours, 'sf_int', 'an integer number of days', { required: true }),
        expr: 'CAST(sf_int("jours") AS DOUBLE)',
      },
      { name: 'fpi_30', expr: 'CAST(NULL AS DOUBLE)', rejects: [] },
      { name: 'fpi_90', expr: 'CAST(NULL AS DOUBLE)', rejects: [] },
      { name: 'code_paydex', expr: 'CAST(NULL AS VARCHAR)', rejects: [] },
      { name: 'etat_organisation', expr: 'CAST(NULL AS VARCHAR)', rejects: [] },
      { name: 'nbr_fournisseurs', expr: 'CAST(NULL AS BIGINT)', rejects: [] },
      { name: 'encours_etudies', expr: 'CAST(NULL AS DOUBLE)', rejects: [] },
      { name: 'variante', expr: `'paydex'`, rejects: [] },
    ]),
};

export default paydex;
