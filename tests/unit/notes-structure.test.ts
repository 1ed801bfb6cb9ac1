/**
 * The notes' reading aids and cross-references, read from the MDX sources: every notes page opens
 * with an "In one screen" summary whose stated core reading time is the page's `minutes` (at most
 * 10), every `#fragment` link between pages names a heading that exists, and the unit keeps one
 * notation (lowercase p for probabilities).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const docs = fileURLToPath(new URL('../../src/content/docs/', import.meta.url));

function mdxFiles(dir = ''): string[] {
  return readdirSync(docs + dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? mdxFiles(`${dir}${e.name}/`) : e.name.endsWith('.mdx') ? [`${dir}${e.name}`] : [],
  );
}

const read = (file: string) => readFileSync(docs + file, 'utf8');

function frontmatter(src: string, key: string): string | undefined {
  const fm = /^---\n([\s\S]*?)\n---/.exec(src)?.[1] ?? '';
  return new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(fm)?.[1]?.trim();
}

/** Heading ids as Starlight makes them (github-slugger) for the plain headings the notes use. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function headingIds(src: string): Set<string> {
  const body = src.replace(/```[\s\S]*?```/g, '');
  return new Set([...body.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

const files = mdxFiles();
const notes = files.filter((f) => f.startsWith('unit-1/') && frontmatter(read(f), 'kind') === 'notes');

describe('notes pages', () => {
  it('are all found', () => {
    expect(notes.length).toBeGreaterThanOrEqual(8);
  });

  for (const file of notes) {
    it(`${file} opens with a summary stating its core reading time, at most 10 minutes`, () => {
      const src = read(file);
      const minutes = Number(frontmatter(src, 'minutes'));
      const summary = src.indexOf(':::note[In one screen]');
      const firstHeading = src.search(/^## /m);
      expect(summary, 'an "In one screen" aside').toBeGreaterThan(0);
      expect(summary, 'before the first section').toBeLessThan(firstHeading);
      const stated = /Reading time: core about (\d+) minutes/.exec(src.slice(summary, firstHeading));
      expect(Number(stated?.[1]), 'the summary states the frontmatter minutes').toBe(minutes);
      expect(minutes).toBeLessThanOrEqual(10);
    });

    it(`${file} writes probabilities with a lowercase p`, () => {
      const src = read(file).replace(/```[\s\S]*?```/g, '');
      expect(src.match(/(?<![A-Za-z\\])P\(/g) ?? []).toEqual([]);
    });
  }
});

describe('links to a heading of another page', () => {
  const links = files.flatMap((file) =>
    [...read(file).matchAll(/\]\(((?:\.\.\/)*)([a-z0-9-]*\/?)#([^)\s]+)\)/g)].map((m) => ({ file, up: m[1]!, page: m[2]!, frag: m[3]! })),
  );

  it('are found', () => {
    expect(links.length).toBeGreaterThanOrEqual(5);
  });

  for (const { file, up, page, frag } of links) {
    it(`${file} → ${up}${page}#${frag}`, () => {
      // A page's URL is its file's path; "../x/" from unit-1/y.mdx (served at /unit-1/y/) is unit-1/x.mdx.
      const from = file.replace(/\.mdx$/, '').split('/');
      const parts = [...from];
      for (let i = 0; i < up.length / 3; i++) parts.pop();
      const target = page === '' ? file : `${[...parts, page.replace(/\/$/, '')].join('/')}.mdx`;
      expect(files, `page of the link in ${file}`).toContain(target);
      expect([...headingIds(read(target))], `heading #${frag} on ${target}`).toContain(frag);
    });
  }
});
