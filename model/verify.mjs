// Check the exported model in public/models/lm-notes-tiny against tests/golden/lm-notes-tiny.json
// with @huggingface/transformers on Node (onnxruntime-node, CPU), on the file the golden data was
// computed for (`golden.weights`: q8 = onnx/model_quantized.onnx, the file the site serves).
// Run from the repository root: node model/verify.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  env, AutoTokenizer, AutoModelForCausalLM, Tensor, DynamicCache, LogitsProcessor,
} from '@huggingface/transformers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODEL = 'lm-notes-tiny';
env.allowLocalModels = true;
env.allowRemoteModels = false;
// LM_MODELS_DIR / LM_GOLDEN: check another build (QUICK=1 bash model/build.sh uses them).
env.localModelPath = (process.env.LM_MODELS_DIR ?? path.join(ROOT, 'public', 'models')) + '/';

const TOL = 1e-4;
const golden = JSON.parse(fs.readFileSync(process.env.LM_GOLDEN ?? path.join(ROOT, 'tests', 'golden', `${MODEL}.json`), 'utf8'));
const failures = [];
const check = (ok, msg) => { if (!ok) { failures.push(msg); console.log('FAIL', msg); } };

const tokenizer = await AutoTokenizer.from_pretrained(MODEL);
const DTYPE = golden.weights ?? 'fp32';
const OTHER = DTYPE === 'q8' ? 'fp32' : 'q8';
const FILE = { fp32: 'model.onnx', q8: 'model_quantized.onnx' };
console.log(`checking onnx/${FILE[DTYPE]} (dtype '${DTYPE}') against the golden data`);
const model = await AutoModelForCausalLM.from_pretrained(MODEL, { device: 'cpu', dtype: DTYPE });
const V = golden.vocab_size;
const bos = golden.bos_token_id;

function logSoftmaxRow(data, offset, n) {
  let m = -Infinity;
  for (let j = 0; j < n; j++) m = Math.max(m, data[offset + j]);
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp(data[offset + j] - m);
  const lse = m + Math.log(s);
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = data[offset + j] - lse;
  return out;
}
const ids64 = (ids) => new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
const ones64 = (n) => new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);

let maxTokErr = 0, maxTopErr = 0, maxStepErr = 0, topIdMismatch = 0, nTop = 0, maxSumErr = 0;
for (const c of golden.cases) {
  // 1. tokenizer ids
  const enc = tokenizer.encode(c.text, { add_special_tokens: false });
  const same = enc.length === c.input_ids.length - 1 && enc.every((x, i) => x === c.input_ids[i + 1]);
  check(same, `tokenizer ids differ for ${JSON.stringify(c.text)}: ${enc} vs ${c.input_ids.slice(1)}`);
  check(tokenizer.decode(enc) === c.text, `decode round trip failed for ${JSON.stringify(c.text)}`);

  // 2. one full forward
  const ids = c.input_ids;
  const out = await model({ input_ids: ids64(ids), attention_mask: ones64(ids.length) });
  const L = out.logits.data;
  check(out.logits.dims[2] === V, `logits vocab ${out.logits.dims[2]} != ${V}`);
  const full = [];
  let sum = 0;
  for (let i = 0; i < ids.length; i++) {
    const lp = logSoftmaxRow(L, i * V, V);
    full.push(Float32Array.from(L.subarray(i * V, (i + 1) * V)));
    if (i < ids.length - 1) {
      maxTokErr = Math.max(maxTokErr, Math.abs(lp[ids[i + 1]] - c.logprobs[i]));
      sum += lp[ids[i + 1]];
    }
    const order = Array.from(lp.keys()).sort((a, b) => lp[b] - lp[a]).slice(0, golden.top_k);
    for (let k = 0; k < golden.top_k; k++) {
      nTop++;
      // ids can swap only when two log-probs tie within tolerance
      if (order[k] !== c.top_ids[i][k] && Math.abs(lp[order[k]] - lp[c.top_ids[i][k]]) > TOL) topIdMismatch++;
      maxTopErr = Math.max(maxTopErr, Math.abs(lp[c.top_ids[i][k]] - c.top_logprobs[i][k]));
    }
  }
  maxSumErr = Math.max(maxSumErr, Math.abs(sum - c.sum_logprob));

  // 3. step-by-step decode with a KV cache == full forward
  const cache = new DynamicCache();
  for (let t = 0; t < ids.length; t++) {
    const o = await model({ input_ids: ids64([ids[t]]), attention_mask: ones64(t + 1), past_key_values: cache });
    const upd = {};
    for (const k of Object.keys(o)) if (k.startsWith('present.')) upd[k.replace('present.', 'past_key_values.')] = o[k];
    cache.update(upd);
    const row = o.logits.data;
    for (let j = 0; j < V; j++) maxStepErr = Math.max(maxStepErr, Math.abs(row[j] - full[t][j]));
  }
  check(cache.get_seq_length() === ids.length, 'cache length wrong');
}
check(maxTokErr <= TOL, `token log-prob error ${maxTokErr}`);
check(maxTopErr <= TOL, `top-k log-prob error ${maxTopErr}`);
check(topIdMismatch === 0, `top-k id mismatches ${topIdMismatch}`);
check(maxStepErr <= TOL, `cached-step logits error ${maxStepErr}`);

// 4. generate(): runs, respects max_new_tokens, and stops on an eos id
const prompt = 'Once upon a time there was a';
const pids = [bos, ...tokenizer.encode(prompt, { add_special_tokens: false })];
const g = await model.generate({ input_ids: ids64(pids), attention_mask: ones64(pids.length), max_new_tokens: 24, do_sample: false });
const gen = Array.from(g.tolist()[0]).map(Number);
check(gen.length > pids.length && gen.length <= pids.length + 24, `generate length ${gen.length}`);
console.log('greedy:', JSON.stringify(tokenizer.decode(gen.slice(1), { skip_special_tokens: false })));
// force a stop: make the first greedy token the eos id, generation must end after it
const firstGreedy = gen[pids.length];
const g2 = await model.generate({ input_ids: ids64(pids), attention_mask: ones64(pids.length), max_new_tokens: 24, do_sample: false, eos_token_id: firstGreedy });
check(g2.tolist()[0].length === pids.length + 1, `generate did not stop at eos (${g2.tolist()[0].length})`);
// and the real stop tokens via a processor that forces <|end|> after 3 tokens
const endId = golden.special_tokens['<|end|>'];
class ForceEnd extends LogitsProcessor {
  _call(input_ids, logits) {
    for (let b = 0; b < input_ids.length; b++) {
      if (input_ids[b].length >= pids.length + 3) {
        const d = logits[b].data; d.fill(-Infinity); d[endId] = 0;
      }
    }
    return logits;
  }
}
const g3 = await model.generate({ input_ids: ids64(pids), attention_mask: ones64(pids.length), max_new_tokens: 24, do_sample: false, logits_processor: [new ForceEnd()] });
const g3ids = g3.tolist()[0].map(Number);
check(g3ids.length === pids.length + 4 && g3ids.at(-1) === endId, `generate did not stop at <|end|> from generation_config (${g3ids.length})`);

// 5. chat template
const ce = golden.chat_example;
const rendered = tokenizer.apply_chat_template(ce.messages, { tokenize: false, add_generation_prompt: true });
check(rendered === ce.rendered, `chat template renders ${JSON.stringify(rendered)} expected ${JSON.stringify(ce.rendered)}`);
const chatIds = tokenizer.encode(rendered, { add_special_tokens: false });
check(JSON.stringify(chatIds) === JSON.stringify(ce.input_ids), 'chat token ids differ from golden');
for (const [s, id] of Object.entries(golden.special_tokens)) {
  const e = tokenizer.encode(s, { add_special_tokens: false });
  check(e.length === 1 && e[0] === id, `${s} is not the single special token ${id}: ${e}`);
  check(tokenizer.all_special_ids.includes(id), `${s} not marked special`);
}
const templ = tokenizer.apply_chat_template(ce.messages, { add_generation_prompt: true, return_dict: true });
check(Array.from(templ.input_ids.data).map(Number).join() === ce.input_ids.join(), 'apply_chat_template(tokenize) ids differ');
const toolRendered = tokenizer.apply_chat_template(
  [{ role: 'user', content: 'Count the words in: a b c' },
   { role: 'assistant', content: '', tool_calls: [{ type: 'function', function: { name: 'count_words', arguments: { text: 'a b c' } } }] },
   { role: 'tool', content: '{"count": 3}' }],
  { tokenize: false, add_generation_prompt: true,
    tools: [{ type: 'function', function: { name: 'count_words', description: 'Count the words in a text.', parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } } }] });
check(toolRendered.includes('"name": "count_words"') && toolRendered.includes('<|tool|>\n{"count": 3}<|end|>'), 'tool rendering');
// chat generation: does the model close its turn?
const cids = [bos, ...chatIds];
const g4 = await model.generate({ input_ids: ids64(cids), attention_mask: ones64(cids.length), max_new_tokens: 48, do_sample: false });
const g4ids = g4.tolist()[0].map(Number);
console.log('chat reply (greedy):', JSON.stringify(tokenizer.decode(g4ids.slice(cids.length), { skip_special_tokens: false })),
  g4ids.at(-1) === endId ? '(stopped at <|end|>)' : '(hit max_new_tokens)');

// 6. the other file (fp32 when the golden data is of the int8 file, and the other way round):
//    its own cache must match its full forward; its distance from the golden is reported, not
//    required to be within 1e-4
let q8 = null;
if (fs.existsSync(path.join(env.localModelPath, MODEL, 'onnx', FILE[OTHER]))) {
  const qm = await AutoModelForCausalLM.from_pretrained(MODEL, { device: 'cpu', dtype: OTHER });
  let dev = 0, stepErr = 0;
  for (const c of golden.cases) {
    const ids = c.input_ids;
    const out = await qm({ input_ids: ids64(ids), attention_mask: ones64(ids.length) });
    const L = out.logits.data;
    for (let i = 0; i < ids.length - 1; i++) dev = Math.max(dev, Math.abs(logSoftmaxRow(L, i * V, V)[ids[i + 1]] - c.logprobs[i]));
    const cache = new DynamicCache();
    for (let t = 0; t < ids.length; t++) {
      const o = await qm({ input_ids: ids64([ids[t]]), attention_mask: ones64(t + 1), past_key_values: cache });
      const upd = {};
      for (const k of Object.keys(o)) if (k.startsWith('present.')) upd[k.replace('present.', 'past_key_values.')] = o[k];
      cache.update(upd);
      for (let j = 0; j < V; j++) stepErr = Math.max(stepErr, Math.abs(o.logits.data[j] - L[t * V + j]));
    }
  }
  check(stepErr <= TOL, `${OTHER} cached-step logits error ${stepErr}`);
  check(dev < 0.5, `${OTHER} token log-prob deviation from the ${DTYPE} golden ${dev}`);
  q8 = `${OTHER} (${FILE[OTHER]}): max |token logprob - ${DTYPE} golden| ${dev.toExponential(2)}; max |cached step - full forward| logits ${stepErr.toExponential(2)}`;
}

console.log(`cases ${golden.cases.length}; max |token logprob err| ${maxTokErr.toExponential(2)}; ` +
  `max |top-${golden.top_k} logprob err| ${maxTopErr.toExponential(2)}; top-id mismatches ${topIdMismatch}/${nTop}; ` +
  `max |sum logprob err| ${maxSumErr.toExponential(2)}; max |cached step - full forward| logits ${maxStepErr.toExponential(2)}`);
if (q8) console.log(q8);

// 7. timing (informational): a full-context forward and cached decode steps
async function timing(m, label) {
  const n = golden.n_positions;
  const ids = Array.from({ length: n }, (_, i) => (i * 7919) % (V - 6));
  await m({ input_ids: ids64(ids), attention_mask: ones64(n) });
  let t0 = performance.now();
  for (let r = 0; r < 3; r++) await m({ input_ids: ids64(ids), attention_mask: ones64(n) });
  const full = (performance.now() - t0) / 3;
  const cache = new DynamicCache();
  const steps = 64;
  t0 = performance.now();
  for (let t = 0; t < steps; t++) {
    const o = await m({ input_ids: ids64([ids[t]]), attention_mask: ones64(t + 1), past_key_values: cache });
    const upd = {};
    for (const k of Object.keys(o)) if (k.startsWith('present.')) upd[k.replace('present.', 'past_key_values.')] = o[k];
    cache.update(upd);
  }
  console.log(`timing ${label} (Node CPU): ${n}-token forward ${full.toFixed(1)} ms; cached decode step ${((performance.now() - t0) / steps).toFixed(2)} ms`);
}
await timing(model, DTYPE);
if (q8) await timing(await AutoModelForCausalLM.from_pretrained(MODEL, { device: 'cpu', dtype: OTHER }), OTHER);
if (failures.length) { console.log(`VERIFY FAILED (${failures.length})`); process.exit(1); }
console.log('VERIFY OK');
