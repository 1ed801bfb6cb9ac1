import { visit } from 'unist-util-visit';

/**
 * Display formulas scroll sideways on narrow screens; a scrolling region must be reachable by
 * keyboard, so each `.katex-display` gets `tabindex="0"` and an accessible name.
 */
export default function rehypeScrollableMath() {
  return (tree) => {
    visit(tree, 'element', (node) => {
      const cls = node.properties?.className;
      if (Array.isArray(cls) && cls.includes('katex-display')) {
        node.properties.tabIndex = 0;
        node.properties.role = 'group';
        node.properties.ariaLabel = 'Formula';
      }
    });
  };
}
