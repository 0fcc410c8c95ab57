import { z } from 'zod';
import { errorBodySchema } from './common.ts';
import { endpoints, type Endpoint } from './endpoints.ts';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

function queryParameters(schema: z.ZodType): JsonSchema[] {
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function operation(name: string, endpoint: Endpoint): JsonSchema {
  const pathParameters = [...endpoint.path.matchAll(/:([A-Za-z]+)/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const error = {
    description: 'Error',
    content: { 'application/json': { schema: jsonSchema(errorBodySchema, 'output') } },
  };
  return {
    operationId: name,
    summary: endpoint.summary,
    'x-access': endpoint.access,
    ...(endpoint.audited ? { 'x-audited-as': endpoint.audited } : {}),
    parameters: [
      ...pathParameters,
      ...(endpoint.query ? queryParameters(endpoint.query) : []),
      { name: 'X-CSRF', in: 'header', required: true, schema: { const: '1' } },
    ],
    ...(endpoint.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(endpoint.body, 'input') } },
          },
        }
      : {}),
    responses: {
      200: {
        description: 'OK',
        content: { [endpoint.produces ?? 'application/json']: { schema: jsonSchema(endpoint.response, 'output') } },
      },
      400: error,
      401: error,
      403: error,
      default: error,
    },
  };
}

/** The OpenAPI 3.1 document of the BFF, generated from the contract. */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [name, endpoint] of Object.entries(endpoints) as [string, Endpoint][]) {
    const path = `/api${endpoint.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    paths[path] = { ...(paths[path] ?? {}), [endpoint.method]: operation(name, endpoint) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'mdm-console BFF',
      version: '1.0.0',
      description:
        'Every call needs the header X-CSRF: 1; state-changing calls need a same-origin JSON request. Sessions are a __Host- cookie.',
    },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: '__Host-mdm-session' } } },
    security: [{ session: [] }],
    paths,
  };
}
