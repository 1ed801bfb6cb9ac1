import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { courseFrontmatter } from '../../src/lib/frontmatter';

describe('course frontmatter schema', () => {
  it('accepts a complete notes page and fills defaults', () => {
    const parsed = courseFrontmatter.parse({ unit: 1, order: 3, kind: 'lab', minutes: 20, objectives: ['Do X.'] });
    expect(parsed.kind).toBe('lab');
    expect(courseFrontmatter.parse({}).kind).toBe('notes');
    expect(courseFrontmatter.parse({}).objectives).toEqual([]);
  });

  it.each([
    [{ kind: 'lecture' }, 'kind'],
    [{ unit: 0 }, 'unit'],
    [{ order: 1.5 }, 'order'],
    [{ objectives: [''] }, 'objectives'],
    [{ minutes: -3 }, 'minutes'],
  ])('rejects %j at field %s', (input, field) => {
    const result = courseFrontmatter.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});

describe('a page with bad frontmatter', () => {
  it('fails the build, naming the file and the field', () => {
    const build = spawnSync('npx', ['astro', 'build', '--root', 'tests/fixtures/bad-frontmatter'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = build.stdout + build.stderr;
    expect(build.status, output).not.toBe(0);
    expect(output).toMatch(/index\.mdx/);
    expect(output).toMatch(/kind/);
    expect(output).toMatch(/lecture/);
  }, 120_000);
});
