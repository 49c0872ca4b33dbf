// Live editing: with `dossier serve` running on a copy of the shipped
// content, an article open in the browser shows an edit of its file without
// the reader doing anything. Skipped, saying so, while the dossier command
// has no serve.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, launch, newContext, screenshot, skip, WIDE } from './lib.mjs';

// freePort returns a port of the range the project's tests use that
// nothing listens on.
async function freePort() {
  for (let port = 18150; port < 18200; port++) {
    const ok = await new Promise((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port in 18150–18199');
}

async function waitForHTTP(url, server, log, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`dossier serve exited with status ${server.exitCode}:\n${log.join('')}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`dossier serve did not answer at ${url} within ${ms / 1000} s:\n${log.join('')}`);
}

test('with dossier serve, an edit of an article reloads the open page', async (t) => {
  const bin = env('DOSSIER_BIN');
  const probe = spawnSync(bin, ['serve', '-h'], { encoding: 'utf8' });
  if (probe.status !== 0) return skip(t, '`dossier serve` is not a command yet');

  const dir = mkdtempSync(join(tmpdir(), 'dossier-reload-'));
  const content = join(dir, 'content');
  cpSync(env('CONTENT_DIR'), content, { recursive: true });
  const name = readdirSync(join(content, 'articles')).filter((f) => f.endsWith('.md')).sort()[0];
  const file = join(content, 'articles', name);
  const slug = name.replace(/\.md$/, '');

  const port = await freePort();
  const log = [];
  const server = spawn(bin, ['serve', '-content', content, '-out', join(dir, 'build'), '-addr', `127.0.0.1:${port}`], { cwd: dir });
  server.stdout.on('data', (d) => log.push(d.toString()));
  server.stderr.on('data', (d) => log.push(d.toString()));
  const browser = await launch();
  try {
    const root = `http://127.0.0.1:${port}/`;
    await waitForHTTP(root, server, log, 60_000);
    const context = await newContext(browser, { width: WIDE });
    const page = await context.newPage();
    await page.goto(`${root}articles/${slug}/`);
    assert.ok(!readFileSync(file, 'utf8').includes('Live reload check'), 'the marker is already in the article');

    const marker = `Live reload check ${process.pid}`;
    writeFileSync(file, readFileSync(file, 'utf8') + `\n${marker}.\n`);
    await page.waitForFunction((m) => document.body.innerText.includes(m), marker, { timeout: 20_000 })
      .catch((e) => { throw new Error(`the open page did not show the edit within 20 s (${e.message}); serve said:\n${log.join('')}`); });
    await screenshot(page, 'live-reload');
    await context.close();
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
});
