import type { FastifyInstance } from 'fastify';
import {
  allowed,
  type Facts,
  factsColumns,
  followJoin,
  lockedBlock,
  type Viewer,
  viewerParams,
} from '../access/rule.ts';
import { audit } from '../audit.ts';
import { badRequest, HttpError, notFound, S } from '../http.ts';
import type { Sql } from '../store/store.ts';

interface Comment {
  id: number;
  parent_id: number | null;
  auteur: string;
  cree_le: string;
  modifie_le: string;
  message: string;
  historique: { version: number; message: string; ecrit_le: string }[];
  reponses: Comment[];
}

/** Comments follow the `score` rule: 404 for an unknown company, 403 with the reason when locked. */
async function checkAccess(sql: Sql, viewer: Viewer, siren: string): Promise<void> {
  const [r] = await sql.query<Facts & { ok: boolean }>(
    `SELECT ${allowed('score')} AS ok, ${factsColumns()} FROM entreprise e ${followJoin('e.siren')} WHERE e.siren = $4`,
    [...viewerParams(viewer), siren],
  );
  if (!r) throw notFound('Entreprise');
  if (!r.ok) {
    const l = lockedBlock('score', viewer, r);
    throw new HttpError(403, 'locked', `Commentaires non accessibles. ${l.reason}`, { unlock: l.unlock });
  }
}

const COMMENT_SQL = `SELECT c.id, c.parent_id, a.email AS auteur, c.cree_le, v.ecrit_le AS modifie_le, v.message,
    (SELECT json_agg(json_build_object('version', h.version, 'message', h.message, 'ecrit_le', h.ecrit_le) ORDER BY h.version DESC)
     FROM commentaire_version h WHERE h.commentaire_id = c.id) AS historique
  FROM commentaire c JOIN compte a ON a.id = c.compte_id
  JOIN LATERAL (SELECT message, ecrit_le FROM commentaire_version WHERE commentaire_id = c.id ORDER BY version DESC LIMIT 1) v ON true`;

const message = { type: 'string', minLength: 1, maxLength: 5000 } as const;

export default async function commentairesRoutes(app: FastifyInstance) {
  const { store } = app;
  const sirenParams = { type: 'object', required: ['siren'], properties: { siren: S.siren } } as const;

  app.get<{ Params: { siren: string } }>(
    '/entreprises/:siren/commentaires',
    { schema: { tags: ['commentaires'], summary: 'Comment thread of a company', params: sirenParams } },
    async (req) => {
      await checkAccess(store, req.viewer!, req.params.siren);
      const rows = await store.query<Comment>(`${COMMENT_SQL} WHERE c.siren = $1 ORDER BY c.cree_le, c.id`, [
        req.params.siren,
      ]);
      const byId = new Map<number, Comment>();
      for (const r of rows) byId.set(r.id, { ...r, reponses: [] });
      const roots: Comment[] = [];
      for (const c of byId.values()) (c.parent_id ? byId.get(c.parent_id)!.reponses : roots).push(c);
      await audit(store, req, 'commentaires.lecture', req.params.siren);
      return roots;
    },
  );

  app.post<{ Params: { siren: string }; Body: { message: string; parent_id?: number } }>(
    '/entreprises/:siren/commentaires',
    {
      schema: {
        tags: ['commentaires'],
        summary: 'Comment, or answer a comment',
        params: sirenParams,
        body: {
          type: 'object',
          required: ['message'],
          additionalProperties: false,
          properties: { message, parent_id: S.id },
        },
      },
    },
    async (req, reply) => {
      const v = req.viewer!;
      const { siren } = req.params;
      await checkAccess(store, v, siren);
      const text = req.body.message.trim();
      if (!text) throw badRequest('body/message', 'ne peut pas être vide');
      const id = await store.transaction(async (tx) => {
        if (req.body.parent_id !== undefined) {
          const [p] = await tx.query('SELECT 1 FROM commentaire WHERE id = $1 AND siren = $2', [
            req.body.parent_id,
            siren,
          ]);
          if (!p) throw badRequest('body/parent_id', "ce commentaire n'existe pas pour cette entreprise");
        }
        const [c] = await tx.query<{ id: number }>(
          'INSERT INTO commentaire (siren, parent_id, compte_id) VALUES ($1, $2, $3) RETURNING id',
          [siren, req.body.parent_id ?? null, v.id],
        );
        await tx.query('INSERT INTO commentaire_version (commentaire_id, version, message) VALUES ($1, 1, $2)', [
          c.id,
          text,
        ]);
        return c.id;
      });
      await audit(store, req, 'commentaire.ecriture', siren, { id });
      const [c] = await store.query(`${COMMENT_SQL} WHERE c.id = $1`, [id]);
      return reply.status(201).send({ ...c, reponses: [] });
    },
  );

  app.put<{ Params: { id: number }; Body: { message: string } }>(
    '/commentaires/:id',
    {
      schema: {
        tags: ['commentaires'],
        summary: 'Edit my comment (the previous text stays in its history)',
        params: { type: 'object', required: ['id'], properties: { id: S.id } },
        body: { type: 'object', required: ['message'], additionalProperties: false, properties: { message } },
      },
    },
    async (req) => {
      const v = req.viewer!;
      const text = req.body.message.trim();
      if (!text) throw badRequest('body/message', 'ne peut pas être vide');
      const c = await store.one<{ siren: string; compte_id: number }>(
        'SELECT siren, compte_id FROM commentaire WHERE id = $1',
        [req.params.id],
      );
      if (!c) throw notFound('Commentaire');
      await checkAccess(store, v, c.siren);
      if (c.compte_id !== v.id) throw new HttpError(403, 'forbidden', "Seul l'auteur peut modifier ce commentaire");
      await store.transaction(async (tx) => {
        // The row lock serialises concurrent edits: each gets its own version number.
        await tx.query('SELECT id FROM commentaire WHERE id = $1 FOR UPDATE', [req.params.id]);
        const [last] = await tx.query<{ version: number; message: string }>(
          'SELECT version, message FROM commentaire_version WHERE commentaire_id = $1 ORDER BY version DESC LIMIT 1',
          [req.params.id],
        );
        if (last.message === text) throw badRequest('body/message', 'identique au texte actuel');
        await tx.query('INSERT INTO commentaire_version (commentaire_id, version, message) VALUES ($1, $2, $3)', [
          req.params.id,
          last.version + 1,
          text,
        ]);
      });
      await audit(store, req, 'commentaire.modification', c.siren, { id: req.params.id });
      const [out] = await store.query(`${COMMENT_SQL} WHERE c.id = $1`, [req.params.id]);
      return out;
    },
  );
}
