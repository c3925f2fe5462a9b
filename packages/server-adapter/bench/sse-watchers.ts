// Child process of the SSE benchmark: opens N streams to one invoice (its own file-descriptor budget),
// reports when all have their first event, then when all have seen `"status":"paid"`.
import { Agent, get } from 'node:http';

const url = process.argv[2]!;
const count = Number(process.argv[3]);
const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
let connected = 0;
let paid = 0;
const send = (m: unknown) => process.send!(m);

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent }, (res) => {
      let first = true;
      let seenPaid = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (first && chunk.includes('event: invoice')) {
          first = false;
          connected++;
          resolve();
        }
        if (!seenPaid && chunk.includes('"status":"paid"')) {
          seenPaid = true;
          if (++paid === count) send({ type: 'paid', at: Date.now() });
        }
      });
    });
    req.on('error', reject);
  });
}

for (let i = 0; i < count; i += 500) {
  await Promise.all(Array.from({ length: Math.min(500, count - i) }, open));
}
send({ type: 'connected', connected });
process.on('message', (m) => {
  if (m === 'exit') process.exit(0);
});
