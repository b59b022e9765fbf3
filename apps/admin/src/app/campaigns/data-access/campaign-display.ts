const count = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return count.format(value);
}

/** "42.0%" of sends; null when nothing was sent (a rate of nothing is not 0 %). */
export function rateOfSends(value: number, sends: number): string | null {
  return sends > 0 ? percent.format(value / sends) : null;
}

/** CC's campaign types are upper snake case ("NEWSLETTER", "AB_TEST"…): "Newsletter", "A/B test". */
export function campaignTypeLabel(type: string | null): string {
  if (!type) return '—';
  const words = type
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/\bab\b/g, 'A/B');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
