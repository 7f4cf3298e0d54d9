// A webhook receiver for trying Hookgate locally: prints every request and, given the signing
// secret, verifies it with the independent `standardwebhooks` package.
//   npx tsx scripts/receiver.ts [port] [whsec_...]
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const port = Number(process.argv[2] ?? 9000);
const secret = process.argv[3];
createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let verdict = 'not checked (no secret given)';
    if (secret) {
      try {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
        verdict = 'valid';
      } catch (err) {
        verdict = `INVALID (${(err as Error).message})`;
      }
    }
    process.stdout.write(`\n${req.method} ${req.url}  webhook-id=${req.headers['webhook-id']}  signature ${verdict}\n${body}\n`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
  });
}).listen(port, '127.0.0.1', () => process.stdout.write(`receiver listening on http://127.0.0.1:${port}/\n`));
