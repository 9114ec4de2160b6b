import type { FastifyInstance } from 'fastify';
import { audit } from '../audit.ts';
import { rowsSql } from '../cartes/rows.ts';
import { badRequest, S } from '../http.ts';
import { zoneParam } from '../listes/filtres.ts';
import { likeContains, Params } from '../query.ts';

const CAP = 1000;

export default async function rechercheRoutes(app: FastifyInstance) {
  const { store } = app;
  app.get<{
    Querystring: {
      q: string;
      zone?: string;
      naf?: string;
      effectif_min?: number;
      siege?: boolean;
      page: number;
      per_page: number;
    };
  }>(
    '/recherche',
    {
      schema: {
        tags: ['recherche'],
        summary: 'Establishments by name, SIREN or SIRET prefix (identity nationwide; alerts under the rule)',
        querystring: {
          type: 'object',
          required: ['q'],
          additionalProperties: false,
          properties: {
            q: { type: 'string', minLength: 1, maxLength: 100 },
            zone: S.zones,
            naf: S.nafSections,
            effectif_min: { type: 'number', minimum: 0, maximum: 1e7 },
            siege: S.bool,
            page: S.page,
            per_page: S.perPage,
          },
        },
      },
    },
    async (req) => {
      const v = req.viewer!;
      const { zone, naf, effectif_min, siege, page, per_page } = req.query;
      const q = req.query.q.trim();
      const digits = q.replaceAll(' ', '');
      const ps = new Params(v);
      const w: string[] = [];
      if (/^[0-9]+$/.test(digits)) {
        if (digits.length < 3 || digits.length > 14)
          throw badRequest('querystring/q', 'un SIREN ou SIRET de 3 à 14 chiffres');
        w.push(digits.length <= 9 ? `t.siren LIKE ${ps.p(digits)} || '%'` : `t.siret LIKE ${ps.p(digits)} || '%'`);
      } else {
        if (q.length < 3) throw badRequest('querystring/q', 'au moins 3 caractères');
        w.push(`e.raison_sociale ILIKE ${ps.p(likeContains(q))}`);
      }
      if (zone) w.push(`t.departement = ANY(${ps.p(zoneParam(zone, v))}::text[])`);
      if (naf) w.push(`e.naf_section = ANY(${ps.p(naf.split(','))}::text[])`);
      if (effectif_min !== undefined) w.push(`t.effectif >= ${ps.p(effectif_min)}`);
      if (siege) w.push('t.siege');
      const where = w.join(' AND ');
      const items = await store.query(
        rowsSql(
          where,
          `ORDER BY e.raison_sociale, t.siret LIMIT ${ps.p(per_page)} OFFSET ${ps.p((page - 1) * per_page)}`,
        ),
        ps.values,
      );
      const [{ total }] = await store.query<{ total: number }>(
        // same parameters without LIMIT/OFFSET; the viewer's are typed so that every placeholder is used
        `SELECT count(*) AS total FROM (SELECT 1 FROM etablissement t JOIN entreprise e ON e.siren = t.siren
         WHERE ${where} AND $1::text[] IS NOT NULL AND $2::text[] IS NOT NULL AND $3::bigint IS NOT NULL LIMIT ${CAP}) x`,
        ps.values.slice(0, ps.values.length - 2),
      );
      await audit(store, req, 'recherche', null, { q, zone, naf, effectif_min, siege, page });
      return { total, page, per_page, items };
    },
  );
}
