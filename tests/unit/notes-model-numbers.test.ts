/**
 * Every number the notes' prose quotes about the embedded model, recomputed from the golden
 * data (a PyTorch forward of the model, model/golden.py) and looked for in the page's text. When
 * the model is rebuilt, this test names each sentence that must change.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { golden as readGolden, haveModel, tinyEngine } from './lm-engine-helpers';

interface Case {
  text: string;
  token_texts: string[];
  logprobs: number[];
  top_tokens: string[][];
  top_logprobs: number[][];
  last_entropy_bits: number;
  last_nucleus_0_9: number;
}
const d = haveModel ? describe : describe.skip;

/** A notes page's text with runs of white space made single spaces. */
function page(name: string): string {
  const file = fileURLToPath(new URL(`../../src/content/docs/${name}.mdx`, import.meta.url));
  return readFileSync(file, 'utf8').replace(/\s+/g, ' ');
}

const bits = (logp: number): number => -logp / Math.LN2;
const f3 = (x: number): string => x.toFixed(3);
const f2 = (x: number): string => x.toFixed(2);
/** p to 3 significant figures, as the prose prints it. */
const p3 = (p: number): string => String(Number(p.toPrecision(3)));

d('numbers the notes quote about the embedded model', () => {
  const g = readGolden() as unknown as { cases: Case[]; probes: ReturnType<typeof readGolden>['probes'] };
  const cases = new Map(g.cases.map((c) => [c.text, c]));
  const probes = new Map(g.probes.map((p) => [p.id, p]));
  const c = (text: string): Case => cases.get(text)!;
  const tokenBits = (text: string): number[] => c(text).logprobs.map(bits);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

  it('“What is a language model?”: the next token after “The United States of”, and mouse and cheese', () => {
    const text = page('unit-1/what-is-a-language-model');
    const us = c('The United States of');
    const [first, second] = us.top_tokens.at(-1)!;
    expect([first, second]).toEqual([' America', ' the']);
    const [pAm, pThe] = us.top_logprobs.at(-1)!.map(Math.exp);
    // Bits are printed for the rounded p, so that a reader who recomputes −log₂ p gets them.
    const shown = (p: number): string => `${p3(p)} (${f2(-Math.log2(Number(p3(p))))} bits`;
    expect(text).toContain(`it does put " America" first, but with probability only ${shown(pAm!)} of surprise), just ahead of " the" at ${shown(pThe!)})`);
    const mouse = probes.get('word-order-mouse')!;
    expect(mouse.ok, 'the page says the small model prefers the mouse eating the cheese').toBe(true);
    const right = bits(mouse.better_logprob!);
    const wrong = bits(mouse.worse_logprob!);
    expect(text).toContain(`it gives "the cheese ate the mouse" ${f2(wrong)} bits and "the mouse ate the cheese" ${f2(right)} bits`);
    expect(text).toContain(`by ${(wrong - right).toFixed(2)} bits, a factor of about ${(2 ** (wrong - right)).toFixed(2)}`);
  });

  it('“Autoregressive models”: top tokens and entropies of the two compared prompts', () => {
    const text = page('unit-1/autoregressive-models');
    const us = c('The United States of');
    const story = c('Once upon a time, there was a');
    const h = story.last_entropy_bits;
    expect(text).toContain(
      `its top token "${us.top_tokens.at(-1)![0]}" takes ${f3(Math.exp(us.top_logprobs.at(-1)![0]!))} of the probability and the entropy is ${f2(us.last_entropy_bits)} bits`,
    );
    expect(text).toContain(
      `the top token "${story.top_tokens.at(-1)![0]}" gets only ${f3(Math.exp(story.top_logprobs.at(-1)![0]!))} and the entropy is ${f2(h)} bits`,
    );
    const uniform = Math.round(2 ** h / 100) * 100;
    expect(text).toContain(`$2^{${f2(h)}} \\approx ${uniform.toLocaleString('en-US').replace(',', '{,}')}$`);
  });

  it('“Sampling”: the distribution after “The cat sat on the” and its top-k / top-p cuts', () => {
    const text = page('unit-1/sampling');
    const cat = c('The cat sat on the');
    const top = cat.top_tokens.at(-1)!;
    const p = cat.top_logprobs.at(-1)!.map(Math.exp);
    const q = (t: string): string => `"${t}"`;
    expect(text).toContain(`its top token is ${q(top[0]!)}, with probability only ${f3(p[0]!)}, followed by ${q(top[1]!)} and ${q(top[2]!)}`);
    expect(text).toContain(`three kept tokens ${q(top[0]!)}, ${q(top[1]!)} and ${q(top[2]!)} hold only`);
    expect(text).toContain('" mat" is not in its top ten');
    expect(top).not.toContain(' mat');
    const mass3 = p[0]! + p[1]! + p[2]!;
    expect(text).toContain(`hold only ${f3(mass3)} of the probability, so each is divided by ${f3(mass3)}`);
    expect(text).toContain(`the first two reach only ${f2((p[0]! + p[1]!) / mass3)} of the renormalised mass`);
    const nucleus = Math.round(cat.last_nucleus_0_9 / 100) * 100;
    expect(text).toContain(`alone keeps about ${nucleus.toLocaleString('en-US')} tokens`);
  });

  it('“Evaluating language models”: the two surprisal sentences', () => {
    const text = page('unit-1/evaluating-language-models');
    const A = tokenBits('Once upon a time there was a king');
    const B = tokenBits('Once upon a spreadsheet there was a king');
    expect(c('Once upon a time there was a king').token_texts.slice(1)).toEqual(['On', 'ce', ' upon', ' a', ' time', ' there', ' was', ' a', ' k', 'ing']);
    expect(c('Once upon a spreadsheet there was a king').token_texts.slice(5, 9)).toEqual([' spread', 's', 'he', 'et']);
    for (const q of [
      `("Once" is "On" + "ce", "king" is " k" + "ing", "spreadsheet" is " spread" + "s" + "he" + "et")`,
      `sentence A costs ${f3(sum(A))} bits over ${A.length} tokens and sentence B ${f3(sum(B))} bits over ${B.length} tokens`,
      `" spread" costs ${f3(B[4]!)} bits where " time" cost ${f3(A[4]!)}`,
      `(" there" costs ${f3(B[8]!)} bits instead of ${f3(A[5]!)})`,
      `those three tokens cost ${f3(sum(B.slice(10)))} bits in B and ${f3(sum(A.slice(7)))} in A`,
      `5 tokens, ${f3(sum(A.slice(2, 7)))} bits, ${f3(sum(A.slice(2, 7)) / 5)} bits per token`,
    ]) expect(text).toContain(q);
    // The figure's point: the surprising sentence costs more (a teaching probe too).
    expect(sum(B)).toBeGreaterThan(sum(A));
  });

  it('“Generative models and the chain rule”: the factors of “tell me a joke”', () => {
    const text = page('unit-1/generative-models-and-the-chain-rule');
    const joke = c('tell me a joke');
    const tokens = joke.token_texts.slice(1);
    expect(text).toContain(`six tokens rather than four words (${tokens.map((t) => `"${t}"`).join(', ')})`);
    const log2sum = -sum(tokenBits('tell me a joke'));
    const [mant, exp] = (2 ** log2sum).toExponential(2).split('e');
    expect(text).toContain(`multiply to about $${mant} \\times 10^{${Number(exp)}}$`);
    expect(text).toContain(`sum of their $\\log_2$ is $${f3(log2sum)}$`);
  });

  it('“Tokenization”: the small model’s splits, ids and counts', async () => {
    const text = page('unit-1/tokenization');
    const e = await tinyEngine();
    const show = (t: string): string => e.tokenize(t).tokens.map((x) => `${x.text.replace(/^ /, '␣')} (${x.id})`).join(' · ');
    expect(text).toContain(`| The site's small model (${e.info.vocabSize.toLocaleString('en-US')} tokens) | ${show('The cat sat on the mat.')} |`);
    expect(text).toContain(`Id ${e.encode(' the')[0]} is " the"`);
    expect(text).toContain(`the id ${e.encode(' cat')[0]} is not "bigger" than ${e.encode(' the')[0]}`);
    const fearsome = e.tokenize(' fearsome').tokens.map((x) => x.text.replace(/^ /, '␣')).join(' · ');
    expect(text).toContain(`| The site's small model | ${e.info.vocabSize.toLocaleString('en-US')} | ${fearsome} |`);
    const rows: [string, number][] = [
      ['The weather is nice today, so I want to take a walk in the park.', 15],
      ['Hoy hace buen tiempo, así que quiero dar un paseo por el parque.', 13],
      ['Heute ist das Wetter schön, also möchte ich im Park spazieren gehen.', 12],
      ['Ο καιρός είναι ωραίος σήμερα, οπότε θέλω να κάνω μια βόλτα στο πάρκο.', 13],
      ['आज मौसम अच्छा है, इसलिए मैं पार्क में टहलना चाहता हूँ।', 11],
    ];
    for (const [s, words] of rows) {
      const n = e.encode(s).length;
      expect(text).toContain(`| ${s} | ${words} | ${n} (${(n / words).toFixed(2)}) |`);
    }
    expect(text).toContain(`| 今天天气很好，所以我想去公园散步。 | (no spaces) | ${e.encode('今天天气很好，所以我想去公园散步。').length} |`);
  });
});
