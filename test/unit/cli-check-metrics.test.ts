import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli-io';

const tmp = mkdtempSync(join(tmpdir(), 'ringside-check-metrics-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const run = (...argv: string[]) => runCliCaptured(['check-metrics', ...argv], { cwd: tmp });

describe('ringside check-metrics', () => {
  it('prints the families and samples Ringside sees (exit 0), as JSON with --json', async () => {
    writeFileSync(
      join(tmp, 'ok.txt'),
      '# HELP a things\n# TYPE a counter\na {x="1"} 3\nb Infinity\n',
    );
    const r = await run('ok.txt');
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      'a counter 1 sample — things',
      '  a{x="1"} 3',
      'b untyped 1 sample',
      '  b +Inf',
      'ok.txt: 2 families, 2 samples',
    ]);
    const j = await run('ok.txt', '--json');
    expect(JSON.parse(j.out[0] ?? '{}')).toEqual({
      families: [
        {
          name: 'a',
          type: 'counter',
          help: 'things',
          samples: [{ name: 'a', labels: { x: '1' }, value: '3' }],
        },
        {
          name: 'b',
          type: 'untyped',
          help: null,
          samples: [{ name: 'b', labels: {}, value: '+Inf' }],
        },
      ],
    });
  });
  it('prints the first error as SOURCE:LINE:COLUMN: message and exits 2, from a file or a URL', async () => {
    writeFileSync(
      join(tmp, 'bad.txt'),
      'ok 1\n# TYPE h histogram\nh_bucket{le="bla"} 1\nx{__name__="y"} 2\n',
    );
    const r = await run('bad.txt');
    expect({ code: r.code, err: r.err }).toEqual({
      code: 2,
      err: [`bad.txt:3:10: expected float as value for 'le' label, got "bla"`],
    });
    const server = createServer((_req, res) => res.end('m{a="b"} 1 2.5\n'));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    const u = await run(`http://127.0.0.1:${port}/metrics`);
    server.close();
    expect(u.code).toBe(2);
    expect(u.err[0]).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/metrics:1:12: expected an integer timestamp/,
    );
    expect((await run('missing.txt')).code).toBe(2);
  });
  it('names the column of the first error, in the message and in --json', async () => {
    writeFileSync(join(tmp, 'col.txt'), 'a 1\n  b{x="1",y=2} 3\n');
    const r = await run('col.txt', '--json');
    expect({ code: r.code, err: r.err, out: r.out.map((l) => JSON.parse(l) as unknown) }).toEqual({
      code: 2,
      err: [`col.txt:2:13: expected '"' at start of the value of label y in labels of b`],
      out: [
        {
          error: {
            source: 'col.txt',
            line: 2,
            column: 13,
            message: `expected '"' at start of the value of label y in labels of b`,
          },
        },
      ],
    });
  });
  it('reads OpenMetrics by Content-Type from a URL, and from a file with --openmetrics', async () => {
    const om = '# TYPE r counter\nr_total 2 # {trace_id="a"} 1\n# EOF\n';
    writeFileSync(join(tmp, 'om.txt'), om);
    expect((await run('om.txt', '--openmetrics')).out).toEqual([
      'r counter 1 sample',
      '  r_total 2',
      'om.txt: 1 families, 1 samples',
    ]);
    writeFileSync(join(tmp, 'om-no-eof.txt'), 'r_total 2\n');
    expect((await run('om-no-eof.txt', '--openmetrics')).err).toEqual([
      'om-no-eof.txt:2:1: the body does not end with "# EOF" (expected it as the last line)',
    ]);
    const server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/openmetrics-text; version=1.0.0' }).end(om),
    );
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    const u = await run(`http://127.0.0.1:${port}/metrics`);
    server.close();
    expect({ code: u.code, out: u.out.slice(0, 2) }).toEqual({
      code: 0,
      out: ['r counter 1 sample', '  r_total 2'],
    });
  });
});
