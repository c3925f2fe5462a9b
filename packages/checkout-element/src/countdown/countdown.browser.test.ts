import { expect } from 'chai';
import {
  harness,
  mount,
  mountOrder,
  newOrder,
  q,
  titleBecomes,
  unmountAll,
  waitFor,
} from '../../test/browser/helpers.js';

afterEach(unmountAll);

const MIN = 60_000;
const shown = (el: HTMLElement) => q(el as never, '[part=countdown] strong')?.textContent ?? '';
const minutes = (el: HTMLElement) => Number(shown(el).split(':')[0]);
const notice = (el: HTMLElement) => q(el as never, '[part=notice]')!.textContent;

describe('countdown', () => {
  it('ignores a wrong device clock: the adapter’s time wins', async () => {
    const realNow = Date.now;
    // This device's clock runs 10 minutes fast; without correction 5 minutes would show.
    Date.now = () => realNow() + 10 * MIN;
    try {
      const el = await mountOrder({ lang: 'en' });
      await waitFor(() => shown(el), 'the countdown');
      expect(minutes(el)).to.be.within(14, 15);
    } finally {
      Date.now = realNow;
    }
  });

  it('counts on BitPay’s clock, not the merchant server’s: a moved sandbox clock still shows about 15 minutes', async () => {
    // The sandbox (BitPay) runs 70 minutes ahead of the adapter at /harness/own-clock, which keeps
    // this machine's time: invoice times are BitPay's, so the adapter's clock would show "85:00".
    await harness('clock', { advanceMs: 70 * MIN });
    const el = mount({ 'order-id': newOrder(), endpoint: '/harness/own-clock', lang: 'en' });
    await waitFor(() => el.invoice && shown(el), 'the countdown');
    expect(el.invoice!.expirationTime - el.invoice!.serverTime).to.be.above(80 * MIN);
    expect(minutes(el)).to.be.within(14, 15);
  });

  it('warns at five minutes and at one minute, then shows the expiry, as the sandbox clock moves', async () => {
    const el = await mountOrder({ lang: 'en' });
    const left = el.invoice!.expirationTime - el.invoice!.serverTime;
    await harness('clock', { advanceMs: left - 4.5 * MIN });
    await el.refresh();
    // About 4:30 left; a slow machine may have used some of it.
    await waitFor(() => minutes(el) <= 4 && minutes(el) >= 3, `under 5 minutes left (shows ${shown(el)})`);
    await waitFor(() => /^[345] minutes left$/.test(notice(el) ?? ''), 'the 5-minute warning');
    expect(q(el, '[part=countdown]')!.classList.contains('late')).to.equal(false);
    await harness('clock', { advanceMs: 4 * MIN });
    await el.refresh();
    await waitFor(() => notice(el) === '1 minute left', 'the 1-minute warning');
    expect(q(el, '[part=countdown]')!.classList.contains('late')).to.equal(true);
    await harness('clock', { advanceMs: MIN });
    await titleBecomes(el, 'Invoice expired');
  });
});
