/** The "a bigger model shows this better" offer: a class server first, else the suggested Hub model with its size; nothing to offer once a bigger model is in use. */
import { describe, expect, it } from 'vitest';
import { biggerModelOffer } from '../../src/lib/lm/bigger-model';
import { findModel } from '../../src/lib/lm/registry';
import { ORT_BUILD_BYTES } from '../../src/lib/lm/ort-build';

const SMOL = 'HuggingFaceTB/SmolLM2-360M-Instruct';

describe('biggerModelOffer', () => {
  it('on the embedded model, offers the suggested Hub model with its files plus the runtime', () => {
    const spec = findModel(SMOL)!;
    expect(biggerModelOffer('lm-notes-tiny', 'lm-notes-tiny', SMOL, [])).toEqual({
      kind: 'offer',
      id: SMOL,
      label: spec.label,
      bytes: spec.approxBytes.wasm + ORT_BUILD_BYTES.plain,
    });
  });
  it('prefers the site’s class server (nothing to download)', () => {
    const server = { id: 'server:class', name: 'class', url: 'https://gpu.example.edu', model: 'm', label: 'Qwen3 8B', addedByReader: false };
    expect(biggerModelOffer('lm-notes-tiny', 'lm-notes-tiny', SMOL, [server])).toEqual({ kind: 'offer', id: 'server:class', label: 'Qwen3 8B (class server)', bytes: null });
  });
  it('says which model is in use once it is not the embedded one; nothing for an unknown suggestion', () => {
    expect(biggerModelOffer(SMOL, 'lm-notes-tiny', SMOL, [])).toEqual({ kind: 'using', id: SMOL });
    expect(biggerModelOffer('lm-notes-tiny', 'lm-notes-tiny', 'nobody/nothing', [])).toEqual({ kind: 'none' });
  });
});
