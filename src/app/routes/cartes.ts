import type { FastifyInstance } from 'fastify';
import { audit } from '../audit.ts';
import { carteEntreprise, carteEtablissement } from '../cartes/carte.ts';
import { notFound, S } from '../http.ts';
import { JSON_TYPE } from '../json.ts';

// Cards come as JSON text from the app store (cartes/carte.ts): sent as is, not serialised by Fastify.

export default async function cartesRoutes(app: FastifyInstance) {
  const { store } = app;
  app.get<{ Params: { siren: string } }>(
    '/entreprises/:siren',
    {
      schema: {
        tags: ['fiches'],
        summary: 'Company card: identity for everyone, confidential blocks under the access rule',
        params: { type: 'object', required: ['siren'], properties: { siren: S.siren } },
      },
    },
    async (req, reply) => {
      const card = await carteEntreprise(store, req.viewer!, req.params.siren);
      if (!card) throw notFound('Entreprise');
      await audit(store, req, 'entreprise.lecture', req.params.siren, { blocs: card.shown });
      return reply.type(JSON_TYPE).send(card.json);
    },
  );
  app.get<{ Params: { siret: string } }>(
    '/etablissements/:siret',
    {
      schema: {
        tags: ['fiches'],
        summary: 'Establishment card: identity for everyone, confidential blocks under the access rule',
        params: { type: 'object', required: ['siret'], properties: { siret: S.siret } },
      },
    },
    async (req, reply) => {
      const card = await carteEtablissement(store, req.viewer!, req.params.siret);
      if (!card) throw notFound('Établissement');
      await audit(store, req, 'etablissement.lecture', req.params.siret, { blocs: card.shown });
      return reply.type(JSON_TYPE).send(card.json);
    },
  );
}
