import { useState } from 'react';
import { call } from '../../api';
import { errorMessage } from '../../lib/format';

/**
 * "Try with the demo tenant": points the configuration at the built-in Autotask sandbox so a newcomer can
 * see the whole app work without an Autotask account.
 */
export function DemoOffer({ onEnabled }: { onEnabled: () => void }) {
  const [state, setState] = useState<{ busy: boolean; message: string | null; ok: boolean }>({ busy: false, message: null, ok: true });
  const enable = async () => {
    setState({ busy: true, message: null, ok: true });
    try {
      const result = await call('demo:enable');
      setState({ busy: false, message: result.message, ok: result.ok });
      if (result.ok) onEnabled();
    } catch (e) {
      setState({ busy: false, message: errorMessage(e), ok: false });
    }
  };
  return (
    <div className="demo-offer">
      <span>No Autotask account at hand? </span>
      <button type="button" className="btn btn-small" onClick={() => void enable()} disabled={state.busy}>
        {state.busy ? 'Starting the demo tenant…' : 'Try with the demo tenant'}
      </button>
      <span role="status" className={state.ok ? 'muted' : 'tone-red-text'}>
        {state.message ?? ''}
      </span>
    </div>
  );
}
