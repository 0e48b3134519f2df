/**
 * Starting a release in the console as a person does: Start, pick the release from the
 * workspace's list (or type it behind "other version…" and confirm it is meant), Start.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export async function startReleaseInConsole(page: Page, release: string): Promise<void> {
  await page.getByRole('tab', { name: 'Rollout' }).click();
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  const dialog = page.getByRole('dialog');
  const listed = dialog.getByRole('radio', {
    name: new RegExp(`^${release.replace(/\./g, '\\.')}\\b`),
  });
  if ((await listed.count()) > 0) {
    await listed.first().check();
  } else {
    await dialog.getByLabel('other version…').check();
    await dialog.getByLabel('Version', { exact: true }).fill(release);
    await dialog.getByLabel(/is not a release this workspace knows/).check();
  }
  await dialog.getByRole('button', { name: `Start ${release}` }).click();
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
}
