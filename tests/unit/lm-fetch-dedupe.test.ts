/** One network request per distinct GET while a model loads. */
import { describe, expect, it } from 'vitest';
import { dedupingFetch } from '../../src/lib/lm/fetch-dedupe';

describe('dedupingFetch', () => {
  it('shares one request between repeated GETs, each caller reading its own body', async () => {
    const calls: string[] = [];
    const base = async (input: string | URL | Request, init?: RequestInit) => {
      calls.push(`${String(input)} ${new Headers(init?.headers).get('range') ?? ''}`);
      return new Response('hello', { status: 200 });
    };
    const d = dedupingFetch(base);
    const [a, b] = await Promise.all([d.fetch('http://x/f.json'), d.fetch('http://x/f.json')]);
    expect(await a.text()).toBe('hello');
    expect(await b.text()).toBe('hello');
    expect(await (await d.fetch('http://x/f.json')).text()).toBe('hello');
    expect(calls).toHaveLength(1);
    // A Range probe is a different request; clear() forgets everything.
    await d.fetch('http://x/f.json', { headers: { Range: 'bytes=0-0' } });
    expect(calls).toHaveLength(2);
    d.clear();
    await d.fetch('http://x/f.json');
    expect(calls).toHaveLength(3);
  });
  it('does not remember failures, and passes other methods through', async () => {
    let n = 0;
    const d = dedupingFetch(async () => {
      n++;
      if (n === 1) throw new TypeError('Failed to fetch');
      return new Response('ok');
    });
    await expect(d.fetch('http://x/a')).rejects.toThrow('Failed to fetch');
    expect(await (await d.fetch('http://x/a')).text()).toBe('ok');
    await d.fetch('http://x/a', { method: 'POST' });
    expect(n).toBe(3);
  });
});
