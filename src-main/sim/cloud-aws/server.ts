/**
 * The simulated AWS on 127.0.0.1: an HTTP server speaking the EC2 Query API
 * (DescribeInstances with filters and pagination) for every region of the simulated
 * account, the region taken from each request's SigV4 credential scope. Every request's
 * signature is verified by ./sigv4.ts against the test credentials; faults on demand.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { SIM_REGIONS, type SimInstance } from './account';
import { invalidFilter, matchesFilters } from './ec2-filters';
import { describeInstancesParams, formParams } from './ec2-params';
import { describeInstancesXml, ec2ErrorXml } from './ec2-xml';
import { verifySigV4 } from './sigv4';
import { SimSsm, type SimSsmAgent } from './ssm-service';
import { startSimCloudWatch, type SimCloudWatchSide } from './cloudwatch-side';
import { CLOUDWATCH_TARGET, cloudWatchRefusal, writeCloudWatch } from './cloudwatch-service';
import type { CountersOf } from './cloudwatch-metrics';

/** A fault the simulated AWS plays on demand. */
export type SimAwsFault =
  /** The next `count` requests get `RequestLimitExceeded` (HTTP 503), then it clears. */
  | { readonly kind: 'throttle'; readonly count: number }
  /** Every request gets `UnauthorizedOperation` (the caller's policy denies the action). */
  | { readonly kind: 'access-denied' }
  /** Every request gets `ExpiredToken`, as when temporary credentials run out. */
  | { readonly kind: 'expired-credentials' };

export interface SimAwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The test credentials every simulated AWS accepts. Not a secret: they reach only the sim. */
export const SIM_AWS_CREDENTIALS: SimAwsCredentials = {
  accessKeyId: 'AKIASIMULATED0000001',
  secretAccessKey: 'simulated/ringside/secret/key/00000000001',
};

/** Temporary credentials whose session has expired: every request signed with them is refused. */
export const SIM_AWS_EXPIRED_CREDENTIALS: Required<SimAwsCredentials> = {
  accessKeyId: 'ASIASIMULATEDEXPIRED',
  secretAccessKey: 'simulated/ringside/expired/key/000000002',
  sessionToken: 'simulated-session-token-expired-2026-01-01',
};

export interface SimAwsOptions {
  readonly instances: readonly SimInstance[];
  /** Listen address (127.x.x.x), default 127.0.0.1; port default ephemeral. */
  readonly address?: string;
  readonly port?: number;
  readonly now?: () => number;
  readonly accountId?: string;
  /** Runs SSM commands on the instances' simulated hosts; null: every command stays InProgress. */
  readonly ssmAgent?: SimSsmAgent | null;
  /** The instances' request counters (the simulated hosts) that CloudWatch's metrics and alarms read; none: no datapoints. */
  readonly counters?: CountersOf;
  /** History CloudWatch starts with, drawn from each instance's current rates (default none). */
  readonly metricHistoryMs?: number;
}

export interface SimAwsStats {
  readonly requests: number;
  readonly refused: Readonly<Record<string, number>>;
}

export interface SimAws {
  /** `http://127.0.0.1:PORT`: what AWS_ENDPOINT_URL points at. */
  readonly endpoint: string;
  readonly credentials: SimAwsCredentials;
  readonly instances: readonly SimInstance[];
  /** Run Command's state: instances without an agent, stuck ones, commands sent. */
  readonly ssm: SimSsm;
  /** CloudWatch's metric recorder and alarms. */
  readonly cloudwatch: SimCloudWatchSide;
  setFault(fault: SimAwsFault | null): void;
  stats(): SimAwsStats;
  /** The environment another tool exports to reach this sim through the SDK's own settings. */
  env(region?: string): Record<string, string>;
  stop(): Promise<void>;
}

const STATUS: Readonly<Record<string, number>> = {
  MissingAuthenticationToken: 401,
  AuthFailure: 401,
  IncompleteSignature: 400,
  SignatureDoesNotMatch: 403,
  RequestExpired: 400,
  ExpiredToken: 400,
  UnauthorizedOperation: 403,
  RequestLimitExceeded: 503,
  InvalidParameterValue: 400,
  InvalidParameterCombination: 400,
  InvalidAction: 400,
  InvalidPaginationToken: 400,
};

/** The JSON protocol's names for the same refusals (SSM speaks JSON 1.1). */
const JSON_CODES: Readonly<Record<string, string>> = {
  AuthFailure: 'UnrecognizedClientException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
  ExpiredToken: 'ExpiredTokenException',
  UnauthorizedOperation: 'AccessDeniedException',
  RequestLimitExceeded: 'ThrottlingException',
};

/** Starts the simulated AWS. */
export async function startSimAws(opts: SimAwsOptions): Promise<SimAws> {
  const now = opts.now ?? Date.now;
  const accountId = opts.accountId ?? '123456789012';
  const instances = [...opts.instances];
  let fault: SimAwsFault | null = null;
  let requests = 0;
  const refused: Record<string, number> = {};
  const secrets = new Map<string, SimAwsCredentials>([
    [SIM_AWS_CREDENTIALS.accessKeyId, SIM_AWS_CREDENTIALS],
    [SIM_AWS_EXPIRED_CREDENTIALS.accessKeyId, SIM_AWS_EXPIRED_CREDENTIALS],
  ]);
  const regions = new Set<string>(SIM_REGIONS);
  for (const i of instances) {
    regions.add(i.region);
  }

  const answer = (res: http.ServerResponse, status: number, body: string): void => {
    res.writeHead(status, {
      'content-type': 'text/xml;charset=UTF-8',
      date: new Date(now()).toUTCString(),
      'x-amzn-requestid': randomUUID(),
    });
    res.end(body);
  };
  const ssm = new SimSsm(
    (id, region) =>
      instances.some((i) => i.instanceId === id && i.region === region && i.state === 'running'),
    opts.ssmAgent ?? null,
    now,
  );
  const cloudwatch = startSimCloudWatch(
    instances,
    opts.counters ?? (() => undefined),
    now,
    opts.metricHistoryMs ?? 0,
  );
  const cwResponses = new WeakSet<http.ServerResponse>();
  // Responses that speak SSM's JSON protocol (their request named an AmazonSSM target).
  const jsonResponses = new WeakSet<http.ServerResponse>();
  const answerJson = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      date: new Date(now()).toUTCString(),
      'x-amzn-requestid': randomUUID(),
    });
    res.end(JSON.stringify(body));
  };
  const refuse = (res: http.ServerResponse, code: string, message: string): void => {
    refused[code] = (refused[code] ?? 0) + 1;
    if (cwResponses.has(res)) {
      writeCloudWatch(res, cloudWatchRefusal(code, message), now(), randomUUID());
      return;
    }
    if (jsonResponses.has(res)) {
      const status = code === 'RequestLimitExceeded' ? 400 : (STATUS[code] ?? 400);
      answerJson(res, status, { __type: JSON_CODES[code] ?? code, message });
      return;
    }
    answer(res, STATUS[code] ?? 400, ec2ErrorXml(randomUUID(), code, message));
  };

  const handle = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void => {
    const url = req.url ?? '/';
    if (url.startsWith('/sim/')) {
      simControl(req.method ?? 'GET', url, body, res);
      return;
    }
    requests++;
    const target = req.headers['x-amz-target'];
    const json = typeof target === 'string' && target.startsWith('AmazonSSM.');
    if (json) {
      jsonResponses.add(res);
    }
    const cw = typeof target === 'string' && target.startsWith(`${CLOUDWATCH_TARGET}.`);
    if (cw) {
      cwResponses.add(res);
    }
    const check = verifySigV4(
      { method: req.method ?? 'GET', url, headers: req.headers, body },
      (id) => secrets.get(id)?.secretAccessKey,
      now(),
    );
    if (!check.ok) {
      const code = check.refusal.code === 'UnknownKey' ? 'AuthFailure' : check.refusal.code;
      refuse(res, code, check.refusal.message);
      return;
    }
    const { auth } = check;
    const service = json ? 'ssm' : cw ? 'monitoring' : 'ec2';
    if (auth.service !== service) {
      refuse(
        res,
        'SignatureDoesNotMatch',
        `Credential should be scoped to correct service: '${service}'.`,
      );
      return;
    }
    if (!regions.has(auth.region)) {
      refuse(
        res,
        'AuthFailure',
        `Credential should be scoped to a valid region, not '${auth.region}'.`,
      );
      return;
    }
    const creds = secrets.get(auth.accessKeyId);
    const token = req.headers['x-amz-security-token'];
    if (creds?.sessionToken !== undefined) {
      if (token !== creds.sessionToken || !auth.signedHeaders.includes('x-amz-security-token')) {
        refuse(res, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
        return;
      }
      refuse(res, 'ExpiredToken', 'The security token included in the request is expired');
      return;
    }
    if (fault?.kind === 'throttle') {
      fault = fault.count <= 1 ? null : { kind: 'throttle', count: fault.count - 1 };
      refuse(res, 'RequestLimitExceeded', 'Request limit exceeded.');
      return;
    }
    if (fault?.kind === 'expired-credentials') {
      refuse(res, 'ExpiredToken', 'The security token included in the request is expired');
      return;
    }
    if (cw) {
      if (fault?.kind === 'access-denied') {
        refuse(
          res,
          'UnauthorizedOperation',
          `User is not authorized to perform: cloudwatch:${String(target).split('.')[1] ?? ''}`,
        );
        return;
      }
      writeCloudWatch(
        res,
        cloudwatch.answer(String(target), auth.region, body),
        now(),
        randomUUID(),
      );
      return;
    }
    if (json) {
      if (fault?.kind === 'access-denied') {
        refuse(
          res,
          'UnauthorizedOperation',
          `User is not authorized to perform: ${String(target)}`,
        );
        return;
      }
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        answerJson(res, 400, { __type: 'SerializationException', message: 'body is not JSON' });
        return;
      }
      const a = ssm.handle(String(target), auth.region, input);
      answerJson(res, a.status, a.body);
      return;
    }
    const params = formParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
    for (const [k, v] of formParams(body.toString('utf8'))) {
      params.set(k, v);
    }
    const action = params.get('Action');
    if (action !== 'DescribeInstances') {
      refuse(
        res,
        'InvalidAction',
        `The action ${action ?? '(none)'} is not valid for this web service.`,
      );
      return;
    }
    if (fault?.kind === 'access-denied') {
      refuse(res, 'UnauthorizedOperation', 'You are not authorized to perform this operation.');
      return;
    }
    describe(auth.region, params, res);
  };

  const describe = (
    region: string,
    params: Map<string, string>,
    res: http.ServerResponse,
  ): void => {
    const p = describeInstancesParams(params);
    if (typeof p === 'string') {
      refuse(
        res,
        p.includes('cannot be used') ? 'InvalidParameterCombination' : 'InvalidParameterValue',
        p,
      );
      return;
    }
    const bad = invalidFilter(p.filters);
    if (bad !== null) {
      refuse(res, 'InvalidParameterValue', `The filter '${bad}' is invalid`);
      return;
    }
    const ids = new Set(p.instanceIds);
    const matching = instances.filter(
      (i) =>
        i.region === region &&
        (ids.size === 0 || ids.has(i.instanceId)) &&
        matchesFilters(i, p.filters),
    );
    const start = p.nextToken === undefined ? 0 : decodeToken(p.nextToken, region);
    if (start === null) {
      refuse(res, 'InvalidPaginationToken', `Invalid pagination token: ${p.nextToken ?? ''}`);
      return;
    }
    const size = p.maxResults ?? 1000;
    const page = matching.slice(start, start + size);
    const next = start + size < matching.length ? encodeToken(start + size, region) : null;
    answer(res, 200, describeInstancesXml(randomUUID(), accountId, page, next));
  };

  const simControl = (
    method: string,
    url: string,
    body: Buffer,
    res: http.ServerResponse,
  ): void => {
    if (method === 'PUT' && url === '/sim/fault') {
      try {
        fault = JSON.parse(body.toString('utf8') || 'null') as SimAwsFault | null;
        res.writeHead(204).end();
      } catch (e) {
        res.writeHead(400).end(`bad fault JSON: ${e instanceof Error ? e.message : String(e)}\n`);
      }
      return;
    }
    res.writeHead(404).end('unknown sim control path (PUT /sim/fault)\n');
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  server.keepAliveTimeout = 30_000;
  const address = opts.address ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) =>
      reject(
        new Error(`simulated AWS: cannot listen on ${address}:${opts.port ?? 0}: ${e.message}`),
      ),
    );
    server.listen({ host: address, port: opts.port ?? 0 }, () => resolve());
  });
  const a = server.address();
  const endpoint = `http://${address}:${typeof a === 'object' && a ? a.port : 0}`;
  return {
    endpoint,
    credentials: SIM_AWS_CREDENTIALS,
    instances,
    ssm,
    cloudwatch,
    setFault: (f) => {
      fault = f;
    },
    stats: () => ({ requests, refused: { ...refused } }),
    env: (region = instances[0]?.region ?? 'us-east-1') => ({
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: SIM_AWS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: SIM_AWS_CREDENTIALS.secretAccessKey,
      AWS_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
    stop: () =>
      new Promise<void>((resolve) => {
        cloudwatch.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function encodeToken(offset: number, region: string): string {
  return Buffer.from(JSON.stringify({ o: offset, r: region }), 'utf8').toString('base64');
}

function decodeToken(token: string, region: string): number | null {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      o?: unknown;
      r?: unknown;
    };
    return typeof t.o === 'number' && Number.isInteger(t.o) && t.o >= 0 && t.r === region
      ? t.o
      : null;
  } catch {
    return null;
  }
}
