/** Clicks an export button and returns the file the browser saved: its name and text. */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

export async function downloadExport(
  page: Page,
  button: string,
): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
}
