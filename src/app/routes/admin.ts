import type { FastifyInstance } from 'fastify';
import { parseZone, zoneDepartements } from '../access/zones.ts';
import { audit } from '../audit.ts';
import { addUser, parseRoles } from '../auth/accounts.ts';
import { badRequest, download, HttpError, notFound, S } from '../http.ts';
import { type Column, toCsv, toXlsx } from '../listes/export.ts';

const rolesSchema = { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 20 } } as const;
const zoneSchema = { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', maxLength: 4 } } as const;

const ACCOUNT = `SELECT c.id, c.email, c.roles, c.zone, c.admin, c.actif, c.cree_le, c.derniere_connexion, c.verrouille_jusqua,
    (SELECT count(*) FROM suivi s WHERE s.compte_id = c.id AND s.actif) AS nb_suivis
  FROM compte c`;

const REVIEW: Column[] = [
  { key: 'email', header: 'Adresse', width: 32 },
  { key: 'roles', header: 'Habilitations', width: 24 },
  { key: 'zone', header: 'Zone', width: 24 },
  { key: 'admin', header: 'Administrateur' },
  { key: 'actif', header: 'Actif' },
  { key: 'cree_le', header: 'Créé le', width: 22 },
  { key: 'derniere_connexion', header: 'Dernière connexion', width: 22 },
  { key: 'nb_suivis', header: 'Suivis en cours' },
];

/** Upgrades a UsageError of the account checks into a 400 naming the field. */
function asBadRequest<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw badRequest(field, (e as Error).message.replace(/^\w+: /, ''));
  }
}

export default async function adminRoutes(app: FastifyInstance) {
  const { store } = app;
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.url?.startsWith('/api/admin') && !req.viewer?.admin)
      throw new HttpError(403, 'forbidden', 'Réservé aux administrateurs');
  });

  app.get('/admin/comptes', { schema: { tags: ['admin'], summary: 'Accounts' } }, async () =>
    store.query(`${ACCOUNT} ORDER BY c.email`),
  );

  app.post<{ Body: { email: string; roles: string[]; zone: string[]; admin?: boolean; password?: string } }>(
    '/admin/comptes',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an account',
        body: {
          type: 'object',
          required: ['email', 'roles', 'zone'],
          additionalProperties: false,
          properties: {
            email: { type: 'string', maxLength: 254 },
            roles: rolesSchema,
            zone: zoneSchema,
            admin: S.bool,
            password: { type: 'string', maxLength: 1024 },
          },
        },
      },
    },
    async (req, reply) => {
      const a = await addUser(store, req.body).catch((e: Error) => {
        throw badRequest(`body/${e.message.split(':')[0]}`, e.message.replace(/^\w+: /, ''));
      });
      await audit(store, req, 'admin.compte.creation', a.email, { roles: a.roles, zone: a.zone, admin: a.admin });
      return reply.status(201).send((await store.query(`${ACCOUNT} WHERE c.id = $1`, [a.id]))[0]);
    },
  );

  app.patch<{ Params: { id: number }; Body: { roles?: string[]; zone?: string[]; admin?: boolean; actif?: boolean } }>(
    '/admin/comptes/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change roles, zone, admin flag; disable or enable (disabling ends its sessions)',
        params: { type: 'object', required: ['id'], properties: { id: S.id } },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { roles: rolesSchema, zone: zoneSchema, admin: S.bool, actif: S.bool },
        },
      },
    },
    async (req) => {
      const { roles, zone, admin, actif } = req.body;
      const r = roles && asBadRequest('body/roles', () => parseRoles(roles));
      const z = zone && asBadRequest('body/zone', () => parseZone(zone));
      if (req.params.id === req.viewer!.id && (actif === false || admin === false))
        throw badRequest('body/actif', 'un administrateur ne peut pas se désactiver lui-même');
      const rows = await store.query<{ id: number }>(
        `UPDATE compte SET roles = COALESCE($2, roles), zone = COALESCE($3, zone), departements = COALESCE($4, departements),
           admin = COALESCE($5, admin), actif = COALESCE($6, actif) WHERE id = $1 RETURNING id`,
        [req.params.id, r ?? null, z ?? null, z ? zoneDepartements(z) : null, admin ?? null, actif ?? null],
      );
      if (!rows.length) throw notFound('Compte');
      if (actif === false) await store.query('DELETE FROM session WHERE compte_id = $1', [req.params.id]);
      await audit(store, req, 'admin.compte.modification', String(req.params.id), { ...req.body });
      return (await store.query(`${ACCOUNT} WHERE c.id = $1`, [req.params.id]))[0];
    },
  );

  app.get<{
    Querystring: {
      email?: string;
      action?: string;
      cible?: string;
      from?: string;
      to?: string;
      page: number;
      per_page: number;
    };
  }>(
    '/admin/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'The audit log, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            email: { type: 'string', maxLength: 254 },
            action: { type: 'string', maxLength: 60 },
            cible: { type: 'string', maxLength: 20 },
            from: S.date,
            to: S.date,
            page: S.page,
            per_page: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
        },
      },
    },
    async (req) => {
      const { email, action, cible, from, to, page, per_page } = req.query;
      const ps: unknown[] = [];
      const p = (v: unknown) => {
        ps.push(v);
        return `$${ps.length}`;
      };
      const w = ['true'];
      if (email) w.push(`email = ${p(email.toLowerCase())}`);
      if (action) w.push(`action = ${p(action)}`);
      if (cible) w.push(`cible = ${p(cible)}`);
      if (from) w.push(`at >= ${p(from)}::date`);
      if (to) w.push(`at < ${p(to)}::date + 1`);
      const [{ total }] = await store.query<{ total: number }>(
        `SELECT count(*) AS total FROM audit WHERE ${w.join(' AND ')}`,
        ps,
      );
      const items = await store.query(
        `SELECT id, at, email, action, cible, details, ip FROM audit WHERE ${w.join(' AND ')}
         ORDER BY id DESC LIMIT ${p(per_page)} OFFSET ${p((page - 1) * per_page)}`,
        ps,
      );
      return { total, page, per_page, items };
    },
  );

  for (const format of ['xlsx', 'csv'] as const)
    app.get(
      `/admin/revue.${format}`,
      { schema: { tags: ['admin'], summary: `Semester review of accounts (${format.toUpperCase()})` } },
      async (req, reply) => {
        const rows = (await store.query<Record<string, unknown>>(`${ACCOUNT} ORDER BY c.email`)).map((r) => ({
          ...r,
          roles: (r.roles as string[]).join(', '),
          zone: (r.zone as string[]).join(', '),
          cree_le: r.cree_le && new Date(r.cree_le as string).toISOString(),
          derniere_connexion: r.derniere_connexion && new Date(r.derniere_connexion as string).toISOString(),
        }));
        await audit(store, req, `admin.revue.${format}`);
        const name = `revue-des-habilitations-${new Date().toISOString().slice(0, 10)}.${format}`;
        if (format === 'csv') return download(reply, toCsv(REVIEW, rows), 'text/csv; charset=utf-8', name);
        return download(
          reply,
          await toXlsx('comptes', REVIEW, rows, [
            ['Revue du', new Date().toISOString()],
            ['Par', req.viewer!.email],
          ]),
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          name,
        );
      },
    );
}
