/**
 * Checks real responses against an OpenAPI 3.1 document, so that docs are proven by traffic: the operation (or, for
 * a path no operation has, the code's own schema) must document the status, the content type, a body that validates,
 * and every header that matters to a client.
 */
import Ajv2020 from 'ajv/dist/2020';

export interface ObservedResponse {
  method: string;
  /** The request path, query string allowed. */
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as received; empty for HEAD. */
  text: string;
}

/** Headers a client acts on: when a response carries one, its documented response must list it. */
const SIGNIFICANT = [
  'x-request-id',
  'retry-after',
  'allow',
  'www-authenticate',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * A checker for one document: call it with each observed response; it returns what the document fails to say (empty
 * when the response is documented).
 * @example const check = openApiResponseChecker(document); expect(check({ method, path, status, headers, text })).toEqual([])
 */
export function openApiResponseChecker(document: Json): (response: ObservedResponse) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  ajv.addSchema(document, 'openapi');
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const validator = (ref: string) => {
    const validate = compiled.get(ref) ?? ajv.compile({ $ref: `openapi#/${ref}` });
    compiled.set(ref, validate);
    return validate;
  };
  const paths = obj(document.paths);
  const templates = Object.keys(paths).map((template) => ({
    template,
    regex: new RegExp(
      `^${template
        .split('/')
        .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')))
        .join('/')}$`,
    ),
  }));

  return function check(response) {
    const problems: string[] = [];
    const path = response.path.split('?')[0] as string;
    const method = (response.method === 'HEAD' ? 'GET' : response.method).toLowerCase();
    const where = `${response.method} ${response.path} → ${response.status}`;
    const contentType =
      String(response.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    const template = templates.find((t) => t.regex.test(path) && obj(paths[t.template])[method] !== undefined);
    let responseRef: string | undefined;
    if (template !== undefined) {
      const responses = obj(obj(obj(paths[template.template])[method]).responses);
      const documented = obj(responses[String(response.status)]);
      if (Object.keys(documented).length === 0) {
        return [`${where}: the operation ${method.toUpperCase()} ${template.template} documents no ${response.status}`];
      }
      responseRef =
        typeof documented.$ref === 'string'
          ? documented.$ref.slice(2)
          : pointer('paths', template.template, method, 'responses', String(response.status));
    }
    if (responseRef === undefined) {
      // No operation answers this path and method (a 404, a 405): the body must be the code's documented error.
      const code = safeCode(response.text);
      const status = `Error${response.status}`;
      if (obj(obj(obj(document.components).responses)[status]).content === undefined) {
        return [`${where}: components.responses has no ${status}`];
      }
      responseRef = pointer('components', 'responses', status);
      if (code !== undefined && !obj(obj(obj(document.components).schemas))[`Error_${code}`]) {
        problems.push(`${where}: no schema documents ${code}`);
      }
    }
    const documented = resolve(document, responseRef);
    const headers = obj(documented.headers);
    const names = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
    for (const name of SIGNIFICANT) {
      if (response.headers[name] !== undefined && !names.has(name))
        problems.push(`${where}: header ${name} is sent but not documented`);
    }
    for (const [name, header] of Object.entries(headers)) {
      const h = obj('$ref' in obj(header) ? resolve(document, String(obj(header).$ref).slice(2)) : header);
      const value = response.headers[name.toLowerCase()];
      if (value === undefined) {
        if (h.required === true) problems.push(`${where}: required header ${name} is missing`);
        continue;
      }
      const schema = obj(h.schema);
      const typed = schema.type === 'integer' || schema.type === 'number' ? Number(value) : value;
      if (!ajv.validate(schema, typed)) problems.push(`${where}: header ${name}: ${ajv.errorsText()}`);
    }
    const content = obj(documented.content);
    if (response.method === 'HEAD' || response.text === '') {
      if (Object.keys(content).length > 0 && response.method !== 'HEAD')
        problems.push(`${where}: an empty body, but content is documented`);
      return problems;
    }
    if (content[contentType] === undefined) {
      problems.push(`${where}: content type ${contentType} is not documented (${Object.keys(content).join(', ')})`);
      return problems;
    }
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      problems.push(`${where}: the body is not JSON`);
      return problems;
    }
    const validate = validator(`${responseRef}/${pointer('content', contentType, 'schema')}`);
    if (!validate(body)) problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    return problems;
  };
}

function resolve(document: Json, ref: string): Json {
  let node: unknown = document;
  for (const part of ref.split('/')) node = obj(node)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return obj(node);
}

function safeCode(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown }; code?: unknown };
    const code = body.error?.code ?? body.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
