import type { AppInfo, CredentialStatus } from '../../../../shared/domain';
import type { RateRow } from '../../../../shared/billing';
import type { Settings } from '../../../../shared/settings';
import { call } from '../../api';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { useApiQuery } from '../../hooks/use-api-query';
import { setDisplayCurrency } from '../../lib/format';
import { AboutPanel } from './AboutPanel';
import { BillingSettingsForm } from './BillingSettingsForm';
import { ConnectionTest } from './ConnectionTest';
import { CredentialsForm } from './CredentialsForm';
import { DemoOffer } from './DemoOffer';
import { SettingsForm } from './SettingsForm';

export function isEmptyConfiguration(c: CredentialStatus): boolean {
  return !c.username && !c.integrationCode && !c.secretSaved;
}

export function ConfigPage({ info }: { info: AppInfo | null }) {
  const query = useApiQuery<{ settings: Settings; credentials: CredentialStatus; rates: RateRow[] | null }>(async () => {
    const [settings, credentials, rates] = await Promise.all([
      call('settings:get'),
      call('credentials:get'),
      // The rate history is shown when the core has it; an older core without it still shows the form.
      call('rates:list').catch(() => null),
    ]);
    return { settings, credentials, rates };
  }, 'config');
  const data = query.data;
  const ready = data ? Boolean(data.credentials.username && data.credentials.integrationCode && data.credentials.secretSaved) : false;

  return (
    <div className="page page-narrow">
      <PageHeader
        title="Configuration"
        subtitle="API credentials, how the sync behaves, and how invoices are exported."
        actions={
          <a className="btn" href="#/dashboard">
            Back to Dashboard
          </a>
        }
      />
      {query.error && <Notice tone="error">Could not load the configuration: {query.error}</Notice>}
      {data && isEmptyConfiguration(data.credentials) && info && !info.demo && (
        <Notice tone="info">
          <strong>Nothing is configured yet.</strong> Enter your Autotask API user below.
          <DemoOffer onEnabled={query.reload} />
        </Notice>
      )}
      {data && info?.demo && (
        <Notice tone="info">
          This is the <strong>demo tenant</strong>: a built-in imitation of Autotask with made-up companies, contracts and time entries.
        </Notice>
      )}
      {data && (
        <>
          <CredentialsForm status={data.credentials} onSaved={() => query.reload()} />
          <ConnectionTest disabledReason={ready ? null : 'Save the API username, secret and integration code first.'} />
          <SettingsForm settings={data.settings} secretSaved={data.credentials.secretSaved} rates={data.rates} onSaved={() => query.reload()} />
          <BillingSettingsForm
            settings={data.settings}
            onSaved={(s) => {
              setDisplayCurrency(s.currency);
              query.reload();
            }}
          />
        </>
      )}
      {info && <AboutPanel info={info} />}
    </div>
  );
}
