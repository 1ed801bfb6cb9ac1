/**
 * The code the notes print runs and says what the notes say: the JavaScript snippet of the
 * sampling page (transformers.js on the embedded model, written by hand in the page) prints the
 * same next-token list as the site's engine, whose numbers the figures show; and the NumPy
 * sampling functions reproduce the page's worked top-k / top-p / temperature numbers and draw
 * tokens with the right frequencies.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { haveModel, tinyEngine } from './lm-engine-helpers';

const root = fileURLToPath(new URL('../../', import.meta.url));
const page = readFileSync(`${root}src/content/docs/unit-1/sampling.mdx`, 'utf8');

function block(lang: string, containing: string): string {
  const found = [...page.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!).find((c) => c.includes(containing));
  if (!found) throw new Error(`no ${lang} block with ${containing} on the sampling page`);
  return found;
}

describe.skipIf(!haveModel)('the JavaScript snippet of the sampling page', () => {
  it('prints the ids, the tokens and the top five next tokens the engine computes', async () => {
    const code = block('js', "from '@huggingface/transformers'");
    // Run from the project root, as the page says, so the import and ./public/models/ resolve.
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    const engine = await tinyEngine();
    const text = 'The United States of';
    const ids = engine.encode(text);
    const lines = out.trim().split('\n');
    expect(lines.slice(0, 2).join(' ')).toContain(ids.join(', '));
    const rows = lines.filter((l) => /^".*" \d\.\d{4}$/.test(l)).map((l) => {
      const cut = l.lastIndexOf(' ');
      return { text: JSON.parse(l.slice(0, cut)) as string, p: Number(l.slice(cut + 1)) };
    });
    const want = (await engine.next({ text }, 5)).top;
    expect(rows.map((r) => r.text)).toEqual(want.map((t) => t.text));
    rows.forEach((r, i) => expect(Math.abs(r.p - want[i]!.p)).toBeLessThan(1e-4));
  }, 180_000);
});

const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
describe.skipIf(python.status !== 0)('the NumPy sampling code of the sampling page', () => {
  it("gives the page's worked numbers and draws with the right frequencies", () => {
    const code = block('python', 'def sample(');
    const checks = `
import json
res = {}
exec(${JSON.stringify(code)}, res)
np = res['np']
pp = np.array([0.40, 0.25, 0.15, 0.12, 0.08])
class R:
    def __init__(self, r): self.r = r
    def random(self): return self.r
rng = np.random.default_rng(7)
n = 200000
counts = np.bincount([res['sample'](pp, rng) for _ in range(n)], minlength=5) / n
print(json.dumps({
  'top_p_09': res['top_p'](pp, 0.9).tolist(),
  'top_k_3': res['top_k'](pp, 3).tolist(),
  'top_p_08': res['top_p'](np.array([0.5, 0.2, 0.15, 0.1, 0.05]), 0.8).tolist(),
  'soft': res['softmax']([2, 1, 0]).tolist(),
  'soft_half': res['softmax']([2, 1, 0], T=0.5).tolist(),
  'draws': [res['sample'](pp, R(r)) for r in [0.05, 0.4, 0.62, 0.79, 0.93, 0.9999999]],
  'freq': counts.tolist(),
  'token': int(res['token']),
}))
`;
    const r = JSON.parse(execFileSync('python3', ['-c', checks], { encoding: 'utf8', timeout: 120_000 })) as Record<string, number[] | number>;
    const close = (a: number[], b: number[], tol: number) => a.forEach((x, i) => expect(Math.abs(x - b[i]!)).toBeLessThan(tol));
    // The page: p_top = 0.9 keeps mat, floor, bed, sofa, renormalised by 0.92.
    close(r.top_p_09 as number[], [0.4 / 0.92, 0.25 / 0.92, 0.15 / 0.92, 0.12 / 0.92, 0], 1e-12);
    close(r.top_k_3 as number[], [0.5, 0.3125, 0.1875, 0, 0], 1e-12);
    close(r.top_p_08 as number[], [0.5 / 0.85, 0.2 / 0.85, 0.15 / 0.85, 0, 0], 1e-12);
    const e = [Math.E ** 2, Math.E, 1];
    close(r.soft as number[], e.map((x) => x / (e[0]! + e[1]! + e[2]!)), 1e-12);
    const e2 = [Math.E ** 4, Math.E ** 2, 1];
    close(r.soft_half as number[], e2.map((x) => x / (e2[0]! + e2[1]! + e2[2]!)), 1e-12);
    // The first token whose cumulative sum exceeds r (0.40 itself belongs to "floor").
    expect(r.draws).toEqual([0, 1, 1, 2, 4, 4]);
    // 200,000 draws: each share within 5 standard errors of its probability.
    const p = [0.4, 0.25, 0.15, 0.12, 0.08];
    (r.freq as number[]).forEach((f, i) => expect(Math.abs(f - p[i]!)).toBeLessThan(5 * Math.sqrt((p[i]! * (1 - p[i]!)) / 200000)));
    expect([0, 1]).toContain(r.token);
  }, 180_000);
});
