import { cols, decoded, rowPlan, type SourceSpec, siren } from './spec.ts';

/** Altares paydex history (sources.md §6.3): `E_<12d>_Retro-Paydex_<8d>.csv`, days of payment delay. */
const c = cols({ siren: 'SIREN', jours: 'NB_JOURS', date: 'DATE_VALEUR' });

const paydex: SourceSpec = {
  id: 'paydex',
  // its own table, of its three columns: the FPI file's other columns would be NULL on every line
  table: 'raw_paydex_retro',
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
    ]),
};

export default paydex;
