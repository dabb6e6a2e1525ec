import type { AppInfo } from '../../../../shared/domain';

const MODE_LABEL: Record<AppInfo['mode'], string> = {
  electron: 'Desktop app',
  browser: 'In the browser (npm run demo)',
  cli: 'Command line (npm run cli)',
  test: 'Test harness',
};

/**
 * About: the version (package.json's, through `app:info` — the same number as the installer's and the
 * command line's `--version`), how the app runs and where its database is.
 */
export function AboutPanel({ info }: { info: AppInfo }) {
  return (
    <section className="panel" aria-labelledby="about-title">
      <h2 id="about-title" className="panel-title">
        About
      </h2>
      <dl className="detail-list about-list">
        <div>
          <dt>Version</dt>
          <dd data-testid="about-version">
            {info.name} {info.version}
          </dd>
        </div>
        <div>
          <dt>Running as</dt>
          <dd data-testid="about-mode">{MODE_LABEL[info.mode]}</dd>
        </div>
        <div className="about-wide">
          <dt>Database</dt>
          <dd className="mono" data-testid="about-database">
            {info.databaseFile}
          </dd>
        </div>
      </dl>
      <p className="panel-text muted">
        Backups are kept in the <span className="mono">backups</span> folder beside the database. What changed in each version is listed in the release notes (CHANGELOG.md).
      </p>
    </section>
  );
}
