import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash, createHmac } from 'node:crypto';
import {
  canonicalQuery,
  canonicalRequest,
  signatureOf,
  signingKey,
  stringToSign,
  verifySigV4,
  type SignedRequest,
} from '../../src-main/sim/cloud-aws/sigv4';

// The IAM User Guide's worked example (AKIDEXAMPLE, 20150830T123600Z, ListUsers).
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const EXPECTED = '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
const AT = Date.UTC(2015, 7, 30, 12, 36, 0);
const vanilla: SignedRequest = {
  method: 'GET',
  url: '/?Action=ListUsers&Version=2010-05-08',
  headers: {
    'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
    Host: 'iam.amazonaws.com',
    'X-Amz-Date': '20150830T123600Z',
    Authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${EXPECTED}`,
  },
  body: Buffer.alloc(0),
};
const secretFor = (id: string) => (id === 'AKIDEXAMPLE' ? SECRET : undefined);

describe('SigV4 verifier (own implementation)', () => {
  it('reproduces the published IAM example signature step by step', () => {
    const emptyHash = createHash('sha256').update('').digest('hex');
    const canonical = canonicalRequest(vanilla, ['content-type', 'host', 'x-amz-date'], emptyHash);
    expect(canonical).toBe(
      [
        'GET',
        '/',
        'Action=ListUsers&Version=2010-05-08',
        'content-type:application/x-www-form-urlencoded; charset=utf-8',
        'host:iam.amazonaws.com',
        'x-amz-date:20150830T123600Z',
        '',
        'content-type;host;x-amz-date',
        emptyHash,
      ].join('\n'),
    );
    const toSign = stringToSign(
      '20150830T123600Z',
      '20150830/us-east-1/iam/aws4_request',
      canonical,
    );
    expect(signatureOf(signingKey(SECRET, '20150830', 'us-east-1', 'iam'), toSign)).toBe(EXPECTED);
    expect(verifySigV4(vanilla, secretFor, AT)).toMatchObject({
      ok: true,
      auth: { region: 'us-east-1', service: 'iam' },
    });
  });

  it('refuses a tampered header, query, body, key or signature', () => {
    const tampered: SignedRequest[] = [
      { ...vanilla, headers: { ...vanilla.headers, Host: 'iam.amazonaws.com.evil' } },
      { ...vanilla, url: '/?Action=DeleteUser&Version=2010-05-08' },
      { ...vanilla, body: Buffer.from('Action=DeleteUser') },
      { ...vanilla, method: 'POST' },
      {
        ...vanilla,
        headers: {
          ...vanilla.headers,
          Authorization: String(vanilla.headers.Authorization).replace(/.$/, '8'),
        },
      },
    ];
    for (const r of tampered) {
      expect(verifySigV4(r, secretFor, AT)).toMatchObject({
        ok: false,
        refusal: { code: 'SignatureDoesNotMatch' },
      });
    }
    expect(verifySigV4(vanilla, () => 'another secret', AT)).toMatchObject({
      ok: false,
      refusal: { code: 'SignatureDoesNotMatch' },
    });
    expect(verifySigV4(vanilla, () => undefined, AT)).toMatchObject({
      ok: false,
      refusal: { code: 'UnknownKey' },
    });
  });

  it('refuses a stale date, a missing Authorization and unsigned host', () => {
    expect(verifySigV4(vanilla, secretFor, AT + 16 * 60_000)).toMatchObject({
      ok: false,
      refusal: { code: 'RequestExpired' },
    });
    const { Authorization: _a, ...noAuth } = vanilla.headers;
    expect(verifySigV4({ ...vanilla, headers: noAuth }, secretFor, AT)).toMatchObject({
      ok: false,
      refusal: { code: 'MissingAuthenticationToken' },
    });
    const unsignedHost = {
      ...vanilla,
      headers: {
        ...vanilla.headers,
        Authorization: String(vanilla.headers.Authorization).replace(
          'content-type;host;x-amz-date',
          'content-type;x-amz-date',
        ),
      },
    };
    expect(verifySigV4(unsignedHost, secretFor, AT)).toMatchObject({
      ok: false,
      refusal: { code: 'IncompleteSignature' },
    });
  });

  it('accepts any request signed by an independent textbook signer, and refuses it after a body change', () => {
    // A second, deliberately naive signer (URLSearchParams-free) to cross-check the verifier.
    const enc = (s: string) =>
      encodeURIComponent(s).replace(
        /[!'()*]/g,
        (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
      );
    const hmac = (k: Buffer | string, d: string) => createHmac('sha256', k).update(d).digest();
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 12 }), {
          maxKeys: 5,
        }),
        fc.string({ maxLength: 40 }),
        fc.constantFrom('us-east-1', 'eu-west-1', 'ap-south-1'),
        (query, bodyText, region) => {
          const pairs = Object.entries(query).map(([k, v]) => [enc(k), enc(v)] as const);
          pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
          const cq = pairs.map(([k, v]) => `${k}=${v}`).join('&');
          const body = Buffer.from(bodyText, 'utf8');
          const bodyHash = createHash('sha256').update(body).digest('hex');
          const amz = '20150830T123600Z';
          const canonical = `POST\n/\n${cq}\nhost:ec2.amazonaws.com\nx-amz-date:${amz}\n\nhost;x-amz-date\n${bodyHash}`;
          const scope = `20150830/${region}/ec2/aws4_request`;
          const sts = `AWS4-HMAC-SHA256\n${amz}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
          const k = hmac(
            hmac(hmac(hmac(`AWS4${SECRET}`, '20150830'), region), 'ec2'),
            'aws4_request',
          );
          const sig = createHmac('sha256', k).update(sts).digest('hex');
          const req: SignedRequest = {
            method: 'POST',
            url: cq === '' ? '/' : `/?${cq}`,
            headers: {
              host: 'ec2.amazonaws.com',
              'x-amz-date': amz,
              authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${scope}, SignedHeaders=host;x-amz-date, Signature=${sig}`,
            },
            body,
          };
          expect(verifySigV4(req, secretFor, AT).ok).toBe(true);
          expect(
            verifySigV4({ ...req, body: Buffer.concat([body, Buffer.from('x')]) }, secretFor, AT)
              .ok,
          ).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('canonicalises query strings: sorted, RFC 3986 encoded, space as %20', () => {
    expect(canonicalQuery('b=2&a=x+y&a=%41&c')).toBe('a=A&a=x%20y&b=2&c=');
  });
});
