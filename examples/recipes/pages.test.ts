/**
 * Each recipe's `page.txt` is the public error page it reproduces, byte for byte as captured (the seed file named
 * here): the recipes' tests read their examples from it, so an edit to a page would quietly change what they prove.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PAGES: [recipe: string, seed: string, sha256: string][] = [
  ['nested-meta', '000_b1e13cd34afb09a2.txt', '00bfb367e88234795aaecbe8f882d20d36a79e365ef33972b7ed7ead8d2fbd00'],
  ['flat-code', '001_805e638099b66185.txt', 'f09e1c725a622c12f7b1bf40ae24883efe9535f56a64d65477f66d7fcda570ee'],
  ['status-mirror', '002_3ddfb5551d47e8ac.txt', '3918bb96906893c1cd84ff6bbc2875b1ec210766d84150e06c409715cbac57de'],
  ['title-hints', '003_a50cc29a4d5eee55.txt', '43b2b3e977603ad7af8b18ffe36e0b7a5efbd4076410abfbb9cb8a41ff281246'],
  ['typed-hints', '004_1193217ce219fd6a.txt', '5da7c8fd4228eb8e8234bf189c69f4a74dd80a5e5ac4d3fbec26113c870c8217'],
];

describe('the recipes’ pages', () => {
  it.each(PAGES)('%s/page.txt is seed %s, unedited', (recipe, seed, sha256) => {
    const page = readFileSync(join(__dirname, recipe, 'page.txt'));
    expect([seed, createHash('sha256').update(page).digest('hex')]).toEqual([seed, sha256]);
  });
});
