import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { courseFrontmatter } from './lib/frontmatter';

export const collections = {
  // The embedded model's card, read at build time from the model's own folder (the file the
  // model's training writes), and shown as a page of the site at /model/card/.
  modelCard: defineCollection({
    loader: glob({ pattern: 'README.md', base: './public/models/lm-notes-tiny' }),
  }),
  docs: defineCollection({
    loader: docsLoader(),
    schema: (context) =>
      docsSchema({ extend: courseFrontmatter })(context)
        // Notes pages are ordered in the sidebar by their course `order`, so an author sets it once.
        .transform((data) => ({
          ...data,
          sidebar: { ...data.sidebar, order: data.sidebar.order ?? data.order },
        })),
  }),
};
