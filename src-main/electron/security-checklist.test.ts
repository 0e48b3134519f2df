/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
 * one test per item, reading the shell's configuration: the Electron binary cannot run here,
 * so the decisions live in pure modules (window options, app:// mapping, CSP, session
 * handlers, link and sender policies, secret store) and main.ts is read as text for the
 * calls that wire them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../core/csp';
import { APP_SCHEME_PRIVILEGES, RENDERER_INDEX_URL, resolveAppRequest } from './app-protocol';
import {
  desktopCsp,
  isExternalLinkAllowed,
  isNavigationAllowed,
  isTrustedSender,
} from './navigation-policy';
import { createSecretStore, encryptionUsable, type SecretCipher } from './secrets';
import { isRequestAllowed, setupSessionSecurity, type SessionLike } from './session-security';
import type { KeyValueStore } from './settings-store';
import { windowWebPreferences } from './window-config';

const root = join(import.meta.dirname, '../..');
const source = (p: string) => readFileSync(join(root, p), 'utf8');
const main = source('src-main/electron/main.ts');
const windowTs = source('src-main/electron/window.ts');
const prefs = windowWebPreferences('/app/preload.cjs');

/** A fake session that keeps the handlers setupSessionSecurity installs, to call them. */
function fakeSession() {
  const h: Record<string, (...a: never[]) => unknown> = {};
  const s = {
    webRequest: {
      onHeadersReceived: (f: never) => void (h['headers'] = f),
      onBeforeRequest: (f: never) => void (h['request'] = f),
    },
    setPermissionRequestHandler: (f: never) => void (h['permissionRequest'] = f),
    setPermissionCheckHandler: (f: never) => void (h['permissionCheck'] = f),
  };
  setupSessionSecurity(s as unknown as SessionLike);
  return h as Record<string, (...a: unknown[]) => unknown>;
}

describe('Electron security checklist', () => {
  it('1. only secure content: every request but app://, devtools, data: and blob: is cancelled', () => {
    const h = fakeSession();
    const seen: unknown[] = [];
    for (const url of [RENDERER_INDEX_URL, 'https://example.com/x.js', 'file:///etc/passwd']) {
      h['request']?.({ url }, (r: unknown) => seen.push(r));
    }
    expect(seen).toEqual([{ cancel: false }, { cancel: true }, { cancel: true }]);
    expect(isRequestAllowed('http://127.0.0.1:9090/')).toBe(false);
  });
  it('2. Node integration is off everywhere (window, workers, subframes)', () => {
    expect(prefs).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
    expect(windowTs).toContain('webPreferences: windowWebPreferences(');
  });
  it('3. context isolation is on', () => {
    expect(prefs.contextIsolation).toBe(true);
  });
  it('4. the renderer is sandboxed, for every window (app.enableSandbox)', () => {
    expect(prefs.sandbox).toBe(true);
    expect(main).toContain('app.enableSandbox();');
  });
  it('5. permission requests are denied', () => {
    const answers: boolean[] = [];
    fakeSession()['permissionRequest']?.({}, 'media', (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false]);
  });
  it('5b. permission checks are denied too (setPermissionCheckHandler)', () => {
    expect(fakeSession()['permissionCheck']?.({}, 'notifications', 'app://ringside')).toBe(false);
  });
  it('6. webSecurity stays on', () => {
    expect(prefs.webSecurity).toBe(true);
  });
  it('7. one CSP: the header the shell sends is the <meta> of index.html, with object-src, base-uri, form-action', () => {
    const html = source('src-renderer/index.html');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
    expect(meta).toBe(RENDERER_CSP);
    expect(desktopCsp).toBe(RENDERER_CSP);
    let sent: unknown;
    fakeSession()['headers']?.({ responseHeaders: {} }, (r: unknown) => (sent = r));
    expect(sent).toMatchObject({
      responseHeaders: { 'Content-Security-Policy': [meta] },
    });
    for (const d of ["object-src 'none'", "base-uri 'none'", "form-action 'none'"]) {
      expect(RENDERER_CSP).toContain(d);
    }
    expect(RENDERER_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
  it('8. no insecure content over https', () => {
    expect(prefs.allowRunningInsecureContent).toBe(false);
  });
  it('9. no experimental features', () => {
    expect(prefs.experimentalFeatures).toBe(false);
  });
  it('10. no enableBlinkFeatures', () => {
    expect(Object.keys(prefs)).not.toContain('enableBlinkFeatures');
    expect(main + windowTs).not.toContain('enableBlinkFeatures');
  });
  it('11. no <webview> (so no allowpopups)', () => {
    expect(prefs.webviewTag).toBe(false);
  });
  it('12. a webview that would be attached anyway is refused', () => {
    expect(windowTs).toMatch(/will-attach-webview', \(event\) => event\.preventDefault\(\)/);
  });
  it('13. navigation only to the renderer itself', () => {
    expect(isNavigationAllowed(`${RENDERER_INDEX_URL}#/fleet`, RENDERER_INDEX_URL)).toBe(true);
    expect(isNavigationAllowed('https://example.com/', RENDERER_INDEX_URL)).toBe(false);
    expect(isNavigationAllowed('file:///opt/Ringside/index.html', RENDERER_INDEX_URL)).toBe(false);
    expect(windowTs).toContain("'will-navigate'");
  });
  it('14. new windows are denied (every web contents)', () => {
    expect(main).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    expect(windowTs).toContain("return { action: 'deny' };");
  });
  it('15. shell.openExternal only for the allow-list and the configured Prometheus servers', () => {
    expect(isExternalLinkAllowed('https://prometheus.io/docs/')).toBe(true);
    expect(isExternalLinkAllowed('https://evil.example/')).toBe(false);
    expect(isExternalLinkAllowed('http://prometheus.io/')).toBe(false);
    expect(isExternalLinkAllowed('https://user:pw@github.com/')).toBe(false);
    expect(isExternalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(isExternalLinkAllowed('smb://host/share')).toBe(false);
    expect(
      isExternalLinkAllowed('http://prom.internal:9090/graph', ['http://prom.internal:9090']),
    ).toBe(true);
    expect(windowTs).toContain('isExternalLinkAllowed(url, options.externalOrigins())');
  });
  it('16. a current Electron', () => {
    // Electron is optional (npm ci works where its binary cannot be downloaded).
    const pkg = JSON.parse(source('package.json')) as {
      devDependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const range = pkg.optionalDependencies?.['electron'] ?? pkg.devDependencies?.['electron'];
    const major = Number(/(\d+)/.exec(range ?? '')?.[1]);
    expect(major).toBeGreaterThanOrEqual(38);
  });
  it('17. IPC only from the renderer page top frame', () => {
    expect(
      isTrustedSender({ frameUrl: RENDERER_INDEX_URL, isMainFrame: true }, RENDERER_INDEX_URL),
    ).toBe(true);
    expect(
      isTrustedSender({ frameUrl: RENDERER_INDEX_URL, isMainFrame: false }, RENDERER_INDEX_URL),
    ).toBe(false);
    expect(
      isTrustedSender({ frameUrl: 'file:///tmp/evil.html', isMainFrame: true }, RENDERER_INDEX_URL),
    ).toBe(false);
  });
  it('18. no file://: app:// is privileged, served by protocol.handle from dist/renderer, traversal refused', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
    expect(main).toContain('protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);');
    expect(main).toContain('protocol.handle(APP_SCHEME');
    expect(windowTs).toContain('win.loadURL(options.indexUrl)');
    expect(windowTs).not.toContain('loadFile');
    const dir = '/opt/Ringside/dist/renderer';
    expect(resolveAppRequest('app://ringside/index.html', dir)).toEqual({
      ok: true,
      path: `${dir}/index.html`,
    });
    expect(resolveAppRequest('app://ringside/assets/app.js?v=1', dir)).toEqual({
      ok: true,
      path: `${dir}/assets/app.js`,
    });
    // `..` and `%2e%2e` segments are resolved by the URL parser itself: they stay inside.
    for (const u of [
      'app://ringside/../../etc/passwd',
      'app://ringside/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      expect(resolveAppRequest(u, dir)).toEqual({ ok: true, path: `${dir}/etc/passwd` });
    }
    for (const bad of [
      'app://ringside/assets/..%2f..%2f..%2fetc/passwd',
      'app://ringside/a%5c..%5c..%5cx',
      'app://ringside/a%00.js',
      'app://ringside/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      expect(resolveAppRequest(bad, dir), bad).toMatchObject({ ok: false, status: 403 });
    }
  });
  it('19. fuses: no run-as-node, no NODE_OPTIONS or --inspect, app only from the checked asar', () => {
    const yml = source('electron-builder.yml');
    for (const line of [
      'runAsNode: false',
      'enableNodeOptionsEnvironmentVariable: false',
      'enableNodeCliInspectArguments: false',
      'enableEmbeddedAsarIntegrityValidation: true',
      'onlyLoadAppFromAsar: true',
    ]) {
      expect(yml).toContain(line);
    }
  });
  it('20. the renderer gets the contract transport only, not Electron APIs', () => {
    const preload = source('src-main/electron/preload.ts');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toContain("contextBridge.exposeInMainWorld('ringside', transport);");
    // One call and one subscription, each limited to the contract's names.
    expect(preload).toContain('if (!methods.has(method))');
    expect(preload).toContain('if (!pushes.has(name))');
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });
  it("safeStorage's basic_text backend is refused: nothing is remembered on disk", () => {
    const data = new Map<string, unknown>();
    const kv: KeyValueStore = {
      get: (k) => data.get(k),
      set: (k, v) => void data.set(k, v),
      delete: (k) => void data.delete(k),
    };
    const cipher = (backend: string): SecretCipher => ({
      isEncryptionAvailable: () => true,
      encryptString: (s) => Buffer.from(s),
      decryptString: (b) => b.toString(),
      getSelectedStorageBackend: () => backend,
    });
    expect(encryptionUsable(cipher('basic_text'))).toBe(false);
    expect(encryptionUsable(cipher('gnome_libsecret'))).toBe(true);
    const r = createSecretStore(cipher('basic_text'), kv).set('identity:abc', 'hunter22');
    expect(r).toMatchObject({ ok: false, reason: 'encryptionUnavailable' });
    expect(data.size).toBe(0);
    expect(main).toContain('createSecretStore(safeStorage,');
  });
});
