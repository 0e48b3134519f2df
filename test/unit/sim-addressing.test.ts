import { describe, expect, it } from 'vitest';
import { hostAddresses } from '../../src-main/sim/addressing';

describe('sim host addressing', () => {
  it('shared: one address, ssh ports then metrics ports from basePort', () => {
    expect(hostAddresses({ basePort: 40000 }, 3)).toEqual([
      { address: '127.0.0.1', sshPort: 40000, metricsPort: 40003 },
      { address: '127.0.0.1', sshPort: 40001, metricsPort: 40004 },
      { address: '127.0.0.1', sshPort: 40002, metricsPort: 40005 },
    ]);
    expect(hostAddresses({}, 2).every((a) => a.sshPort === 0 && a.metricsPort === 0)).toBe(true);
    expect(() => hostAddresses({ basePort: 65000 }, 1000)).toThrow(/passes 65535/);
  });
  it('per-host: consecutive loopback addresses skipping .0 and above .250, same ports', () => {
    const a = hostAddresses({ addressing: 'per-host', address: '127.1.0.249', sshPort: 2222 }, 3);
    expect(a).toEqual([
      { address: '127.1.0.249', sshPort: 2222, metricsPort: 9100 },
      { address: '127.1.0.250', sshPort: 2222, metricsPort: 9100 },
      { address: '127.1.1.1', sshPort: 2222, metricsPort: 9100 },
    ]);
    const many = hostAddresses({ addressing: 'per-host' }, 70_000);
    expect(new Set(many.map((x) => x.address)).size).toBe(70_000);
    expect(many.at(-1)?.address).toBe('127.2.23.250');
    expect(() => hostAddresses({ addressing: 'per-host', address: '10.0.0.1' }, 1)).toThrow(
      /127\.X\.Y\.Z/,
    );
  });
});
