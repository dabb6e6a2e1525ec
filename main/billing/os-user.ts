import os from 'node:os';

/** The OS user name recorded in the billing audit ('unknown' where the platform cannot say). */
export function osUserName(): string {
  try {
    const name = os.userInfo().username;
    return name && name.trim() ? name : 'unknown';
  } catch {
    return 'unknown';
  }
}
