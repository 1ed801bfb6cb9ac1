import { visit } from 'unist-util-visit';

/**
 * KaTeX writes every formula twice: MathML for screen readers (with the TeX source in an
 * `<annotation>`) and the visible HTML. Search (Pagefind) would index both, and its excerpts
 * showed the TeX ("e2.2≈9.0e^{2.2} \approx 9.0e2.2≈9.0"). The MathML copy is marked
 * `data-pagefind-ignore`, so the index holds the formula once, as the reader sees it; screen
 * readers still get the MathML.
 */
export default function rehypePagefindMath() {
  return (tree) => {
    visit(tree, 'element', (node) => {
      const cls = node.properties?.className;
      if (Array.isArray(cls) && cls.includes('katex-mathml')) {
        node.properties.dataPagefindIgnore = '';
      }
    });
  };
}
