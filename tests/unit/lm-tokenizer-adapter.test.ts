/**
 * The engine's only ties to transformers.js internals (src/lib/lm/tokenizer-adapter.ts), checked
 * against the installed package. This file fails loudly on an upgrade of
 * @huggingface/transformers: re-check the adapter against the new version's private fields,
 * then update WRITTEN_FOR and the pinned version together.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { LmError } from '../../src/lib/lm/errors';
import { WRITTEN_FOR, idToToken, tokenToId, tokenizerDecoder } from '../../src/lib/lm/tokenizer-adapter';
import { golden, haveModel, tinyEngine } from './lm-engine-helpers';

const json = (path: string): { version?: string; dependencies?: Record<string, string> } =>
  JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { version?: string; dependencies?: Record<string, string> };

describe('transformers.js version', () => {
  it('is pinned to the exact version the adapter was written for, and that version is installed', () => {
    expect(json('../../package.json').dependencies?.['@huggingface/transformers'], 'package.json pins an exact version (no ^ or ~)').toBe(WRITTEN_FOR);
    expect(json('../../node_modules/@huggingface/transformers/package.json').version, 'installed @huggingface/transformers').toBe(WRITTEN_FOR);
  });

  it('a tokenizer without the private fields fails with a message that names the version', () => {
    const bare = { get_vocab: () => new Map() } as unknown as PreTrainedTokenizer;
    for (const call of [() => tokenToId(bare, 'a'), () => idToToken(bare, 0), () => tokenizerDecoder(bare)]) {
      expect(call).toThrow(LmError);
      expect(call).toThrow(`written for @huggingface/transformers ${WRITTEN_FOR}`);
    }
  });
});

(haveModel ? describe : describe.skip)('the adapter on the installed package, with the embedded model', () => {
  const tokenizerOf = async (): Promise<PreTrainedTokenizer> => (await tinyEngine() as unknown as { tokenizer: PreTrainedTokenizer }).tokenizer;

  it('id ↔ string agree with the public vocabulary (get_vocab) for every id, and with the golden tokens', async () => {
    const t = await tokenizerOf();
    const vocab = t.get_vocab();
    expect(vocab.size).toBe(golden().vocab_size);
    for (const [token, id] of vocab) {
      expect(tokenToId(t, token)).toBe(id);
      expect(idToToken(t, id)).toBe(token);
    }
    const c = golden().cases[0]!;
    expect(c.input_ids.map((id) => idToToken(t, id))).toEqual(c.tokens);
    for (const [name, id] of Object.entries(golden().special_tokens)) expect(tokenToId(t, name), name).toBe(id);
    expect(tokenToId(t, 'surely-not-a-token-in-a-4096-vocabulary')).toBeUndefined();
    expect(idToToken(t, 1_000_000)).toBeUndefined();
  });

  it('reads the decoder section of tokenizer.json (byte-level for this model)', async () => {
    const onDisk = JSON.parse(readFileSync(new URL('../../public/models/lm-notes-tiny/tokenizer.json', import.meta.url), 'utf8')) as { decoder: unknown };
    expect(tokenizerDecoder(await tokenizerOf())).toEqual(onDisk.decoder);
    expect((onDisk.decoder as { type?: string }).type).toBe('ByteLevel');
  });
});
