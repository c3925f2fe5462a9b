import { expect } from 'chai';
import { harness, mountOrder, pay, q, titleBecomes, unmountAll, waitFor } from '../../test/browser/helpers.js';

afterEach(unmountAll);

async function openStreams(): Promise<number> {
  return ((await (await fetch('/harness/streams')).json()) as { open: number }).open;
}

describe('live status', () => {
  it('reconnects when the stream drops and shows what happened meanwhile', async () => {
    const el = await mountOrder({ lang: 'en' });
    await waitFor(async () => (await openStreams()) === 1, 'the stream to open');
    const { dropped } = (await harness('drop-streams')) as { dropped: number };
    expect(dropped).to.equal(1);
    await waitFor(() => q(el, '.status small')?.textContent === 'Reconnecting…', 'the reconnecting notice');
    // Paid while the element was not listening: the resumed stream brings it.
    await pay(el.invoice!);
    await titleBecomes(el, 'Payment received');
    expect(q(el, '.status small')).to.equal(null);
    expect(await openStreams()).to.equal(1);
  });

  it('polls, with backoff, when event streams are refused', async () => {
    await harness('streams-broken', { broken: true });
    try {
      const el = await mountOrder({ lang: 'en' });
      await pay(el.invoice!);
      await titleBecomes(el, 'Payment received');
      expect(await openStreams()).to.equal(0);
    } finally {
      await harness('streams-broken', { broken: false });
    }
  });

  it('keeps listening after expiry: a late payment may still arrive within the monitoring window', async () => {
    const el = await mountOrder({ lang: 'en' });
    await waitFor(async () => (await openStreams()) === 1, 'the stream to open');
    await harness(`invoices/${el.invoice!.id}/status`, { status: 'expired' });
    await titleBecomes(el, 'Invoice expired');
    expect(el.invoice!.monitoringUntil).to.be.greaterThan(el.invoice!.serverTime);
    expect(await openStreams()).to.equal(1);
  });

  it('stops listening at a terminal state', async () => {
    const el = await mountOrder({ lang: 'en' });
    await waitFor(async () => (await openStreams()) === 1, 'the stream to open');
    await harness(`invoices/${el.invoice!.id}/status`, { status: 'complete' });
    await titleBecomes(el, 'Payment complete');
    await waitFor(async () => (await openStreams()) === 0, 'the stream to close');
    // Longer than the server's retry interval (3 s): a reconnect would have happened by now.
    await new Promise((r) => setTimeout(r, 4000));
    expect(await openStreams()).to.equal(0);
  });

  it('stops listening when removed from the page', async () => {
    const el = await mountOrder({ lang: 'en' });
    await waitFor(async () => (await openStreams()) === 1, 'the stream to open');
    el.remove();
    await waitFor(async () => (await openStreams()) === 0, 'the stream to close');
  });
});
