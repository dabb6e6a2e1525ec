import { useEffect, useState } from 'react';
import type { CredentialStatus } from '../../../../shared/domain';
import { validateSettingsPatch } from '../../../../shared/settings';
import { ApiCallError, call } from '../../api';
import { TextField } from '../../components/TextField';
import { errorMessage } from '../../lib/format';

type Errors = Partial<Record<'username' | 'integrationCode' | 'secret' | '_', string>>;

export function validateCredentials(input: { username: string; integrationCode: string; secret: string }, secretRequired: boolean): Errors {
  const errors: Errors = {};
  const checked = validateSettingsPatch({ username: input.username, integrationCode: input.integrationCode });
  if (!checked.ok) Object.assign(errors, checked.fieldErrors);
  if (!input.username.trim()) errors.username = 'Enter the API username (the API user’s email address in Autotask)';
  if (!input.integrationCode.trim()) errors.integrationCode = 'Enter the API tracking identifier (integration code) of the API user';
  if (secretRequired && !input.secret) errors.secret = 'Enter the API secret of the API user';
  return errors;
}

/**
 * Username, integration code and the write-only secret. The secret never comes back from the core: the
 * form only knows whether one is saved, and offers Replace or Delete.
 */
export function CredentialsForm({ status, onSaved }: { status: CredentialStatus; onSaved: (s: CredentialStatus) => void }) {
  const [username, setUsername] = useState(status.username);
  const [integrationCode, setIntegrationCode] = useState(status.integrationCode);
  const [secret, setSecret] = useState('');
  const [replacing, setReplacing] = useState(!status.secretSaved);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fromEnvironment = status.source === 'environment';

  useEffect(() => {
    setUsername(status.username);
    setIntegrationCode(status.integrationCode);
    setReplacing(!status.secretSaved);
    setSecret('');
  }, [status]);

  const save = async () => {
    const secretRequired = !fromEnvironment && (replacing || !status.secretSaved);
    const found = validateCredentials({ username, integrationCode, secret }, secretRequired);
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const next = await call('credentials:set', {
        username: username.trim(),
        integrationCode: integrationCode.trim(),
        ...(secretRequired || (replacing && secret) ? { secret } : {}),
      });
      setSecret('');
      setMessage('Credentials saved.');
      onSaved(next);
    } catch (e) {
      if (e instanceof ApiCallError && e.fieldErrors) setErrors(e.fieldErrors as Errors);
      else setErrors({ _: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const next = await call('credentials:delete');
      setConfirmDelete(false);
      setMessage('The saved API secret was deleted.');
      onSaved(next);
    } catch (e) {
      setErrors({ _: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="panel form-panel"
      aria-labelledby="credentials-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="credentials-title" className="panel-title">
        Autotask API user
      </h2>
      <p className="panel-text">
        Create an API-only user in Autotask (Admin → Resources/Users → API user) and copy its username, secret and tracking identifier here. The secret is kept in your system
        keychain and is never shown again.
      </p>
      {status.problem && (
        <p className="feedback feedback-warning" role="alert">
          {status.problem}
        </p>
      )}
      <div className="form-grid">
        <TextField
          id="cred-username"
          label="API username"
          value={username}
          onChange={setUsername}
          error={errors.username}
          autoComplete="off"
          spellCheck={false}
          placeholder="api.user@example.com"
          disabled={busy}
        />
        <TextField
          id="cred-integration"
          label="Integration code"
          value={integrationCode}
          onChange={setIntegrationCode}
          error={errors.integrationCode}
          autoComplete="off"
          spellCheck={false}
          hint="The API user’s tracking identifier"
          disabled={busy}
        />
        <div className="field secret-field">
          {fromEnvironment ? (
            <>
              <span className="field-label">API secret</span>
              <div className="secret-state" data-testid="secret-state">
                <span className="badge badge-blue">Set by environment</span>
                <span className="muted">AUTOTASK_SECRET is set; it wins over the keychain.</span>
              </div>
            </>
          ) : status.secretSaved && !replacing ? (
            <>
              <span className="field-label" id="secret-label">
                API secret
              </span>
              <div className="secret-state" data-testid="secret-state" role="group" aria-labelledby="secret-label">
                <span className="badge badge-green">
                  <span className="badge-glyph" aria-hidden="true">
                    ✓
                  </span>
                  Saved
                </span>
                <button type="button" className="btn btn-small" onClick={() => setReplacing(true)} disabled={busy}>
                  Replace
                </button>
                {confirmDelete ? (
                  <span className="confirm-inline" role="group" aria-label="Confirm deleting the secret">
                    <span>Delete the saved secret?</span>
                    <button type="button" className="btn btn-small btn-danger" onClick={() => void remove()} disabled={busy}>
                      Yes, delete
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => setConfirmDelete(false)}>
                      Keep it
                    </button>
                  </span>
                ) : (
                  <button type="button" className="btn btn-small btn-quiet-danger" onClick={() => setConfirmDelete(true)} disabled={busy}>
                    Delete
                  </button>
                )}
              </div>
            </>
          ) : (
            <TextField
              id="cred-secret"
              label={status.secretSaved ? 'New API secret' : 'API secret'}
              type="password"
              value={secret}
              onChange={setSecret}
              error={errors.secret}
              autoComplete="new-password"
              spellCheck={false}
              disabled={busy}
              hint={
                status.secretSaved ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      setReplacing(false);
                      setSecret('');
                      setErrors((e) => ({ ...e, secret: undefined }));
                    }}
                  >
                    Keep the saved secret
                  </button>
                ) : (
                  'Stored in the system keychain, never displayed'
                )
              }
            />
          )}
        </div>
      </div>
      {errors._ && (
        <p className="feedback feedback-error" role="alert">
          {errors._}
        </p>
      )}
      <div className="panel-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Save credentials
        </button>
        <span className="live-inline" role="status">
          {message ?? ''}
        </span>
      </div>
    </form>
  );
}
