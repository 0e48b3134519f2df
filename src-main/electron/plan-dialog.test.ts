/**
 * Issue 10 item 4 in the desktop shell: workspace plan paths are limited to what the person
 * picked in Electron's open dialog. The dialog's answer is what `allowPlan` admits; a path
 * the renderer makes up (`openWorkspace({planPath})` over IPC) is refused. main.ts and
 * menu.ts are read as text for the wiring (the Electron binary cannot run here), the flow
 * itself runs against the real facade.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRingsideApp, type RingsideApp } from '../app';
import { openPlanFromDialog, PLAN_DIALOG_OPTIONS } from './plan-dialog';

const root = join(import.meta.dirname, '../..');
const source = (p: string) => readFileSync(join(root, p), 'utf8');

const plan = (name: string) => `release: { name: ${name}, version: 2.0.0, previous: 1.0.0 }
fleet:
  hosts:
    - { name: h1, address: h1.test.invalid, labels: { zone: a } }
domains: { byLabel: zone }
rings:
  - { name: all, select: { rest: true }, bake: 0s }
deploy:
  steps: [{ name: install, command: 'appctl install {{version}}', timeout: 10s }]
`;

let dir: string;
let app: RingsideApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-dialog-'));
  writeFileSync(join(dir, 'start.yaml'), plan('start'));
  writeFileSync(join(dir, 'picked.yaml'), plan('picked'));
  writeFileSync(join(dir, 'made-up.yaml'), plan('madeup'));
  // As main.ts creates it: no planAccess option, so nothing but person-chosen files.
  app = await createRingsideApp({
    workspace: { planPath: join(dir, 'start.yaml') },
    journalRoot: join(dir, 'journals'),
  });
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the desktop shell opens only plans picked in its dialog', () => {
  it('refuses a path the renderer makes up, naming the path only', async () => {
    const madeUp = join(dir, 'made-up.yaml');
    await expect(app.openWorkspace({ planPath: madeUp })).rejects.toThrow(
      `${madeUp} is not a plan this console may open`,
    );
    await expect(app.openWorkspace({ planPath: '/etc/passwd' })).rejects.toThrow(/may open/);
  });

  it('a cancelled dialog admits nothing', async () => {
    const picked = join(dir, 'picked.yaml');
    const r = await openPlanFromDialog(async () => ({ canceled: true, filePaths: [picked] }), app);
    expect(r).toBe(null);
    await expect(app.openWorkspace({ planPath: picked })).rejects.toThrow(/may open/);
  });

  it('opens the file the dialog returned, and only that one', async () => {
    const picked = join(dir, 'picked.yaml');
    const r = await openPlanFromDialog(async () => ({ canceled: false, filePaths: [picked] }), app);
    expect(r?.workspace?.release.name).toBe('picked');
    // The pick is now allowed (as a recent workspace would be); the made-up one still is not.
    await expect(app.openWorkspace({ planPath: picked })).resolves.toBeTruthy();
    await expect(app.openWorkspace({ planPath: join(dir, 'made-up.yaml') })).rejects.toThrow(
      /may open/,
    );
  });

  it('main.ts wires File → Open Plan… to the dialog and the facade, with no other plan source', () => {
    const main = source('src-main/electron/main.ts');
    const menu = source('src-main/electron/menu.ts');
    expect(main).toContain('dialog.showOpenDialog(win, PLAN_DIALOG_OPTIONS)');
    expect(main).toMatch(/openPlanFromDialog\(show, facade\)/);
    expect(main).toMatch(/setupMenu\([\s\S]*openPlan,\s*\)/);
    expect(menu).toMatch(/label: 'Open Plan…'[^}]*click: \(\) => openPlan\(\)/);
    // No directory or extra file is admitted in the shell: createRingsideApp gets no planAccess.
    expect(main).not.toContain('planAccess');
    expect(main).not.toMatch(/\.allowPlan\(/);
    expect(PLAN_DIALOG_OPTIONS.properties).toEqual(['openFile']);
  });
});
