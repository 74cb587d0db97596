// `node probe.mjs <app file> <request id>`: starts the app on loopback, sends GET /orders/42 with that request id,
// prints what came back as one JSON line, and stops the app.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [file, requestId] = process.argv.slice(2);
const app = await import(pathToFileURL(file).href);
const { port, close } = await app.start();
try {
  const response = await fetch(`http://127.0.0.1:${port}/orders/42`, {
    headers: { 'x-request-id': requestId },
    signal: AbortSignal.timeout(10_000),
  });
  const framework = file.replace(/^.*[/\\]|\.[cm]js$/g, '');
  const manifest = JSON.parse(readFileSync(`node_modules/${framework}/package.json`, 'utf8'));
  console.log(
    JSON.stringify({
      adapterEntry: app.adapterEntry,
      frameworkVersion: manifest.version,
      status: response.status,
      contentType: response.headers.get('content-type'),
      requestId: response.headers.get('x-request-id'),
      body: await response.json(),
    }),
  );
} finally {
  await close();
}
