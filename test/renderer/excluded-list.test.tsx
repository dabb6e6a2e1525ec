import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { BillingExclusionJson } from '../../shared/billing';
import { ExcludedList } from '../../renderer/src/pages/billing/ExcludedList';
import { setDisplayLocale } from '../../renderer/src/lib/format';

beforeEach(() => setDisplayLocale('en-US'));
afterEach(() => {
  cleanup();
  setDisplayLocale(undefined);
});

const x = (over: Partial<BillingExclusionJson>): BillingExclusionJson => ({
  kind: 'time',
  customerId: 1,
  customer: 'Acme',
  description: 'Work',
  date: '2026-10-03',
  amount: '150.00',
  reason: 'before-billing-started',
  reasonText: 'dated before billing started',
  source: { itemId: 1, timeEntryId: 9001 },
  ...over,
});

describe('ExcludedList', () => {
  it('keeps what the bookkeeper acts on in view and folds the history before billing started into one counted group', () => {
    const history = Array.from({ length: 300 }, (_, i) => x({ description: `Old work ${i}`, amount: i % 2 ? '0.10' : '150.00', source: { itemId: 100 + i } }));
    const held = x({ description: 'Wi-Fi survey', reason: 'held', reasonText: 'held: disputed', date: '2026-11-04' });
    render(<ExcludedList excluded={[held, ...history]} currency="USD" open onRelease={() => undefined} />);
    const actionable = screen.getByTestId('excluded-table');
    expect(within(actionable).getAllByRole('row')).toHaveLength(2); // header + the held line
    expect(within(actionable).getByRole('button', { name: 'Release Wi-Fi survey' })).toBeTruthy();
    const group = screen.getByTestId('excluded-history') as HTMLDetailsElement;
    expect(group.open).toBe(false);
    // 150 × $150.00 + 150 × $0.10, summed in cents.
    expect(group.querySelector('summary')!.textContent).toContain('300 entries dated before billing started ($22,515.00)');
    fireEvent.click(group.querySelector('summary')!);
    expect(within(screen.getByTestId('excluded-history-table')).getAllByRole('row')).toHaveLength(301);
  });

  it('shows no empty table when everything left out is history', () => {
    render(<ExcludedList excluded={[x({})]} currency="USD" open={false} onRelease={() => undefined} />);
    expect(screen.queryByTestId('excluded-table')).toBeNull();
    expect(screen.getByTestId('excluded-history').textContent).toContain('1 entry dated before billing started ($150.00)');
  });
});
