import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { Pagination, pageWindow } from '../../renderer/src/components/Pagination';

afterEach(cleanup);

describe('pageWindow', () => {
  it('shows every page when there are few', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(2, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps first and last with gaps around the current page, whatever the page count', () => {
    expect(pageWindow(1, 40_000)).toEqual([1, 2, 3, 'gap-after', 40_000]);
    expect(pageWindow(20_000, 40_000)).toEqual([1, 'gap-before', 19_998, 19_999, 20_000, 20_001, 20_002, 'gap-after', 40_000]);
    expect(pageWindow(40_000, 40_000)).toEqual([1, 'gap-before', 39_998, 39_999, 40_000]);
    for (const page of [1, 2, 3, 4, 5, 500, 39_997, 40_000]) expect(pageWindow(page, 40_000).length).toBeLessThanOrEqual(9);
  });
});

describe('Pagination', () => {
  it('offers First, Previous, page numbers, Next and Last and marks the current page', () => {
    render(<Pagination page={1} pageCount={6} onPage={() => undefined} label="Log pages" />);
    const nav = screen.getByRole('navigation', { name: 'Log pages' });
    const names = within(nav)
      .getAllByRole('button')
      .map((b) => b.getAttribute('aria-label') ?? b.textContent);
    expect(names).toEqual(['First', 'Previous', 'Page 1', 'Page 2', 'Page 3', 'Page 6', 'Next', 'Last']);
    expect(screen.getByRole('button', { name: 'Page 1' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('button', { name: 'First' }).getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('button', { name: 'Previous' }).getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('button', { name: 'Next' }).getAttribute('aria-disabled')).toBe(null);
  });

  it('asks for the right page for each control', () => {
    const onPage = vi.fn();
    render(<Pagination page={3} pageCount={6} onPage={onPage} />);
    fireEvent.click(screen.getByRole('button', { name: 'First' }));
    fireEvent.click(screen.getByRole('button', { name: 'Previous' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    fireEvent.click(screen.getByRole('button', { name: 'Last' }));
    fireEvent.click(screen.getByRole('button', { name: 'Page 5' }));
    fireEvent.click(screen.getByRole('button', { name: 'Page 3' })); // the current page: nothing to do
    expect(onPage.mock.calls.map((c) => c[0])).toEqual([1, 2, 4, 6, 5]);
  });

  it('marks Next and Last disabled on the last page (aria-disabled, so the focus stays)', () => {
    render(<Pagination page={6} pageCount={6} onPage={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Next' }).getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('button', { name: 'Last' }).getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('button', { name: 'First' }).getAttribute('aria-disabled')).toBe(null);
  });
});
