import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTES, renderErrorPage } from './error-page';
import { errors } from './errors';
import { wireCode } from './format';

const page = renderErrorPage();
const section = (code: string) => {
  const start = page.indexOf(`### \`${wireCode(code)}\`\n`);
  const end = page.indexOf('\n### ', start + 1);
  return start === -1 ? '' : page.slice(start, end === -1 ? undefined : end);
};

describe('the generated 004 error page', () => {
  it('is ERRORS.md (regenerate: npx tsx examples/recipes/typed-hints/error-page.ts)', () => {
    expect(readFileSync(join(__dirname, 'ERRORS.md'), 'utf8')).toBe(page);
  });

  it('documents every code of the catalog as the wire spells it, with its status and description', () => {
    for (const entry of errors.describe()) {
      const text = section(entry.code);
      expect([entry.code, text === '']).toEqual([entry.code, false]);
      expect(text).toContain(`**${entry.status} `);
      if (entry.description !== '') expect(text).toContain(entry.description);
      expect(page).not.toContain(`\`${entry.code}\``); // never the catalog's UPPER_SNAKE spelling
    }
  });

  it('lists every params key of every code with its type and description', () => {
    for (const entry of errors.describe()) {
      const properties = (entry.params as { properties?: Record<string, { description?: string }> } | null)?.properties;
      for (const [name, schema] of Object.entries(properties ?? {})) {
        const row = section(entry.code)
          .split('\n')
          .find((line) => line.startsWith(`| \`${name}\` |`));
        expect([entry.code, name, row !== undefined]).toEqual([entry.code, name, true]);
        if (schema.description !== undefined) expect(row).toContain(schema.description.replace(/\|/g, '\\|'));
      }
    }
  });

  it("groups the codes by the page's endpoints and shows the page's body, not errata's envelope", () => {
    for (const route of ROUTES) expect(page).toContain(`### \`${route.method} ${route.path}\``);
    expect(page).toContain('"type": "INVALID_REQUEST_ERROR"');
    expect(page).not.toContain('"success": false');
  });
});
