import type { KeyboardEvent } from 'react';

/** Enter applies a filter form from any field: inputs submit the form natively, a <select> does not. */
export function enterSubmitsFromSelect(e: KeyboardEvent<HTMLFormElement>): void {
  if (e.key === 'Enter' && e.target instanceof HTMLSelectElement) {
    e.preventDefault();
    e.currentTarget.requestSubmit();
  }
}
