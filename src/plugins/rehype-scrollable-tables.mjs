import { visit } from 'unist-util-visit';

/**
 * Starlight lets a wide table scroll sideways inside the text column. A scrolling region must be
 * reachable by keyboard, so every Markdown table gets `tabindex="0"`; its caption or first
 * header row already names it for screen readers.
 */
export default function rehypeScrollableTables() {
  return (tree) => {
    visit(tree, 'element', (node) => {
      if (node.tagName === 'table' && node.properties?.tabIndex === undefined) {
        node.properties = { ...node.properties, tabIndex: 0 };
      }
    });
  };
}
