import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STANDARD_CODES } from './standard-codes';

const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
const rows = [...readme.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|.*\| (yes|no) \|$/gm)].map(
  ([, code, status, retryable]) => ({
    code,
    status: Number(status),
    retryable: retryable === 'yes',
  }),
);

describe("the README's table of standard codes", () => {
  it('lists every standard code with its status and retryability, in table order, and nothing else', () => {
    const table = Object.entries(STANDARD_CODES).map(([code, spec]) => ({
      code,
      status: spec.status,
      retryable: 'retryable' in spec && spec.retryable === true,
    }));
    expect(rows).toEqual(table);
  });
});

describe("the README's commands", () => {
  it('are the ones .ci/run runs', () => {
    const ci = readFileSync(join(__dirname, '../../../.ci/run'), 'utf8');
    const testCommand = /^(npx -y pnpm@10 install && npx -y pnpm@10 test)\b/m.exec(
      readme.replace(/^```sh\n/gm, ''),
    )?.[1];
    expect(testCommand).toBeDefined();
    expect(ci).toContain(testCommand as string);
  });
});
