import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
const checked = readFileSync(join(__dirname, '../test/readme-example.ts'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(([, code]) =>
  (code as string)
    .split('\n')
    .filter((line) => !line.startsWith('import '))
    .join('\n')
    .trim(),
);

describe("the README's TypeScript", () => {
  it('is type-checked: every block appears verbatim in test/readme-example.ts', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks)
      expect([block.split('\n')[0], checked.includes(block)]).toEqual([block.split('\n')[0], true]);
  });

  it('has the retry loop of the seeds in five lines', () => {
    const loop = blocks.find((block) => block.includes("isError(error, 'NOT_FOUND')"));
    expect(loop?.split('\n')).toHaveLength(5);
  });
});
