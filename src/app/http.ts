import type { FastifyReply } from 'fastify';

/** An error the API answers with `{error: {code, message}}` and its status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} introuvable`);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const badRequest = (field: string, message: string) => new HttpError(400, 'bad_request', `${field}: ${message}`);

/** Sends a file download (exports). */
export function download(reply: FastifyReply, body: Buffer | string, type: string, filename: string) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

// JSON-schema fragments shared by the routes: every parameter is bounded (length, pattern, range).
export const S = {
  siren: { type: 'string', pattern: '^[0-9]{9}$' },
  siret: { type: 'string', pattern: '^[0-9]{14}$' },
  id: { type: 'integer', minimum: 1, maximum: 2147483647 },
  page: { type: 'integer', minimum: 1, maximum: 100000, default: 1 },
  perPage: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  bool: { type: 'boolean' },
  text: (max: number) => ({ type: 'string', maxLength: max }),
  zones: {
    type: 'string',
    maxLength: 1000,
    pattern: '^(FR|mine|R[0-9]{2}|[0-9]{2,3}|2[AB])(,(FR|R[0-9]{2}|[0-9]{2,3}|2[AB]))*$',
  },
  nafSections: { type: 'string', maxLength: 100, pattern: '^[A-U](,[A-U])*$' },
  date: { type: 'string', format: 'date' },
} as const;

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
} as const;
