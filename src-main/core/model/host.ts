/** A machine of the fleet, as every inventory format resolves to it. */
export interface Host {
  /** Unique name within the plan; the key used everywhere (journal, UI, commands). */
  readonly name: string;
  /** DNS name or IP address to connect to. */
  readonly address: string;
  readonly port: number;
  readonly user?: string;
  /** Free-form labels: region, zone, env, segment, ... */
  readonly labels: Readonly<Record<string, string>>;
  /** Carried over from inventories / ssh_config; used by the SSH adapter. */
  readonly identityFile?: string;
  /** `user@host:port[,user@host:port...]` as in OpenSSH's ProxyJump. */
  readonly proxyJump?: string;
  /** Where the host was declared, e.g. `inventory/hosts.ini:12`. */
  readonly origin?: string;
}
