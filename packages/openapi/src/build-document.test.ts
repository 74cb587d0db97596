import { openApiResponseChecker } from '@errata/conformance';
import { Type } from '@sinclair/typebox';
import Ajv2020 from 'ajv/dist/2020';
import { errors, headers, routes } from '../test/fixture';
import { expectValidOpenApi } from '../test/validate-document';
import { buildDocument } from './build-document';

/** What JSON.parse gives: these tests walk the document freely. */
type Json = ReturnType<typeof JSON.parse>;
const document: Json = JSON.parse(
  JSON.stringify(buildDocument({ catalog: errors, routes, headers, problemDetails: true })),
);
const operation = (path: string, method: string) => document.paths[path][method] as Json;
const resolve = (response: Json): Json =>
  response.$ref ? document.components.responses[String(response.$ref).split('/').pop() as string] : response;

describe('buildDocument', () => {
  it('passes a standard OpenAPI 3.1 validator', async () => {
    expect(document.openapi).toBe('3.1.0');
    await expectValidOpenApi(document);
  });

  it('has one schema per code, its code a const and its params required, united under a discriminator', () => {
    const schemas = document.components.schemas;
    for (const code of errors.codes) {
      expect(schemas[`Error_${code}`].properties.code).toEqual({ type: 'string', const: code });
      expect(schemas[`Problem_${code}`].properties.code).toEqual({ type: 'string', const: code });
    }
    expect(schemas.Error_SYMBOL_NOT_FOUND.required).toEqual(['code', 'message', 'params']);
    expect(schemas.Error_SYMBOL_NOT_FOUND.properties.params.properties.symbol).toEqual({
      type: 'string',
      description: 'The symbol asked for.',
      examples: ['DOGEUSDT'],
    });
    expect(schemas.Error_NOT_FOUND.properties.params).toBeUndefined();
    expect(schemas.ErrorObject.discriminator.propertyName).toBe('code');
    expect(Object.keys(schemas.ErrorObject.discriminator.mapping)).toEqual([...errors.codes]);
    expect(schemas.ErrorObject.oneOf).toHaveLength(errors.codes.length);
    // problem+json carries the params as extension members
    expect(schemas.Problem_SYMBOL_NOT_FOUND.required).toEqual(expect.arrayContaining(['symbol', 'supported']));
  });

  it('lists on each operation the declared codes and INTERNAL_ERROR, one response per status', () => {
    const ticker = operation('/v1/ticker', 'get').responses;
    expect(Object.keys(ticker)).toEqual(['200', '400', '429', '500', '503']);
    const codesOf = (response: Json) => Object.keys(resolve(response).content['application/json'].examples);
    expect(codesOf(ticker['400'])).toEqual(['VALIDATION_ERROR']);
    expect(codesOf(ticker['503'])).toEqual(['UPSTREAM_ERROR']);
    expect(codesOf(operation('/v1/orders', 'post').responses['400'])).toEqual([
      'BAD_REQUEST',
      'INVALID_JSON',
      'VALIDATION_ERROR',
      'LEVERAGE_EXCEEDS_MAXIMUM',
    ]);
    expect(Object.keys(operation('/health', 'get').responses)).toEqual(['200', '500']);
    expect(operation('/v1/orders', 'post').responses['201']).toBeDefined();
  });

  it('narrows the error schema to the codes of the status, with a discriminator mapping', () => {
    const schema = resolve(operation('/v1/orders', 'post').responses['400']).content['application/json'].schema;
    expect(schema.properties.error.discriminator).toEqual({
      propertyName: 'code',
      mapping: {
        BAD_REQUEST: '#/components/schemas/Error_BAD_REQUEST',
        INVALID_JSON: '#/components/schemas/Error_INVALID_JSON',
        VALIDATION_ERROR: '#/components/schemas/Error_VALIDATION_ERROR',
        LEVERAGE_EXCEEDS_MAXIMUM: '#/components/schemas/Error_LEVERAGE_EXCEEDS_MAXIMUM',
      },
    });
  });

  it('documents the headers each code sends, the request id everywhere and the declared rate-limit headers', () => {
    const ticker = operation('/v1/ticker', 'get').responses;
    expect(Object.keys(ticker['429'].headers)).toEqual(['X-Request-Id', 'Retry-After', 'X-RateLimit-Limit']);
    expect(Object.keys(ticker['503'].headers)).toEqual(['X-Request-Id', 'Retry-After', 'X-RateLimit-Limit']);
    expect(Object.keys(ticker['200'].headers)).toEqual(['X-Request-Id', 'X-RateLimit-Limit']);
    expect(Object.keys(resolve(operation('/v1/orderbook/{symbol}', 'get').responses['405']).headers)).toEqual([
      'X-Request-Id',
      'Allow',
    ]);
    expect(document.components.headers['X-Request-Id'].required).toBe(true);
    expect(document.components.headers['X-RateLimit-Limit']).toEqual({
      description: 'Requests allowed per window.',
      schema: { type: 'integer' },
    });
  });

  it('refers to the shared per-status response when a route answers every code of that status', () => {
    expect(operation('/v1/orderbook/{symbol}', 'get').responses['405']).toEqual({
      $ref: '#/components/responses/Error405',
    });
    expect(operation('/v1/ticker', 'get').responses['400'].$ref).toBeUndefined(); // it has route headers
  });

  it('gives every code an example that validates against its own schema', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(document, 'openapi');
    let checked = 0;
    for (const [name, response] of Object.entries<Json>(document.components.responses)) {
      for (const [type, media] of Object.entries<Json>(response.content)) {
        const validate = ajv.compile({
          $ref: `openapi#/components/responses/${name}/content/${type.replace('/', '~1')}/schema`,
        });
        for (const [code, example] of Object.entries<Json>(media.examples)) {
          expect([code, validate(example.value), ajv.errorsText(validate.errors)]).toEqual([code, true, 'No errors']);
          checked++;
        }
      }
    }
    expect(checked).toBe(errors.codes.length * 2);
  });

  it('gives every success an example that validates against its schema', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(document, 'openapi');
    const successes = [
      ['/health', 'get', '200'],
      ['/v1/ticker', 'get', '200'],
      ['/v1/orders', 'post', '201'],
    ] as const;
    for (const [path, method, status] of successes) {
      const media = operation(path, method).responses[status].content['application/json'];
      const validate = ajv.compile({
        $ref: `openapi#/paths/${path.replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json/schema`,
      });
      expect([path, validate(media.example), ajv.errorsText(validate.errors)]).toEqual([path, true, 'No errors']);
    }
    expect(operation('/health', 'get').responses['200'].content['application/json'].example.data).toEqual({
      status: 'ok',
    });
  });

  it('fills examples from the params schema and the message function', () => {
    const example = document.components.responses.Error404.content['application/json'].examples.SYMBOL_NOT_FOUND;
    expect(example.value.error).toEqual({
      code: 'SYMBOL_NOT_FOUND',
      message: 'Symbol DOGEUSDT is not listed.',
      params: { symbol: 'DOGEUSDT', supported: ['BTCUSDT'] },
    });
  });

  it('documents path, query and body from the route schemas', () => {
    expect(operation('/v1/orderbook/{symbol}', 'get').parameters).toEqual([
      { name: 'symbol', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    expect(operation('/v1/ticker', 'get').parameters).toEqual([
      { name: 'symbol', in: 'query', required: true, description: 'e.g. BTCUSDT', schema: { type: 'string' } },
    ]);
    expect(operation('/v1/orders', 'post').requestBody.content['application/json'].schema.required).toEqual([
      'symbol',
      'quantity',
    ]);
  });

  it('accepts its own example answers through the response checker', () => {
    const check = openApiResponseChecker(document);
    const example = document.components.responses.Error404.content['application/json'].examples.SYMBOL_NOT_FOUND;
    const observed = {
      method: 'GET',
      path: '/v1/orderbook/DOGEUSDT',
      status: 404,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'abc' },
      text: JSON.stringify(example.value),
    };
    expect(check(observed)).toEqual([]);
    // and catches a lie: a code the route does not document, a header it does not list
    const lie = { ...observed, text: JSON.stringify({ ...example.value, error: { code: 'CONFLICT', message: 'x' } }) };
    expect(check(lie).join('\n')).toMatch(/must match|must be equal to constant/);
    expect(check({ ...observed, headers: { ...observed.headers, 'retry-after': '3' } })).toEqual([
      'GET /v1/orderbook/DOGEUSDT → 404: header retry-after is sent but not documented',
    ]);
    expect(check({ ...observed, status: 409 })).toEqual([
      'GET /v1/orderbook/DOGEUSDT → 409: the operation GET /v1/orderbook/{symbol} documents no 409',
    ]);
  });

  it('rejects a route that declares a code the catalog does not have, or an undeclared header', () => {
    expect(() => buildDocument({ catalog: errors, routes: [{ method: 'GET', path: '/x', errors: ['NOPE'] }] })).toThrow(
      /GET \/x declares NOPE, which the catalog does not have/,
    );
    expect(() =>
      buildDocument({ catalog: errors, routes: [{ method: 'GET', path: '/x', errors: [], responseHeaders: ['X-Y'] }] }),
    ).toThrow(/lists the response header X-Y, which the `headers` option does not declare/);
    expect(() =>
      buildDocument({
        catalog: errors,
        routes: [
          { method: 'GET', path: '/x/:id', errors: [] },
          { method: 'get', path: '/x/{id}', errors: [] },
        ],
      }),
    ).toThrow(/described twice/);
  });

  it('lists headers marked onSharedResponses on the shared responses, for paths no operation has', () => {
    const shared = { 'X-Limit': { description: 'limit', onSharedResponses: true } };
    const built: Json = buildDocument({
      catalog: errors,
      headers: shared,
      routes: [
        { method: 'GET', path: '/a', errors: ['NOT_FOUND', 'SYMBOL_NOT_FOUND'], responseHeaders: ['X-Limit'] },
        { method: 'GET', path: '/b', errors: ['NOT_FOUND', 'SYMBOL_NOT_FOUND'] },
      ],
    });
    expect(Object.keys(built.components.responses.Error404.headers)).toEqual(['X-Request-Id', 'X-Limit']);
    expect(built.paths['/a'].get.responses['404']).toEqual({ $ref: '#/components/responses/Error404' });
    expect(Object.keys(built.paths['/b'].get.responses['404'].headers)).toEqual(['X-Request-Id']);
  });

  it('leaves a header off the answers of the codes it is absent from', () => {
    const built: Json = buildDocument({
      catalog: errors,
      headers: { 'X-Limit': { description: 'limit', absentFrom: ['UNAUTHORIZED'] } },
      routes: [{ method: 'GET', path: '/a', errors: ['UNAUTHORIZED', 'FORBIDDEN'], responseHeaders: ['X-Limit'] }],
    });
    expect(Object.keys(built.paths['/a'].get.responses['401'].headers)).toEqual(['X-Request-Id']);
    expect(Object.keys(built.paths['/a'].get.responses['403'].headers)).toEqual(['X-Request-Id', 'X-Limit']);
  });

  it('leaves problem+json out unless asked, and keeps the user’s info', () => {
    const plain = buildDocument({
      catalog: errors,
      routes: [{ method: 'GET', path: '/x', errors: [], success: { data: Type.String() } }],
      info: { title: 'Market', version: '2.0.0' },
    }) as Json;
    expect(plain.info).toEqual({ title: 'Market', version: '2.0.0' });
    expect(Object.keys(plain.components.responses.Error404.content)).toEqual(['application/json']);
    expect(plain.components.schemas.Problem_NOT_FOUND).toBeUndefined();
  });
});
