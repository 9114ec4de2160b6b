import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { audit } from '../audit.ts';
import { badRequest, download, HttpError, S } from '../http.ts';

export default async function statsRoutes(app: FastifyInstance) {
  const { store } = app;
  app.get<{ Querystring: { from: string; to: string } }>(
    '/stats.xlsx',
    {
      schema: {
        tags: ['stats'],
        summary: 'Usage statistics (role stats): journal, per user, per day; `to` inclusive',
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: { from: S.date, to: S.date },
        },
      },
    },
    async (req, reply) => {
      if (!req.viewer!.roles.includes('stats'))
        throw new HttpError(403, 'forbidden', "L'extraction des statistiques demande l'habilitation « stats »");
      const { from, to } = req.query;
      if (from > to) throw badRequest('querystring/from', 'doit précéder to');
      const range = [from, to];
      const window = `at >= $1::date AND at < $2::date + 1`;
      const journal = await store.query(
        `SELECT to_char(at, 'YYYY-MM-DD HH24:MI:SS') AS at, email, action, cible FROM audit WHERE ${window} ORDER BY at LIMIT 500000`,
        range,
      );
      const parUtilisateur = await store.query(
        `SELECT email, count(*) AS actions, count(DISTINCT at::date) AS jours_actifs,
                count(*) FILTER (WHERE action = 'recherche') AS recherches,
                count(*) FILTER (WHERE action IN ('entreprise.lecture', 'etablissement.lecture')) AS fiches,
                count(*) FILTER (WHERE action LIKE 'liste.export%') AS exports
         FROM audit WHERE ${window} AND email IS NOT NULL GROUP BY email ORDER BY email`,
        range,
      );
      const parJour = await store.query(
        `SELECT to_char(at, 'YYYY-MM-DD') AS jour, email, count(*) AS actions,
                count(*) FILTER (WHERE action = 'recherche') AS recherches,
                count(*) FILTER (WHERE action IN ('entreprise.lecture', 'etablissement.lecture')) AS fiches
         FROM audit WHERE ${window} AND email IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
        range,
      );
      const wb = new ExcelJS.Workbook();
      for (const [name, rows] of [
        ['journal', journal],
        ['par_utilisateur', parUtilisateur],
        ['par_jour', parJour],
      ] as const) {
        const ws = wb.addWorksheet(name);
        const keys = Object.keys(rows[0] ?? {});
        ws.columns = keys.map((k) => ({ header: k, key: k, width: 20 }));
        ws.addRows(rows);
        ws.getRow(1).font = { bold: true };
        if (keys.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: keys.length } };
      }
      await audit(store, req, 'stats.export', null, { from, to });
      return download(
        reply,
        Buffer.from(await wb.xlsx.writeBuffer()),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        `statistiques-${from}-${to}.xlsx`,
      );
    },
  );
}
