import { useState } from 'react';
import type { ConnectionCheck, TestConnectionResult } from '../../../../shared/domain';
import { call } from '../../api';
import { errorMessage } from '../../lib/format';

const CHECK_LABEL: Record<string, string> = {
  zone: 'Find your Autotask zone',
  authentication: 'Sign in with the API user',
  credentials: 'Credentials entered',
  'query Contracts': 'Read contracts',
  'query TimeEntries': 'Read time entries',
  'query Companies': 'Read companies',
};

/** A check the client skipped because an earlier one failed is neither passed nor failed. */
export function checkState(c: ConnectionCheck): 'ok' | 'failed' | 'skipped' {
  if (c.ok) return 'ok';
  return /^Not checked\b/.test(c.message) ? 'skipped' : 'failed';
}

/** "Test connection": each check the client ran, which one failed, and what to do about it. */
export function ConnectionTest({ disabledReason }: { disabledReason: string | null }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestConnectionResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await call('connection:test'));
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="connection-title">
      <div className="panel-head">
        <h2 id="connection-title" className="panel-title">
          Test connection
        </h2>
        {/* aria-disabled while testing (not disabled), so the focus stays on the button (issue #16). */}
        <button type="button" className="btn btn-primary" onClick={() => !busy && void run()} aria-disabled={busy || undefined} disabled={disabledReason !== null}>
          {busy ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      <p className="panel-text">{disabledReason ?? 'Checks the zone lookup, the sign-in and read access to contracts, time entries and companies, using the saved credentials.'}</p>
      <div aria-live="polite" data-testid="connection-result">
        {busy && <p className="muted">Contacting Autotask…</p>}
        {error && (
          <p className="feedback feedback-error" role="alert">
            {error}
          </p>
        )}
        {result && !busy && (
          <>
            <p className={`feedback ${result.ok ? 'feedback-success' : 'feedback-error'}`} data-testid="connection-summary">
              <strong>{result.ok ? 'Connected.' : 'Connection failed.'}</strong> {result.message}
            </p>
            <ol className="checks">
              {result.checks.map((c) => {
                const state = checkState(c);
                return (
                  <li key={c.name} className={`check-${state}`}>
                    <span className="check-icon" aria-hidden="true">
                      {state === 'ok' ? '✓' : state === 'failed' ? '✕' : '–'}
                    </span>
                    <span className="check-name">
                      {CHECK_LABEL[c.name] ?? c.name}
                      <span className="sr-only">{state === 'ok' ? ': passed' : state === 'failed' ? ': failed' : ': not checked'}</span>
                    </span>
                    <span className="check-message">{c.message}</span>
                  </li>
                );
              })}
            </ol>
          </>
        )}
      </div>
    </section>
  );
}
