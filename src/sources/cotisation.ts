import { siretOrAccount } from './account-siret.ts';
import { cols, decoded, rowPlan, type SourceSpec, text } from './spec.ts';

/** URSSAF contributions due per period (sources.md §2.2): euros, comma decimals, lazy quotes. */
const c = cols({
  siret: 'Siret',
  compte: 'Compte',
  periode: 'periode',
  enc: 'enc_direct',
  du: 'cotis_due',
});

const cotisation: SourceSpec = {
  id: 'cotisation',
  table: 'raw_cotisation',
  description: 'URSSAF contributions due, sigfaible_cotisdues.csv',
  match: (name) => /^sigfaible_cotisdues\.csv$/i.test(name),
  delimiter: ';',
  lazyQuotes: true,
  after: ['admin_urssaf'],
  plan: (header) => {
    const key = siretOrAccount(header, c.siret, c.compte, 'sf_period_start("periode")');
    return rowPlan(
      [...key.columns, ...c.all.filter((x) => x !== c.siret)],
      [
        key.field,
        text('numero_compte', c.compte, { required: true }),
        decoded('periode_debut', c.periode, 'sf_period_start', 'a URSSAF period AAXY/AAAAXY', { required: true }),
        { name: 'periode_fin', expr: 'sf_period_end("periode")', rejects: [] },
        decoded('encaisse', c.enc, 'sf_comma_float', 'an amount in euros'),
        decoded('du', c.du, 'sf_comma_float', 'an amount in euros'),
      ],
      {
        warnings: [{ field: 'cotis_due', value: 'du', when: 'du < 0', reason: 'negative amount due' }],
      },
    );
  },
};

export default cotisation;
