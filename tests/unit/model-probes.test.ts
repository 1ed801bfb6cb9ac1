/**
 * Teaching probes (model/probes.json): what the notes say a language model does, checked on the
 * shipped embedded model. Each probe is evaluated here with the engine on onnxruntime-node and
 * compared with the same probe evaluated in PyTorch by model/golden.py (an independent forward
 * pass, written to the golden file): the numbers must agree, and every probe that the notes
 * present as this model's behaviour (a `notes` field) must hold. The count of probes the model
 * gets right is printed, as in the model card.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { logSoftmax } from '../../src/lib/math/softmax';
import { golden, haveModel, tinyEngine } from './lm-engine-helpers';
import type { GoldenProbe } from './lm-engine-helpers';

interface Probe {
  id: string;
  kind: 'pair' | 'next' | 'word' | 'start';
  better?: string;
  worse?: string;
  prompt?: string;
  token?: string;
  k?: number;
  max?: number;
  notes?: string;
}

const PROBES: Probe[] = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../model/probes.json', import.meta.url)), 'utf8'),
).probes;
const TOL = 1e-3; // nats

const d = haveModel ? describe : describe.skip;

/** Is this token text a whole word: a leading space, then three or more ASCII letters? */
function isWord(text: string): boolean {
  return /^ [A-Za-z]{3,}$/.test(text);
}

/** Rank (1 = most likely) of `id` in a row of log-probabilities. */
function rankOf(row: ArrayLike<number>, id: number): number {
  let above = 0;
  for (let i = 0; i < row.length; i++) if ((row[i] as number) > (row[id] as number)) above++;
  return above + 1;
}

d('teaching probes on the shipped embedded model', () => {
  const byId = new Map<string, GoldenProbe>(golden().probes.map((p) => [p.id, p]));

  it('has a PyTorch evaluation of every probe in model/probes.json', () => {
    expect([...byId.keys()].sort()).toEqual(PROBES.map((p) => p.id).sort());
  });

  it('gives every probe the PyTorch numbers and verdict, and holds every probe the notes rely on', async () => {
    const e = await tinyEngine();
    const bos = e.info.bosId as number;
    /** log p of the next token after [bos] + ids, for every token (one full forward). */
    const nextRow = async (ids: number[]) => logSoftmax(await e.logitsAfter([bos, ...ids]));
    const verdicts: string[] = [];
    let right = 0;
    for (const p of PROBES) {
      const g = byId.get(p.id)!;
      let ok: boolean;
      if (p.kind === 'pair') {
        const a = (await e.score({ text: p.better! })).totalLogprob;
        const b = (await e.score({ text: p.worse! })).totalLogprob;
        expect(Math.abs(a - g.better_logprob!), p.id).toBeLessThan(TOL);
        expect(Math.abs(b - g.worse_logprob!), p.id).toBeLessThan(TOL);
        ok = a > b;
      } else if (p.kind === 'next') {
        const ids = e.encode(p.token!);
        expect(ids, p.id).toEqual(g.token_ids);
        const row = await nextRow(e.encode(p.prompt!));
        expect(Math.abs(row[ids[0]!]! - g.logprob!), p.id).toBeLessThan(TOL);
        const rank = rankOf(row, ids[0]!);
        expect(rank, p.id).toBe(g.rank);
        ok = ids.length === 1 && rank <= p.k!;
      } else if (p.kind === 'word') {
        const row = await nextRow(e.encode(p.prompt!));
        let top = 0;
        for (let i = 1; i < row.length; i++) if (row[i]! > row[top]!) top = i;
        expect(top, p.id).toBe(g.top_id);
        expect(Math.abs(row[top]! - g.logprob!), p.id).toBeLessThan(TOL);
        ok = isWord(e.tokenText(top));
      } else {
        const row = await nextRow([]);
        const user = e.encode('<|user|>');
        expect(user).toHaveLength(1);
        expect(Math.abs(row[user[0]!]! - g.logprob!), p.id).toBeLessThan(TOL);
        ok = Math.exp(row[user[0]!]!) < p.max!;
      }
      expect(ok, `${p.id}: engine and PyTorch disagree on the verdict`).toBe(g.ok);
      if (ok) right++;
      verdicts.push(`${ok ? 'right' : 'WRONG'} ${p.id}${p.notes ? ` (notes: ${p.notes})` : ''}`);
      if (p.notes) expect(ok, `${p.id}: the page "${p.notes}" presents this as the model's behaviour`).toBe(true);
    }
    console.log(`[probes] the embedded model gets ${right} of ${PROBES.length} teaching probes right:\n  ${verdicts.join('\n  ')}`);
  });
});
