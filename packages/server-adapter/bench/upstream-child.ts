// The zero-latency upstream in its own process, so its work is not charged to the adapter under test.
// IPC: {type:'status', id, status} changes an invoice; {type:'reads'} answers with the read count.
import { startUpstream } from './upstream.js';

const upstream = await startUpstream();
process.on('message', (m: { type: string; id?: string; status?: string; seq?: number }) => {
  if (m.type === 'status') {
    const inv = upstream.invoices.get(m.id!);
    if (inv) inv.status = m.status;
    process.send!({ type: 'ack', seq: m.seq });
  } else if (m.type === 'reads') process.send!({ type: 'reads', seq: m.seq, reads: upstream.reads });
  else if (m.type === 'exit') void upstream.close().then(() => process.exit(0));
});
process.send!({ type: 'ready', url: upstream.url });
