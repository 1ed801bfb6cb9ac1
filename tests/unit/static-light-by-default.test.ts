import { describe, expect, it } from 'vitest';
import { lightByDefault } from '../../src/lib/static/light-by-default';

describe('lightByDefault', () => {
  it('turns the <html> start tag from dark to light', () => {
    const html = '<!DOCTYPE html><html lang="en" dir="ltr" data-theme="dark" data-has-toc><head></head><body></body></html>';
    expect(lightByDefault(html)).toBe('<!DOCTYPE html><html lang="en" dir="ltr" data-theme="light" data-has-toc><head></head><body></body></html>');
  });
  it('leaves the same text elsewhere in the page alone', () => {
    const html = '<html data-theme="dark"><body><code>&lt;html data-theme="dark"&gt;</code><div data-theme="dark"></div></body></html>';
    expect(lightByDefault(html)).toBe('<html data-theme="light"><body><code>&lt;html data-theme="dark"&gt;</code><div data-theme="dark"></div></body></html>');
  });
  it('keeps a page without the attribute, or already light, as it is', () => {
    for (const html of ['<html lang="en"><body data-theme="dark"></body></html>', '<html data-theme="light"></html>', 'plain text']) {
      expect(lightByDefault(html)).toBe(html);
    }
  });
  it('does not mistake another attribute ending in data-theme for it', () => {
    const html = '<html x-data-theme="dark" data-theme="dark">';
    expect(lightByDefault(html)).toBe('<html x-data-theme="dark" data-theme="light">');
  });
});
