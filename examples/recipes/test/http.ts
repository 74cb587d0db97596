/** One HTTP exchange over a real socket, the body parsed in key order (what the pages' examples pin). */

export interface Answer {
  status: number;
  headers: Headers;
  /** The raw body. */
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  body: unknown;
}

/**
 * @example const res = await call(`${api.url}/v2/meta`, { headers: { 'x-api-key': 'bq_free_demo' } })
 */
export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** A JSON body's property, for answers whose shape a test has already pinned. */
export function field(answer: Answer, ...path: (string | number)[]): unknown {
  let value: unknown = answer.body;
  for (const key of path) value = (value as Record<string | number, unknown> | undefined)?.[key];
  return value;
}
