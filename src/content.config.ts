import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { courseFrontmatter } from './lib/frontmatter';

export const collections = {
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
