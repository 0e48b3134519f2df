/**
 * Webhooks: each notification (core/notify) POSTed to the URLs the environment names, as
 * Ringside's JSON or as a Slack-compatible message. Never blocks the engine: `send` queues and
 * returns; each URL gets its notifications in order, retried with exponential backoff (and
 * `Retry-After`) on a network error, a timeout, 408, 429 or 5xx, at most once more after a
 * 2xx. A URL is a secret (a Slack webhook's path is its credential): it is held for redaction
 * and a line a person reads names its host only.
 */
import { createHash } from 'node:crypto';
import type { Notable } from '../../core/notify/notable';
import { notificationTitle } from '../../core/words';
import { holdSecret, redactHeld, safeLine } from '../secrets/held-secrets';

export type WebhookFormat = 'json' | 'slack';

export interface WebhookTarget {
  readonly url: URL;
  readonly format: WebhookFormat;
}

/** Where the URLs come from: one or more each, separated by spaces or commas. */
export const WEBHOOK_ENV: Readonly<Record<WebhookFormat, string>> = {
  json: 'RINGSIDE_WEBHOOK_URL',
  slack: 'RINGSIDE_SLACK_WEBHOOK_URL',
};

/** Reads the webhook URLs of `env` (holding each as a secret); one line per bad entry. */
export function webhookTargetsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; targets: WebhookTarget[] } | { ok: false; error: string } {
  const targets: WebhookTarget[] = [];
  for (const format of ['json', 'slack'] as const) {
    const name = WEBHOOK_ENV[format];
    const entries = (env[name] ?? '').split(/[\s,]+/).filter((s) => s !== '');
    for (const [i, text] of entries.entries()) {
      holdSecret(text);
      const where = entries.length > 1 ? `${name} (URL ${i + 1} of ${entries.length})` : name;
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return { ok: false, error: `${where}: expected an http:// or https:// URL` };
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return {
          ok: false,
          error: `${where}: expected an http:// or https:// URL (got ${url.protocol.slice(0, -1)}:)`,
        };
      }
      if (url.username !== '' || url.password !== '') {
        holdSecret(url.password);
      }
      targets.push({ url, format });
    }
  }
  return { ok: true, targets };
}

/** Sends notifications somewhere; `send` never blocks or throws. */
export interface Notifier {
  send(n: Notable): void;
  /**
   * Waits (at most `deadlineMs`) for what is queued, then gives up on the rest with a line
   * each; resolves to the number not delivered.
   */
  close(deadlineMs?: number): Promise<number>;
}

/** Sends nothing (no URL configured). */
export const silentNotifier: Notifier = { send: () => {}, close: async () => 0 };

export interface WebhookOptions {
  /** A line a person should read (a notification given up on). */
  readonly warn: (line: string) => void;
  /** Attempts per notification and URL (first try included). */
  readonly maxAttempts?: number;
  /** The first retry's delay; doubles each time (with jitter), at most 30 s. */
  readonly baseDelayMs?: number;
  /** Per request. */
  readonly timeoutMs?: number;
}

/** The JSON body for `target`'s format. */
export function webhookBody(n: Notable, format: WebhookFormat): unknown {
  const title = notificationTitle(n.kind);
  // Redacted at the one boundary: a reason can quote a server that echoed a token.
  const text = safeLine(n.text);
  if (format === 'slack') {
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return {
      text: `${title}: ${text}`,
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: `*${esc(title)}*\n${esc(text)}` },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: esc(
                `${n.release.name} ${n.release.version}${n.ring !== null ? ` · ring ${n.ring}` : ''} · ${new Date(n.at).toISOString()}`,
              ),
            },
          ],
        },
      ],
    };
  }
  return redactHeld({
    id: n.id,
    kind: n.kind,
    title,
    text,
    release: n.release,
    ring: n.ring,
    at: new Date(n.at).toISOString(),
  });
}

const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

/** Posts every notification to every target (see the module comment). */
export function createWebhookNotifier(
  targets: readonly WebhookTarget[],
  o: WebhookOptions,
): Notifier {
  if (targets.length === 0) {
    return silentNotifier;
  }
  const maxAttempts = o.maxAttempts ?? 6;
  const baseDelayMs = o.baseDelayMs ?? 500;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const stop = new AbortController();
  const queues = targets.map(() => ({ tail: Promise.resolve(), pending: 0 }));

  const post = async (t: WebhookTarget, n: Notable): Promise<void> => {
    const body = JSON.stringify(webhookBody(n, t.format));
    const key = createHash('sha256').update(n.id).digest('hex').slice(0, 32);
    let last = '';
    for (let attempt = 1; attempt <= maxAttempts && !stop.signal.aborted; attempt++) {
      let wait = Math.min(30_000, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      try {
        const res = await fetch(t.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'ringside/0.1.0',
            'idempotency-key': key,
          },
          body,
          signal: AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]),
        });
        await res.body?.cancel();
        if (res.ok) {
          return;
        }
        last = `HTTP ${res.status}`;
        if (!RETRYABLE(res.status)) {
          break;
        }
        const after = Number(res.headers.get('retry-after'));
        if (Number.isFinite(after) && after > 0) {
          wait = Math.min(60_000, after * 1000);
        }
      } catch (e) {
        last =
          e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      }
      if (attempt < maxAttempts) {
        await sleep(wait, stop.signal);
      }
    }
    o.warn(
      safeLine(
        `webhook ${t.url.host}: "${notificationTitle(n.kind)}" not delivered (${stop.signal.aborted ? 'Ringside stopped waiting' : `${last}, after ${maxAttempts} attempts`})`,
      ),
    );
    throw new Error('not delivered');
  };

  let undelivered = 0;
  return {
    send: (n) => {
      targets.forEach((t, i) => {
        const q = queues[i]!;
        q.pending += 1;
        q.tail = q.tail
          .then(() => post(t, n))
          .catch(() => {
            undelivered += 1;
          })
          .finally(() => {
            q.pending -= 1;
          });
      });
    },
    close: async (deadlineMs = 5000) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.all(queues.map((q) => q.tail)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, deadlineMs);
        }),
      ]);
      clearTimeout(timer);
      stop.abort();
      await Promise.all(queues.map((q) => q.tail));
      return undelivered;
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
