import { siretOrAccount } from './account-siret.ts';
import { cols, decoded, rowPlan, type SourceSpec, text, unknownCode } from './spec.ts';

/** URSSAF debit movements: one line = one state of one écart négatif (sources.md §2.1). Amounts in cents. */
const c = cols({
  siret: 'Siret',
  num_cpte: 'num_cpte',
  num_ecn: 'Num_Ecn',
  num_hist: 'Num_Hist_Ecn',
  dt_trt: 'Dt_trt_ecn',
  mt_po: 'Mt_PO',
  mt_pp: 'Mt_PP',
  etat: 'Etat_cpte',
  procol: 'Cd_pro_col',
  periode: 'Periode',
  op: 'Cd_op_ecn',
  motif: 'Motif_ecn',
  recours: 'Recours_en_cours',
});

export const OPERATIONS = ['1', '2', '3', '4', '5', '11', '12', '13', '14', '15'];

const debit: SourceSpec = {
  id: 'debit',
  table: 'raw_debit',
  description: 'URSSAF debts (écarts négatifs), sigfaible_debits.csv',
  // Exact since Feb 2026; before, any name containing `_debits` (we accept both).
  match: (name) => /_debits.*\.csv$/i.test(name),
  delimiter: ';',
  lazyQuotes: false,
  after: ['admin_urssaf'],
  plan: (header) => {
    const key = siretOrAccount(header, c.siret, c.num_cpte, 'sf_period_start("periode")');
    return rowPlan(
      [...key.columns, ...c.all.filter((x) => x !== c.siret)],
      [
        key.field,
        text('numero_compte', c.num_cpte, { required: true }),
        text('numero_ecart_negatif', c.num_ecn, { required: true }),
        decoded('numero_historique_ecart_negatif', c.num_hist, 'sf_int', 'an integer', { required: true }),
        decoded('date_traitement', c.dt_trt, 'sf_urssaf_date', 'a URSSAF date (A)AAMMJJ', { required: true }),
        // An empty amount crashed the reference (nil dereference): we reject the line.
        decoded('part_ouvriere', c.mt_po, 'sf_cents', 'an amount in cents', { required: true }),
        decoded('part_patronale', c.mt_pp, 'sf_cents', 'an amount in cents', { required: true }),
        decoded('etat_compte', c.etat, 'sf_int', 'an integer'),
        text('code_procedure_collective', c.procol),
        decoded('periode_debut', c.periode, 'sf_period_start', 'a URSSAF period AAXY/AAAAXY', { required: true }),
        { name: 'periode_fin', expr: 'sf_period_end("periode")', rejects: [] },
        text('code_operation_ecart_negatif', c.op),
        text('code_motif_ecart_negatif', c.motif),
        decoded('recours_en_cours', c.recours, 'sf_bool', 'a boolean', { required: true }),
      ],
      {
        computed: [
          // The day-20 rule: a booking after the 20th counts for the next month.
          {
            name: 'periode_prise_en_compte',
            expr: `CAST(date_trunc('month', date_traitement) + CASE WHEN day(date_traitement) > 20 THEN INTERVAL 1 MONTH ELSE INTERVAL 0 MONTH END AS DATE)`,
          },
        ],
        warnings: [
          unknownCode(c.etat, 'etat_compte', [1, 2, 3]),
          unknownCode(c.procol, 'code_procedure_collective', ['0', '1', '2', '9']),
          unknownCode(c.op, 'code_operation_ecart_negatif', OPERATIONS),
          unknownCode(
            c.motif,
            'code_motif_ecart_negatif',
            Array.from({ length: 28 }, (_, i) => String(i)),
          ),
          {
            field: 'Mt_PO',
            value: 'part_ouvriere',
            when: 'part_ouvriere < 0 OR part_patronale < 0',
            reason: 'negative remaining debt',
          },
        ],
      },
    );
  },
};

export default debit;
