/**
 * Renders only the rows in view (plus a margin) of a long list with fixed row height: a province
 * has thousands of terminals, and the fleet table must scroll smoothly on an office PC.
 */
import { useState, type ReactNode } from 'react';

export function VirtualRows<T>({ items, rowHeight, height, render, label }: { items: T[]; rowHeight: number; height: number; render: (item: T, index: number) => ReactNode; label: string }) {
  const [scrollTop, setScrollTop] = useState(0);
  const overscan = 8;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return (
    <div className="virtual" role="rowgroup" aria-label={label} style={{ height, overflowY: 'auto' }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>
        {items.slice(first, last).map((item, offset) => (
          <div key={first + offset} style={{ position: 'absolute', top: (first + offset) * rowHeight, height: rowHeight, left: 0, right: 0 }}>
            {render(item, first + offset)}
          </div>
        ))}
      </div>
    </div>
  );
}
