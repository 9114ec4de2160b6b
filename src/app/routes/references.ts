import type { FastifyInstance } from 'fastify';

export const PROCOL = ['in_bonis', 'sauvegarde', 'redressement', 'liquidation', 'plan_sauvegarde', 'plan_redressement'];
export const MOTIFS_SUIVI = ['source_interne', 'source_externe', 'detection', 'autre'];
export const BILANS_SUIVI = ['actions', 'aucune_action'];

export default async function referencesRoutes(app: FastifyInstance) {
  app.get(
    '/references',
    { schema: { tags: ['references'], summary: 'Departments, regions, NAF sections, codes' } },
    async () => {
      const [departements, regions, naf_sections] = await Promise.all([
        app.store.query('SELECT code, libelle, region FROM departement ORDER BY code'),
        app.store.query('SELECT code, libelle FROM region ORDER BY code'),
        app.store.query('SELECT code, libelle FROM naf WHERE niveau = 1 ORDER BY code'),
      ]);
      return {
        departements,
        regions,
        naf_sections,
        procol: PROCOL,
        motifs_suivi: MOTIFS_SUIVI,
        bilans_suivi: BILANS_SUIVI,
      };
    },
  );
}
