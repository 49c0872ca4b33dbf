// The client's tokenizer (static/search.js) on the cases the index's
// tokenizer (token.go) is tested on: testdata/tokens.json. Run by
// `go test ./internal/search` (TestScript) when node is installed, or:
//
//	node --test internal/search/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { tokenize } = require('../../static/search.js');
const cases = JSON.parse(readFileSync(new URL('testdata/tokens.json', import.meta.url), 'utf8'));

for (const c of cases) {
  test(`tokenize: ${c.name}`, () => {
    const got = tokenize(c.text).map((t) => [t.text, c.text.slice(t.start, t.end)]);
    assert.deepEqual(got, c.tokens);
  });
}
