import type { FastifyInstance } from 'fastify';
import type { Viewer } from '../access/rule.ts';
import { audit } from '../audit.ts';
import { download, notFound, S } from '../http.ts';
import { JSON_TYPE, RawJson, stringifyWithRaw } from '../json.ts';
import { type Column, toCsv, toXlsx } from '../listes/export.ts';
import {
  type Filtres,
  filteredCte,
  filtresSchema,
  listeFrom,
  order,
  pageSql,
  ROW_COLUMNS,
  ROW_JOINS,
} from '../listes/filtres.ts';

const EXPORT_MAX = 200_000;

const EXPORT_COLUMNS: Column[] = [
  { key: 'siren', header: 'SIREN', width: 12 },
  { key: 'siret', header: 'SIRET', width: 16 },
  { key: 'raison_sociale', header: 'Raison sociale', width: 36 },
  { key: 'departement', header: 'Département', width: 8 },
  { key: 'commune', header: 'Commune', width: 20 },
  { key: 'siege', header: 'Siège' },
  { key: 'naf', header: 'Code NAF', width: 10 },
  { key: 'naf_libelle', header: 'Activité', width: 36 },
  { key: 'effectif', header: 'Effectif établissement' },
  { key: 'effectif_entreprise', header: 'Effectif entreprise' },
  { key: 'niveau', header: 'Niveau de risque', width: 22 },
  { key: 'probability', header: 'Probabilité de défaillance' },
  { key: 'premiere_alerte', header: 'Première alerte' },
  { key: 'procol', header: 'Procédure collective', width: 18 },
  { key: 'has_delai', header: 'Délai URSSAF en cours' },
  { key: 'chiffre_d_affaires', header: "Chiffre d'affaires (€)" },
  { key: 'ca_variation', header: 'Variation du CA (ratio)' },
  { key: 'ebe', header: 'EBE (€)' },
  { key: 'ap', header: 'Activité partielle récente' },
  { key: 'urssaf_hausse', header: 'Dette URSSAF en hausse' },
  { key: 'suivi', header: 'Suivi par moi' },
];

export default async function listesRoutes(app: FastifyInstance) {
  const { store } = app;

  app.get('/listes', { schema: { tags: ['listes'], summary: 'Published detection lists, newest first' } }, async () =>
    store.query(
      `SELECT id, label, to_char(periode, 'YYYY-MM') AS periode, model_version, publiee_le, nb_entreprises, nb_fort, nb_modere
         FROM liste ORDER BY periode DESC, id DESC`,
    ),
  );

  const listeParams = { type: 'object', required: ['id'], properties: { id: S.id } } as const;
  const exists = async (id: number) => {
    const l = await store.one<{ id: number; label: string; periode: string }>(
      `SELECT id, label, to_char(periode, 'YYYY-MM') AS periode FROM liste WHERE id = $1`,
      [id],
    );
    if (!l) throw notFound('Liste');
    return l;
  };

  /** One page of a list's alerts with the counters of the whole filtered list (one prepared statement), as JSON. */
  const alertesPage = async (viewer: Viewer, id: number, f: Filtres, page: number, per_page: number) => {
    const liste = listeFrom(viewer, id, f);
    const { params } = liste;
    const [r] = await store.query<{
      liste_existe: boolean;
      total: number;
      nb_fort: number;
      nb_modere: number;
      items: string;
    }>(pageSql(liste, params.p(id), params.p(per_page), params.p((page - 1) * per_page)), params.values, {
      prepare: true,
    });
    if (!r.liste_existe) throw notFound('Liste');
    const { total, nb_fort, nb_modere } = r;
    return stringifyWithRaw({ total, nb_fort, nb_modere, page, per_page, items: new RawJson(r.items) });
  };

  app.get<{ Params: { id: number }; Querystring: Filtres & { page: number; per_page: number } }>(
    '/listes/:id/alertes',
    {
      schema: {
        tags: ['listes'],
        summary: 'Alerts of a list the user may see, filtered, with counters',
        params: listeParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...filtresSchema, page: S.page, per_page: S.perPage },
        },
      },
    },
    async (req, reply) => {
      const { page, per_page, ...f } = req.query;
      const v = req.viewer!;
      // everything the page depends on: the viewer (rights, zone, follow-ups), the list and the query
      const key = JSON.stringify([v.id, v.roles, v.departements, req.params.id, req.query]);
      const body = await app.caches.listes.getOrCompute(key, () => alertesPage(v, req.params.id, f, page, per_page));
      await audit(store, req, 'liste.lecture', String(req.params.id), { filtres: f, page });
      return reply.type(JSON_TYPE).send(body);
    },
  );

  app.get<{ Params: { id: number }; Querystring: Filtres }>(
    '/listes/:id/departements',
    {
      schema: {
        tags: ['listes'],
        summary: 'Alerts the user may see per department (same filters as /alertes), for the map',
        params: listeParams,
        querystring: { type: 'object', additionalProperties: false, properties: filtresSchema },
      },
    },
    async (req) => {
      await exists(req.params.id);
      const { sql, params } = listeFrom(req.viewer!, req.params.id, req.query);
      return store.query(
        `${filteredCte(sql)}
         SELECT departement, count(*) FILTER (WHERE alert = 'fort') AS nb_fort,
                count(*) FILTER (WHERE alert = 'modere') AS nb_modere
         FROM f GROUP BY departement ORDER BY departement`,
        params.values,
      );
    },
  );

  app.get<{ Params: { id: number } }>(
    '/listes/:id/modele',
    { schema: { tags: ['listes'], summary: 'Model card of a list (metrics and thresholds)', params: listeParams } },
    async (req) => {
      await exists(req.params.id);
      const row = await store.one<{ modele: unknown }>('SELECT modele FROM liste WHERE id = $1', [req.params.id]);
      if (!row?.modele) throw notFound('Fiche du modèle');
      return row.modele;
    },
  );

  for (const format of ['xlsx', 'csv'] as const)
    app.get<{ Params: { id: number }; Querystring: Filtres }>(
      `/listes/:id/export.${format}`,
      {
        schema: {
          tags: ['listes'],
          summary: `Export of the filtered list (${format.toUpperCase()})`,
          params: listeParams,
          querystring: { type: 'object', additionalProperties: false, properties: filtresSchema },
        },
      },
      async (req, reply) => {
        const liste = await exists(req.params.id);
        const f = req.query;
        const { sql, params } = listeFrom(req.viewer!, req.params.id, f);
        const rows = await store.query<Record<string, unknown>>(
          `${filteredCte(sql)}
           SELECT ${ROW_COLUMNS}, CASE a.alert WHEN 'fort' THEN 'Risque élevé' ELSE 'Risque modéré' END AS niveau
           FROM f a ${ROW_JOINS}
           ORDER BY ${order()} LIMIT ${EXPORT_MAX}`,
          params.values,
        );
        await audit(store, req, `liste.export.${format}`, String(liste.id), { filtres: f, lignes: rows.length });
        const name = `signaux-faibles-${liste.periode}.${format}`;
        if (format === 'csv') return download(reply, toCsv(EXPORT_COLUMNS, rows), 'text/csv; charset=utf-8', name);
        const parameters: [string, unknown][] = [
          ['Liste', `${liste.label} (${liste.periode})`],
          ['Exporté par', req.viewer!.email],
          ['Exporté le', new Date().toISOString()],
          ['Zone du compte', req.viewer!.zone.join(', ')],
          ...Object.keys(filtresSchema).map((k): [string, unknown] => [k, f[k as keyof Filtres] ?? '']),
          ['Lignes', rows.length],
        ];
        return download(
          reply,
          await toXlsx('alertes', EXPORT_COLUMNS, rows, parameters),
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          name,
        );
      },
    );
}
