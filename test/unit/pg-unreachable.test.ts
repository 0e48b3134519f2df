/**
 * Which errors of the real `pg` client mean "the database is unreachable" (wait, or spill
 * under break-glass) rather than "the append is wrong" (stop). Measured in CI: a pooled
 * client whose connection broke answered "Client has encountered a connection error and is
 * not queryable", was taken for a wrong append, and the driver stopped appending with the
 * database merely restarting (test/integration/team-break-glass.test.ts).
 */
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { isUnreachable } from '../../src-main/adapters/journal-pg/pg-rows';

/**
 * A server that says AuthenticationOk and ReadyForQuery to whoever connects (the wire
 * protocol's smallest session), then drops the connection: a database going away under a
 * client that is connected and idle, as a pooled one is.
 */
const dropper = net.createServer((s) => {
  s.once('data', () => {
    const authOk = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]);
    const ready = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
    s.write(Buffer.concat([authOk, ready]));
    setTimeout(() => s.destroy(), 50);
  });
  s.on('error', () => undefined);
});
afterAll(() => new Promise<void>((r) => dropper.close(() => r())));

async function port(): Promise<number> {
  if (!dropper.listening) {
    await new Promise<void>((r) => dropper.listen(0, '127.0.0.1', r));
  }
  return (dropper.address() as net.AddressInfo).port;
}

describe('isUnreachable on the real pg client', () => {
  it('a connection that broke while idle, then a query on the same client: both unreachable', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await port(), user: 'x' });
    const broke = new Promise<unknown>((r) => client.once('error', r));
    await client.connect();
    const dropped = await broke;
    expect(isUnreachable(dropped)).toBe(true);
    const query = await client.query('SELECT 1').then(
      () => null,
      (e: unknown) => e,
    );
    expect((query as Error).message).toMatch(/not queryable/);
    expect(isUnreachable(query)).toBe(true);
  });

  it('a refused connection and a resolver failure are unreachable; a constraint error is not', async () => {
    const closed = await port();
    await new Promise<void>((r) => dropper.close(() => r()));
    const refused = await new pg.Client({ host: '127.0.0.1', port: closed, user: 'x' })
      .connect()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isUnreachable(refused)).toBe(true);
    expect(
      isUnreachable(Object.assign(new Error('getaddrinfo EAI_AGAIN db'), { code: 'EAI_AGAIN' })),
    ).toBe(true);
    expect(
      isUnreachable(Object.assign(new Error('connect EHOSTUNREACH'), { code: 'EHOSTUNREACH' })),
    ).toBe(true);
    expect(isUnreachable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isUnreachable(new Error('Client was closed and is not queryable'))).toBe(false);
  });
});
