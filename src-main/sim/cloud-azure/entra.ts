/**
 * The simulated Microsoft Entra ID: the OpenID metadata MSAL reads for an authority, and the
 * v2.0 token endpoint for the client-credentials grant (`ClientSecretCredential`, the
 * environment path of `DefaultAzureCredential`). It issues opaque JWT-shaped bearer tokens
 * and remembers them, so the simulated ARM can check, expire or deny them.
 */
import { randomBytes } from 'node:crypto';

/** The one application the simulated tenant knows. */
export interface SimAzureApp {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface IssuedToken {
  readonly clientId: string;
  readonly expiresAtMs: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

function b64url(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

function aadError(status: number, error: string, code: number, text: string): HttpAnswer {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: 00000000-0000-0000-0000-000000000000 Correlation ID: 00000000-0000-0000-0000-000000000000 Timestamp: 2026-11-29 00:00:00Z`,
      error_codes: [code],
    },
  };
}

/** The Entra side of the simulator: metadata and tokens. */
export class SimEntra {
  readonly tokens = new Map<string, IssuedToken>();
  /** When set, the client secret has expired (AADSTS7000222). */
  secretExpired = false;

  constructor(
    readonly app: SimAzureApp,
    private readonly base: () => string,
    private readonly now: () => number,
  ) {}

  /** Answers an Entra path, or undefined when the path is not Entra's. */
  answer(method: string, url: URL, form: URLSearchParams): HttpAnswer | undefined {
    const parts = url.pathname.split('/').filter((p) => p !== '');
    const base = this.base();
    if (parts[0] === 'common' && parts[1] === 'discovery' && parts[2] === 'instance') {
      const host = new URL(base).host;
      return {
        status: 200,
        body: {
          tenant_discovery_endpoint: `${base}/${this.app.tenantId}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        },
      };
    }
    const tenant = parts[0];
    if (tenant === undefined) {
      return undefined;
    }
    const rest = parts.slice(1).join('/');
    if (rest === 'v2.0/.well-known/openid-configuration' && method === 'GET') {
      return {
        status: 200,
        body: {
          issuer: `${base}/${tenant}/v2.0`,
          token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
        },
      };
    }
    if (rest === 'oauth2/v2.0/token' && method === 'POST') {
      return this.token(tenant, form);
    }
    return undefined;
  }

  private token(tenant: string, form: URLSearchParams): HttpAnswer {
    if (tenant !== this.app.tenantId) {
      return aadError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
    }
    const clientId = form.get('client_id') ?? '';
    if (clientId !== this.app.clientId) {
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
      );
    }
    if (form.get('client_secret') !== this.app.clientSecret) {
      return aadError(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      );
    }
    if (this.secretExpired) {
      return aadError(
        401,
        'invalid_client',
        7000222,
        `The provided client secret keys for app '${clientId}' are expired.`,
      );
    }
    const expiresIn = 3599;
    const exp = Math.floor(this.now() / 1000) + expiresIn;
    const accessToken = [
      b64url({ typ: 'JWT', alg: 'none' }),
      b64url({
        aud: 'https://management.azure.com',
        tid: tenant,
        appid: clientId,
        oid: clientId,
        exp,
      }),
      randomBytes(24).toString('base64url'),
    ].join('.');
    this.tokens.set(accessToken, { clientId, expiresAtMs: exp * 1000 });
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: expiresIn,
        ext_expires_in: expiresIn,
        access_token: accessToken,
      },
    };
  }

  /** Treats every token issued so far as expired (ARM then answers ExpiredAuthenticationToken). */
  expireTokens(): void {
    for (const [t, v] of this.tokens) {
      this.tokens.set(t, { ...v, expiresAtMs: this.now() - 60_000 });
    }
  }
}
