import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { AboutPanel } from '../../renderer/src/pages/config/AboutPanel';

afterEach(cleanup);

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

describe('Configuration → About', () => {
  it('shows the version app:info reports, how the app runs and where its database is', () => {
    render(
      <AboutPanel
        info={{ name: 'Autotask Billing Sync', version: pkg.version, mode: 'electron', demo: false, databaseFile: '/home/b/.config/Autotask Billing Sync/billing.db' }}
      />,
    );
    expect(screen.getByRole('heading', { level: 2, name: 'About' })).toBeTruthy();
    expect(screen.getByTestId('about-version').textContent).toBe(`Autotask Billing Sync ${pkg.version}`);
    expect(screen.getByTestId('about-mode').textContent).toBe('Desktop app');
    expect(screen.getByTestId('about-database').textContent).toBe('/home/b/.config/Autotask Billing Sync/billing.db');
  });

  it('names browser mode', () => {
    render(<AboutPanel info={{ name: 'Autotask Billing Sync', version: '9.9.9', mode: 'browser', demo: true, databaseFile: '/tmp/demo/billing.db' }} />);
    expect(screen.getByTestId('about-version').textContent).toBe('Autotask Billing Sync 9.9.9');
    expect(screen.getByTestId('about-mode').textContent).toBe('In the browser (npm run demo)');
  });
});
