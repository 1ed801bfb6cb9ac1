/**
 * A box around a table that scrolls sideways when the table is wider than the column (a phone,
 * a tablet beside the sidebar) instead of pushing the whole page wider. When, and only when, it
 * does overflow it becomes a named, focusable region, so a keyboard user can Tab to it and
 * scroll it with the arrow keys (and a screen reader announces what it is); on a wide screen it
 * adds no extra Tab stop.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import './table-scroll.css';

/** Props of the scrolling box. */
export interface TableScrollProps {
  /** What the table shows, in a few words (the region's name when it scrolls). */
  label: string;
  /** The table. */
  children: ComponentChildren;
}

/** Wraps a wide table so that it scrolls inside its widget. */
export function TableScroll({ label, children }: TableScrollProps) {
  const box = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const check = (): void => setOverflows(el.scrollWidth > el.clientWidth + 1);
    const observer = new ResizeObserver(check);
    observer.observe(el);
    // The table grows and shrinks with its rows and numbers, not only with the page.
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    check();
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={box}
      class="lmw-table-scroll"
      data-overflows={overflows ? 'true' : 'false'}
      tabIndex={overflows ? 0 : undefined}
      role={overflows ? 'region' : undefined}
      aria-label={overflows ? `${label} (scrolls sideways)` : undefined}
    >
      {children}
    </div>
  );
}
