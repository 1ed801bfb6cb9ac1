/**
 * vLLM's API as the site speaks it: request bodies carry every setting explicitly, replies are
 * parsed into ids (never strings to re-tokenize), and replies of the wrong form are refused.
 * The reply fixtures are written by hand in the shapes of vLLM's protocol.py.
 */
import { describe, expect, it } from 'vitest';
import {
  MalformedReply,
  errorMessageOf,
  generateBody,
  pairTexts,
  parseCompletion,
  parseTopTexts,
  parseLogprobs,
  parseModels,
  parseTokenize,
  scoreBody,
  splitSse,
  tokenizeChatBody,
} from '../../src/lib/lm/server/vllm-dialect';
import { reshapedP } from '../../src/lib/lm/server/server-engine';

describe('request bodies', () => {
  it('scoring sends token ids with echo, k logprobs, ids for tokens, and T = 1 with nothing cut', () => {
    expect(scoreBody('m', [0, 5, 7], 5, 3)).toEqual({
      model: 'm',
      prompt: [0, 5, 7],
      max_tokens: 1,
      echo: true,
      logprobs: 5,
      temperature: 1,
      top_p: 1,
      top_k: -1,
      seed: 3,
      return_tokens_as_token_ids: true,
      skip_special_tokens: false,
    });
  });
  it('generation sends every sampling setting; top-k 0 (off) is vLLM’s -1', () => {
    const b = generateBody('m', [1], { temperature: 0.7, topK: 0, topP: 0.9, seed: 42, maxTokens: 20, logprobs: 1 });
    expect(b).toMatchObject({ temperature: 0.7, top_k: -1, top_p: 0.9, seed: 42, max_tokens: 20, stream: true, prompt: [1] });
    expect(generateBody('m', [1], { temperature: 1, topK: 5, topP: 1, seed: 1, maxTokens: 1, logprobs: 5 })).toMatchObject({ top_k: 5 });
  });
  it('a chat is tokenized by the server’s template, with tools only when given', () => {
    const msgs = [{ role: 'user', content: 'Hi' }];
    expect(tokenizeChatBody('m', msgs, undefined, true)).toEqual({
      model: 'm',
      messages: msgs,
      add_generation_prompt: true,
      continue_final_message: false,
      add_special_tokens: false,
      return_token_strs: true,
    });
    expect(tokenizeChatBody('m', msgs, [{ type: 'function' }], false)).toMatchObject({ tools: [{ type: 'function' }], add_generation_prompt: false });
  });
});

describe('replies', () => {
  it('/v1/models and /tokenize', () => {
    expect(parseModels({ object: 'list', data: [{ id: 'm', max_model_len: 8192 }, { id: 'n' }] })).toEqual([
      { id: 'm', maxModelLen: 8192 },
      { id: 'n', maxModelLen: null },
    ]);
    expect(parseTokenize({ count: 2, max_model_len: 256, tokens: [3, 4], token_strs: ['Ġa', 'b'] })).toEqual({ ids: [3, 4], strs: ['Ġa', 'b'], maxModelLen: 256 });
    expect(parseTokenize({ count: 1, max_model_len: 256, tokens: [3], token_strs: null }).strs).toBeNull();
    expect(() => parseModels({ object: 'list' })).toThrow(MalformedReply);
    expect(() => parseTokenize({ tokens: [1.5] })).toThrow(MalformedReply);
    expect(() => parseTokenize({ tokens: [1, 2], token_strs: ['a'] })).toThrow(MalformedReply);
  });

  it('echoed logprobs: the first prompt token has none; alternatives become ids, best first', () => {
    const lp = {
      text_offset: [0, 0, 4],
      token_logprobs: [null, -2.5, -0.1],
      tokens: ['token_id:0', 'token_id:17', 'token_id:9'],
      top_logprobs: [null, { 'token_id:3': -1.0, 'token_id:5': -0.5, 'token_id:17': -2.5 }, { 'token_id:9': -0.1 }],
    };
    expect(parseLogprobs(lp, 'x')).toEqual([
      { id: 0, logp: null, top: [] },
      { id: 17, logp: -2.5, top: [{ id: 5, logp: -0.5 }, { id: 3, logp: -1.0 }, { id: 17, logp: -2.5 }] },
      { id: 9, logp: -0.1, top: [{ id: 9, logp: -0.1 }] },
    ]);
    // Token strings instead of ids (a server without return_tokens_as_token_ids) are refused, not guessed.
    expect(() => parseLogprobs({ ...lp, tokens: ['<|endoftext|>', ' a', 'b'] }, 'x')).toThrow(/token_id:N/);
    expect(() => parseLogprobs({ ...lp, token_logprobs: [null] }, 'x')).toThrow(MalformedReply);
  });

  it('a completion’s first choice, its finish and stop reasons', () => {
    const c = parseCompletion({ choices: [{ index: 0, text: ' the', logprobs: null, finish_reason: 'stop', stop_reason: '\n' }] });
    expect(c).toEqual({ text: ' the', positions: [], finishReason: 'stop', stopReason: '\n' });
    expect(() => parseCompletion({ choices: [] })).toThrow(MalformedReply);
    expect(() => parseCompletion({ choices: [{ text: 3 }] })).toThrow(MalformedReply);
  });

  it('server-sent events: complete events out, the unfinished tail kept, [DONE] passed on', () => {
    const a = splitSse('data: {"a":1}\n\ndata: {"b"');
    expect(a).toEqual({ events: ['{"a":1}'], rest: 'data: {"b"' });
    const b = splitSse(`${a.rest}:2}\r\n\r\n: keep-alive\n\ndata: [DONE]\n\n`);
    expect(b).toEqual({ events: ['{"b":2}', '[DONE]'], rest: '' });
  });

  it('error bodies of vLLM, OpenAI and llama.cpp shapes', () => {
    expect(errorMessageOf({ object: 'error', message: 'The model `x` does not exist.', type: 'NotFoundError', code: 404 })).toBe('The model `x` does not exist.');
    expect(errorMessageOf({ error: { code: 400, message: '"echo" is not supported', type: 'invalid_request_error' } })).toBe('"echo" is not supported');
    expect(errorMessageOf({ error: 'Unauthorized' })).toBe('Unauthorized');
    expect(errorMessageOf('nope')).toBeNull();
  });
});

describe('the probability of a drawn token in the reshaped distribution, from the returned alternatives', () => {
  const lp = [-0.7, -1.7, -2.2, -3.2]; // ids 10, 11, 12, 13: mass 0.831; the rest is elsewhere
  const top = lp.map((logp, i) => ({ id: 10 + i, logp }));
  it('greedy: 1 for the most likely token', () => {
    expect(reshapedP({ id: 10, logp: -0.7, top }, { temperature: 0, topK: 0, topP: 1 })).toBe(1);
  });
  it('top-k within what was returned: softmax of the kept logprobs at T (the formula)', () => {
    const T = 0.7;
    const w = lp.slice(0, 3).map((x) => Math.exp(x / T));
    const expected = (w[1] as number) / w.reduce((a, b) => a + b, 0);
    expect(reshapedP({ id: 11, logp: -1.7, top }, { temperature: T, topK: 3, topP: 1 })).toBeCloseTo(expected, 12);
  });
  it('T = 1 with nothing cut: the model’s own probability; with a nucleus inside the returned mass: renormalised', () => {
    expect(reshapedP({ id: 12, logp: -2.2, top }, { temperature: 1, topK: 0, topP: 1 })).toBeCloseTo(Math.exp(-2.2), 12);
    const kept = Math.exp(-0.7) + Math.exp(-1.7); // 0.679 ≥ 0.6: the nucleus is the first two
    expect(reshapedP({ id: 11, logp: -1.7, top }, { temperature: 1, topK: 0, topP: 0.6 })).toBeCloseTo(Math.exp(-1.7) / kept, 12);
  });
  it('unknown when the alternatives do not determine it', () => {
    expect(reshapedP({ id: 11, logp: -1.7, top }, { temperature: 0.7, topK: 0, topP: 1 })).toBeNull(); // needs the whole vocabulary at T
    expect(reshapedP({ id: 11, logp: -1.7, top }, { temperature: 1, topK: 10, topP: 1 })).toBeNull(); // k beyond what came back
    expect(reshapedP({ id: 11, logp: -1.7, top }, { temperature: 1, topK: 0, topP: 0.99 })).toBeNull(); // nucleus beyond the returned mass
  });
});

describe('texts of many alternatives from one request', () => {
  it('pairs ids with texts on equal log-probabilities; a text two tokens share goes to one of them only', () => {
    const byId = [
      { id: 5, logp: -0.5 },
      { id: 9, logp: -1.0 },
      { id: 7, logp: -2.0 }, // its text "\ufffd" collided with id 8's in the text-keyed dict
      { id: 8, logp: -2.5 },
      { id: 3, logp: -3.0 },
    ];
    const byText = [
      { text: ' the', logp: -0.5 },
      { text: ' a', logp: -1.0 },
      { text: '\ufffd', logp: -2.5 },
      { text: ' an', logp: -3.0 },
    ];
    expect([...pairTexts(byId, byText)]).toEqual([
      [5, ' the'],
      [9, ' a'],
      [8, '\ufffd'],
      [3, ' an'],
    ]);
  });
  it('leaves tokens tied on log-probability unpaired (their order by id and by text can differ)', () => {
    const byId = [
      { id: 1, logp: -1 },
      { id: 2, logp: -4 },
      { id: 3, logp: -4 },
    ];
    const byText = [
      { text: 'a', logp: -1 },
      { text: 'c', logp: -4 },
      { text: 'b', logp: -4 },
    ];
    expect([...pairTexts(byId, byText)]).toEqual([[1, 'a']]);
  });
  it('reads the text-keyed alternatives of one position, best first', () => {
    const json = { choices: [{ text: 'x', logprobs: { tokens: [' x'], token_logprobs: [-1], top_logprobs: [{ ' x': -1, ' the': -0.2 }] } }] };
    expect(parseTopTexts(json, 0)).toEqual([
      { text: ' the', logp: -0.2 },
      { text: ' x', logp: -1 },
    ]);
  });
});
