// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import rehypeScrollableMath from './src/plugins/rehype-scrollable-math.mjs';

export default defineConfig({
  site: 'https://example.org',
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [[rehypeKatex, { throwOnError: false, strict: 'ignore' }], rehypeScrollableMath],
  },
  integrations: [
    starlight({
      title: 'LM Notes',
      description: 'Course notes on how language models work, with a real language model you can poke in the page.',
      customCss: ['katex/dist/katex.min.css', './src/styles/course.css', './src/styles/print.css'],
      sidebar: [
        { label: 'Start here', items: [{ slug: 'index', label: 'Overview' }] },
        { label: 'Unit 1 · Generative modeling', autogenerate: { directory: 'unit-1' } },
        { label: 'For instructors', items: [{ slug: 'authoring' }] },
      ],
      components: { PageTitle: './src/components/page/PageTitle.astro' },
      lastUpdated: false,
      pagination: true,
    }),
    preact(),
  ],
});
