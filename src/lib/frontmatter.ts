import { z } from 'astro/zod';

/** What a page is for; drives its badge and where it sits in the unit. */
export const pageKinds = ['notes', 'lab', 'discussion', 'exercise', 'reference'] as const;

/**
 * Course fields every page of the notes carries, on top of Starlight's own
 * (`title`, `description`, …). A page whose frontmatter breaks these rules fails the build.
 */
export const courseFrontmatter = z.object({
  /** The unit this page belongs to (1 for "Introduction to generative modeling"). */
  unit: z.number().int().positive().optional(),
  /** Position of the page inside its unit; lower comes first in the sidebar. */
  order: z.number().int().nonnegative().optional(),
  /** What kind of page this is: reading notes, a lab, a discussion, self-check exercises or reference. */
  kind: z.enum(pageKinds).default('notes'),
  /** What a student should be able to do after this page, one sentence each. */
  objectives: z.array(z.string().min(1)).default([]),
  /** Rough reading time in minutes, shown under the title. */
  minutes: z.number().int().positive().optional(),
});

export type CourseFrontmatter = z.infer<typeof courseFrontmatter>;
