import { asStaff, type FetchApp } from './staff';

/**
 * A step of setting up the authenticator app, as the signed-in staff member: `setup` (with `currentCode`
 * when one is in use) or `confirm` (with the first `code`).
 */
export const totpStep = (
  app: FetchApp,
  cookie: string,
  step: 'setup' | 'confirm',
  body?: { code?: string; currentCode?: string },
) => app.request(`/api/auth/totp/${step}`, asStaff(cookie, { method: 'POST', body }));
