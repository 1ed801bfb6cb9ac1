import { test as base, expect } from '@playwright/test';

/** Hosts a test page may talk to: the local preview server and nothing else. */
export function isLocalUrl(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  return ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

interface Guards {
  /** Console errors seen so far on this page; the test fails if any are left unexpected. */
  consoleErrors: string[];
  /** Requests the page tried to send off this machine (all of them are aborted). */
  offsiteRequests: string[];
  /** Patterns of console errors a test provokes on purpose (a 404 it asked for, say). */
  allowConsoleErrors: RegExp[];
}

/**
 * The project's Playwright `test`: every page runs offline (any request leaving localhost is
 * aborted and recorded) and fails on console errors unless a test allows a pattern.
 */
export const test = base.extend<Guards>({
  allowConsoleErrors: [[], { option: true }],
  offsiteRequests: [async ({ context }, use) => {
    const offsite: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLocalUrl(url)) return route.continue();
      offsite.push(url);
      return route.abort('blockedbyclient');
    });
    await use(offsite);
    expect(offsite, 'requests that left localhost').toEqual([]);
  }, { auto: true }],
  consoleErrors: [async ({ page, allowConsoleErrors }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`${msg.text()} [${msg.location().url}]`);
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    await use(errors);
    const unexpected = errors.filter((e) => !allowConsoleErrors.some((re) => re.test(e)));
    expect(unexpected, 'console errors').toEqual([]);
  }, { auto: true }],
});

export { expect };
