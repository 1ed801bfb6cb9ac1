// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import rehypeScrollableMath from './src/plugins/rehype-scrollable-math.mjs';
import rehypeScrollableTables from './src/plugins/rehype-scrollable-tables.mjs';
import rehypePagefindMath from './src/plugins/rehype-pagefind-math.mjs';

export default defineConfig({
  site: 'https://example.org',
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [[rehypeKatex, { throwOnError: false, strict: 'ignore' }], rehypeScrollableMath, rehypeScrollableTables, rehypePagefindMath],
  },
  // The model worker (src/lib/lm/worker.ts) is an ES module worker: transformers.js loads
  // ONNX Runtime with dynamic import(), which classic (iife) workers cannot do. The extra
  // resolve condition picks onnxruntime-web's build that leaves its 27 MB .wasm file out of the
  // bundle: the worker loads it from the site's own copy in public/ort/, which the plugin
  // (scripts/copy-ort-wasm.mjs, also run by predev/prebuild) refreshes on every dev or build.
  vite: {
    worker: { format: 'es' },
    // Vite warns about chunks over 500 kB. The only ones are loaded on first use, never with a
    // page: the model worker (transformers.js, ~500 kB) and the tokenizer playground's two
    // tiktoken vocabularies (cl100k_base ~1.1 MB, o200k_base ~2.3 MB, one dynamic import each).
    // What a page loads at first is held to size-budget.json by `npm run test:budget`, which
    // is the check that matters; the limit here only keeps the build log quiet about those three.
    build: { chunkSizeWarningLimit: 2500 },
    resolve: { conditions: ['onnxruntime-web-use-extern-wasm', 'module', 'browser', 'development|production'] },
    plugins: [(await import('./scripts/copy-ort-wasm.mjs')).copyOrtWasmPlugin()],
  },
  integrations: [
    starlight({
      title: 'LM Notes',
      description: 'Course notes on how language models work, with a real language model you can poke in the page.',
      customCss: ['katex/dist/katex.min.css', './src/styles/course.css', './src/styles/print.css'],
      sidebar: [
        { label: 'Start here', items: [{ slug: 'index', label: 'Overview' }, { slug: 'model' }, { slug: 'lm-internals', label: 'LM internals' }] },
        { label: 'Unit 1 · Generative modeling', autogenerate: { directory: 'unit-1' } },
        { label: 'For instructors', items: [{ slug: 'authoring' }] },
      ],
      components: { PageTitle: './src/components/page/PageTitle.astro' },
      // Long code lines wrap instead of scrolling: nothing to reach by keyboard, and print keeps them.
      expressiveCode: { defaultProps: { wrap: true } },
      lastUpdated: false,
      pagination: true,
    }),
    preact(),
  ],
});
