import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartDesktopEntry, autostartExecutable, autostartFilePath, autostartPlan, quoteExecArgument } from '../../../main/electron/autostart-entry';
import { suggestedExportPath, withCsvExtension } from '../../../main/electron/export-dialog-model';

describe('XDG autostart entry', () => {
  it('is a valid desktop entry that starts the app hidden in the tray', () => {
    const text = autostartDesktopEntry({ executable: '/opt/Autotask Billing Sync/autotask-billing-sync', icon: 'autotask-billing-sync' });
    expect(text).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.5',
        'Name=Autotask Billing Sync',
        'Comment=Runs the daily Autotask billing sync from the tray',
        'Exec="/opt/Autotask Billing Sync/autotask-billing-sync" --hidden',
        'Icon=autotask-billing-sync',
        'Terminal=false',
        'Categories=Office;Finance;',
        'X-GNOME-Autostart-enabled=true',
        'X-GNOME-Autostart-Delay=10',
        '',
      ].join('\n'),
    );
  });

  it('quotes and escapes Exec arguments as the Desktop Entry spec requires', () => {
    expect(quoteExecArgument('/usr/bin/app')).toBe('/usr/bin/app');
    expect(quoteExecArgument('/home/a b/app')).toBe('"/home/a b/app"');
    expect(quoteExecArgument('/home/$USER/app')).toBe('"/home/\\\\$USER/app"');
    expect(quoteExecArgument('/x/100%/app')).toBe('/x/100%%/app');
    // A literal backslash inside a quoted argument takes four backslashes in the file.
    expect(quoteExecArgument('/a\\b c')).toBe('"/a\\\\\\\\b c"');
    expect(quoteExecArgument('a"b')).toBe('"a\\\\"b"');
  });

  it('points an AppImage entry at the .AppImage file, not its temporary mount', () => {
    expect(autostartExecutable('/tmp/.mount_AutotaXYZ/autotask-billing-sync', { APPIMAGE: '/home/u/Apps/Autotask-Billing-Sync.AppImage' })).toBe(
      '/home/u/Apps/Autotask-Billing-Sync.AppImage',
    );
    expect(autostartExecutable('/usr/bin/autotask-billing-sync', {})).toBe('/usr/bin/autotask-billing-sync');
  });

  it('lives in $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartFilePath({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe(path.join('/cfg', 'autostart', 'autotask-billing-sync.desktop'));
    expect(autostartFilePath({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe(path.join('/home/u', '.config', 'autostart', 'autotask-billing-sync.desktop'));
    expect(autostartFilePath({}, '/home/u')).toBe(path.join('/home/u', '.config', 'autostart', 'autotask-billing-sync.desktop'));
  });

  it('plans writes and removals only when something changes', () => {
    expect(autostartPlan(true, null, 'A')).toEqual({ action: 'write', content: 'A' });
    expect(autostartPlan(true, 'A', 'A')).toEqual({ action: 'none' });
    expect(autostartPlan(true, 'old', 'A')).toEqual({ action: 'write', content: 'A' });
    expect(autostartPlan(false, 'A', 'A')).toEqual({ action: 'remove' });
    expect(autostartPlan(false, null, 'A')).toEqual({ action: 'none' });
  });
});

describe('save-dialog suggestion', () => {
  it('suggests SPEC’s file name in the Downloads folder', () => {
    const now = new Date(2026, 10, 24, 9, 5, 7);
    expect(suggestedExportPath({ downloadsDir: '/home/u/Downloads', homeDir: '/home/u', departmentId: '1', now })).toBe(
      path.join('/home/u/Downloads', 'autotask_logs_1_20261124_090507.csv'),
    );
    expect(suggestedExportPath({ downloadsDir: null, homeDir: '/home/u', departmentId: 'ACCT-2', now })).toBe(path.join('/home/u', 'autotask_logs_ACCT-2_20261124_090507.csv'));
  });

  it('makes sure the chosen file ends in .csv', () => {
    expect(withCsvExtension('/home/u/Downloads/june')).toBe('/home/u/Downloads/june.csv');
    expect(withCsvExtension('/home/u/Downloads/june.CSV')).toBe('/home/u/Downloads/june.CSV');
    expect(withCsvExtension('/home/u/Downloads/june.txt')).toBe('/home/u/Downloads/june.txt.csv');
  });
});
