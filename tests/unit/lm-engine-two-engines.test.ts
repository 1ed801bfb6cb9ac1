/**
 * Two engines in one Node process: transformers.js reads its settings from one global `env`,
 * so concurrent loads with different settings must not see each other's, and a load must leave
 * `env` as it found it.
 */
import { describe, expect, it } from 'vitest';
import { env } from '@huggingface/transformers';
import { LmEngine } from '../../src/lib/lm/engine';
import { LmError } from '../../src/lib/lm/errors';
import { MODELS_DIR, haveModel } from './lm-engine-helpers';

const snapshot = (): Record<string, unknown> => ({
  allowLocalModels: env.allowLocalModels,
  allowRemoteModels: env.allowRemoteModels,
  localModelPath: env.localModelPath,
  remoteHost: env.remoteHost,
  fetch: env.fetch,
});

(haveModel ? describe : describe.skip)('two engines in one process', () => {
  it('a local load and a Hub load started together each get their own settings; env is left as it was', async () => {
    const before = snapshot();
    const local = LmEngine.load({ modelId: 'lm-notes-tiny', source: 'local', device: 'cpu', dtype: 'fp32', localModelPath: MODELS_DIR, maxContext: 64 });
    // Started while the local load is under way: Hub only, at a host where nothing listens.
    const hub = LmEngine.load({ modelId: 'nobody/nothing', source: 'hub', device: 'cpu', dtype: 'fp32', hubHost: 'http://127.0.0.1:9/' }).catch((e: unknown) => e);
    const local2 = LmEngine.load({ modelId: 'lm-notes-tiny', source: 'local', device: 'cpu', dtype: 'fp32', localModelPath: MODELS_DIR });
    const [a, h, b] = await Promise.all([local, hub, local2]);
    expect(h).toBeInstanceOf(LmError);
    expect(['network', 'file-not-found']).toContain((h as LmError).code);
    expect(a.info.contextLength).toBe(64);
    expect(b.info.contextLength).toBeGreaterThan(64);
    // Both local engines work and agree.
    const [ra, rb] = await Promise.all([a.score({ text: 'Once upon a time' }), b.score({ text: 'Once upon a time' })]);
    expect(ra.tokens.map((t) => t.id)).toEqual(rb.tokens.map((t) => t.id));
    ra.tokens.forEach((t, i) => expect(Math.abs(t.logprob - rb.tokens[i]!.logprob)).toBeLessThan(1e-5));
    expect(snapshot()).toEqual(before);
    await Promise.all([a.dispose(), b.dispose()]);
  });
});
