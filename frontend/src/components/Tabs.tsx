import { useEffect, useRef, type KeyboardEvent } from "react";

interface Tab {
  id: string;
  label: string;
}

/** WAI-ARIA tabs: arrow keys, Home/End move between tabs. Panels use id `panel-<id>`. */
export function Tabs({ tabs, current, onChange, label }: { tabs: Tab[]; current: string; onChange: (id: string) => void; label: string }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const listRef = useRef<HTMLDivElement | null>(null);
  // On a phone the tabs scroll sideways: keep the current one in sight (e.g. opened by ?tab=sites),
  // moving only the tab strip, never the page.
  useEffect(() => {
    const list = listRef.current;
    const tab = refs.current[current];
    if (!list || !tab || list.scrollWidth <= list.clientWidth) return;
    const left = tab.offsetLeft - list.offsetLeft;
    if (left < list.scrollLeft || left + tab.offsetWidth > list.scrollLeft + list.clientWidth) {
      list.scrollLeft = Math.max(0, left - (list.clientWidth - tab.offsetWidth) / 2);
    }
  }, [current]);
  const onKeyDown = (e: KeyboardEvent) => {
    const i = tabs.findIndex((tb) => tb.id === current);
    let next = -1;
    if (e.key === "ArrowRight") next = (i + 1) % tabs.length;
    else if (e.key === "ArrowLeft") next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = tabs.length - 1;
    if (next >= 0) {
      e.preventDefault();
      onChange(tabs[next].id);
      refs.current[tabs[next].id]?.focus();
    }
  };
  return (
    <div className="tabs" role="tablist" ref={listRef} aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((tb) => (
        <button
          key={tb.id}
          ref={(el) => {
            refs.current[tb.id] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${tb.id}`}
          aria-selected={tb.id === current}
          aria-controls={`panel-${tb.id}`}
          tabIndex={tb.id === current ? 0 : -1}
          data-testid={`tab-${tb.id}`}
          onClick={() => onChange(tb.id)}
        >
          {tb.label}
        </button>
      ))}
    </div>
  );
}
