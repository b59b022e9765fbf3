import { DestroyRef, ElementRef, Signal, afterNextRender, inject, signal } from '@angular/core';

/**
 * The host element's width in CSS pixels, kept up to date (ResizeObserver): charts draw at the size they are shown
 * so their text stays readable on a phone. `fallback` until measured (and where there is no ResizeObserver).
 * Call from a component's constructor.
 */
export function hostWidth(fallback: number): Signal<number> {
  const width = signal(fallback);
  const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  const destroyRef = inject(DestroyRef);
  afterNextRender(() => {
    if (typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const measured = Math.round(host.getBoundingClientRect().width);
      if (measured > 0) width.set(measured);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(host);
    measure();
    destroyRef.onDestroy(() => observer.disconnect());
  });
  return width;
}
