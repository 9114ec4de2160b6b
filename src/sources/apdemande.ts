import { cols, decoded, rowPlan, type SourceSpec, siret, text } from './spec.ts';

/** Short-time work requests (sources.md §3.1): `,`-separated, lazy quotes, ISO dates, one line per ID_DA. */
const c = cols({
  id: 'ID_DA',
  siret: 'ETAB_SIRET',
  eff_ent: 'EFF_ENT',
  eff_etab: 'EFF_ETAB',
  statut: 'DATE_STATUT',
  deb: 'DATE_DEB',
  fin: 'DATE_FIN',
  hta: 'HTA',
  mta: 'MTA',
  eff_auto: 'EFF_AUTO',
  motif: 'MOTIF_RECOURS_SE',
  perimetre: 'PERIMETRE_AP',
  h_conso: 'S_HEURE_CONSOM_TOT',
  eff_conso: 'S_EFF_CONSOM_TOT',
  m_conso: 'S_MONTANT_CONSOM_TOT',
});

const apdemande: SourceSpec = {
  id: 'apdemande',
  table: 'raw_apdemande',
  description: 'short-time work requests, demande_ap.csv',
  match: (name) => /^demande_ap\.csv$/i.test(name),
  delimiter: ',',
  lazyQuotes: true,
  plan: () =>
    rowPlan(
      c.all,
      [
        text('id_demande', c.id, { required: true }),
        siret('siret', c.siret),
        decoded('effectif_entreprise', c.eff_ent, 'sf_int_from_float', 'a number'),
        decoded('effectif_etablissement', c.eff_etab, 'sf_int_from_float', 'a number'),
        decoded('date_statut', c.statut, 'sf_date_iso', 'a date YYYY-MM-DD'),
        decoded('periode_debut', c.deb, 'sf_date_iso', 'a date YYYY-MM-DD', { required: true }),
        decoded('periode_fin', c.fin, 'sf_date_iso', 'a date YYYY-MM-DD', { required: true }),
        decoded('heures', c.hta, 'sf_float', 'a number of hours'),
        decoded('montant', c.mta, 'sf_comma_float', 'an amount in euros'),
        decoded('effectif_autorise', c.eff_auto, 'sf_int_from_float', 'a number'),
        {
          ...decoded('motif_recours', c.motif, 'sf_int', 'an integer'),
          rejects: [
            ...decoded('motif_recours', c.motif, 'sf_int', 'an integer').rejects,
            {
              field: c.motif.header,
              value: '"motif"',
              when: `sf_int("motif") NOT BETWEEN 1 AND 7`,
              reason: 'not a motif code (1 to 7)',
            },
          ],
        },
        decoded('perimetre', c.perimetre, 'sf_int', 'an integer'),
        decoded('heures_consommees', c.h_conso, 'sf_float', 'a number of hours'),
        decoded('effectif_consomme', c.eff_conso, 'sf_int_from_float', 'a number'),
        decoded('montant_consomme', c.m_conso, 'sf_comma_float', 'an amount in euros'),
      ],
      {
        unique: { key: ['id_demande'], field: 'ID_DA', reason: 'duplicate request id' },
        extraRejects: [
          {
            field: 'DATE_FIN',
            value: '"fin"',
            when: 'sf_date_iso("fin") < sf_date_iso("deb")',
            reason: 'end date before start date',
          },
        ],
        warnings: [
          {
            field: 'PERIMETRE_AP',
            value: 'perimetre',
            when: 'perimetre NOT BETWEEN 1 AND 4',
            reason: 'unknown code',
          },
          { field: 'HTA', value: 'heures', when: 'heures < 0', reason: 'negative hours' },
        ],
      },
    ),
};

export default apdemande;
