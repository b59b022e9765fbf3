import type { ContactCountDto } from '@ctct/shared-types';

const number = new Intl.NumberFormat('en-US');

/** "2,000", "10,000+" (counting stopped there) or "about 1,200,000" (the table's estimate, rounded). */
export function totalText(total: ContactCountDto): string {
  switch (total.kind) {
    case 'exact':
      return number.format(total.count);
    case 'atLeast':
      return `${number.format(total.count)}+`;
    case 'estimate': {
      const step = 10 ** Math.max(0, Math.floor(Math.log10(total.count)) - 1);
      return `about ${number.format(Math.round(total.count / step) * step)}`;
    }
  }
}

/**
 * "1–50 of 2,000" for a keyset-paged table: where this page sits and how many match. Without a total yet (or when
 * it failed) only the range; an empty page says nothing.
 */
export function rangeText(pageNumber: number, pageSize: number, shown: number, total: ContactCountDto | null): string {
  if (shown === 0) return '';
  const first = (pageNumber - 1) * pageSize + 1;
  const range = `${number.format(first)}–${number.format(first + shown - 1)}`;
  return total ? `${range} of ${totalText(total)}` : range;
}
