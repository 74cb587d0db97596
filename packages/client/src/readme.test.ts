import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');

describe("the README's retry loop of the seeds", () => {
  it('is five lines, as its heading says', () => {
    const section = readme.slice(readme.indexOf("## The seeds' retry loops, in five lines"));
    const loop = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(loop?.trimEnd().split('\n')).toHaveLength(5);
  });
});
