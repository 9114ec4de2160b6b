import type { FastifyInstance } from 'fastify';
import { viewerParams } from '../access/rule.ts';
import { audit } from '../audit.ts';
import { rowsSql } from '../cartes/rows.ts';
import { badRequest, notFound, S } from '../http.ts';
import { BILANS_SUIVI, MOTIFS_SUIVI } from './references.ts';

const siretParams = { type: 'object', required: ['siret'], properties: { siret: S.siret } } as const;

export default async function suivisRoutes(app: FastifyInstance) {
  const { store } = app;

  app.get('/suivis', { schema: { tags: ['suivis'], summary: 'My active follow-ups' } }, async (req) => {
    const v = req.viewer!;
    return store.query(
      `SELECT r.*, s.motif, s.commentaire, s.debut FROM suivi s
       JOIN (${rowsSql('t.siret IN (SELECT siret FROM suivi WHERE compte_id = $3 AND actif)')}) r ON r.siret = s.siret
       WHERE s.compte_id = $3 AND s.actif ORDER BY s.debut DESC`,
      viewerParams(v),
    );
  });

  app.post<{ Params: { siret: string }; Body: { motif: string; commentaire?: string } }>(
    '/suivis/:siret',
    {
      schema: {
        tags: ['suivis'],
        summary: 'Follow an establishment (unlocks the company’s confidential blocks for the data roles held)',
        params: siretParams,
        body: {
          type: 'object',
          required: ['motif'],
          additionalProperties: false,
          properties: {
            motif: { type: 'string', enum: MOTIFS_SUIVI },
            commentaire: { type: 'string', maxLength: 5000 },
          },
        },
      },
    },
    async (req, reply) => {
      const v = req.viewer!;
      const { siret } = req.params;
      const { motif } = req.body;
      const commentaire = req.body.commentaire?.trim() || null;
      if (motif === 'autre' && !commentaire)
        throw badRequest('body/commentaire', 'obligatoire pour le motif « autre »');
      const t = await store.one<{ siren: string }>('SELECT siren FROM etablissement WHERE siret = $1', [siret]);
      if (!t) throw notFound('Établissement');
      // The partial unique index makes concurrent follows of the same establishment collapse into one.
      const created = await store.query(
        `INSERT INTO suivi (compte_id, siret, siren, motif, commentaire) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (compte_id, siret) WHERE actif DO NOTHING
         RETURNING siret, siren, motif, commentaire, debut`,
        [v.id, siret, t.siren, motif, commentaire],
      );
      if (created.length) {
        await audit(store, req, 'suivi.debut', siret, { motif });
        return reply.status(201).send(created[0]);
      }
      return store.one(
        'SELECT siret, siren, motif, commentaire, debut FROM suivi WHERE compte_id = $1 AND siret = $2 AND actif',
        [v.id, siret],
      );
    },
  );

  app.delete<{ Params: { siret: string }; Body: { bilan: string; commentaire?: string } }>(
    '/suivis/:siret',
    {
      schema: {
        tags: ['suivis'],
        summary: 'Stop following, with the outcome',
        params: siretParams,
        body: {
          type: 'object',
          required: ['bilan'],
          additionalProperties: false,
          properties: {
            bilan: { type: 'string', enum: BILANS_SUIVI },
            commentaire: { type: 'string', maxLength: 5000 },
          },
        },
      },
    },
    async (req) => {
      const rows = await store.query(
        `UPDATE suivi SET actif = false, fin = now(), bilan = $3, bilan_commentaire = $4
         WHERE compte_id = $1 AND siret = $2 AND actif RETURNING siret, bilan, bilan_commentaire AS commentaire, fin`,
        [req.viewer!.id, req.params.siret, req.body.bilan, req.body.commentaire?.trim() || null],
      );
      if (!rows.length) throw notFound('Suivi');
      await audit(store, req, 'suivi.fin', req.params.siret, { bilan: req.body.bilan });
      return rows[0];
    },
  );
}
