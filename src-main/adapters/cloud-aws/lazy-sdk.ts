/**
 * The AWS SDK modules that cost a CLI start most (Systems Manager ~0.3 s, the credential
 * providers ~0.07 s), loaded on first use: a verb or plan that never reaches AWS never loads
 * them (the EC2 and Azure clients are loaded where they are used, likewise).
 */
import type * as SsmSdk from '@aws-sdk/client-ssm';
import type * as CredentialSdk from '@aws-sdk/credential-providers';

let ssm: Promise<typeof SsmSdk> | null = null;

/** `@aws-sdk/client-ssm`, loaded once. */
export function ssmSdk(): Promise<typeof SsmSdk> {
  ssm ??= import('@aws-sdk/client-ssm');
  return ssm;
}

/** The SDK's default credential chain, as `fromNodeProviderChain` returns it. */
export type DefaultChain = ReturnType<typeof CredentialSdk.fromNodeProviderChain>;

/**
 * `fromNodeProviderChain(profile ? { profile } : {})`, made (and its module loaded) when the
 * first request asks for credentials; the chain caches as the SDK's own does.
 */
export function defaultChain(profile: string | null | undefined): DefaultChain {
  let chain: Promise<DefaultChain> | null = null;
  return ((...args: Parameters<DefaultChain>) => {
    chain ??= import('@aws-sdk/credential-providers').then((m) =>
      m.fromNodeProviderChain(profile !== null && profile !== undefined ? { profile } : {}),
    );
    return chain.then((c) => c(...args));
  }) as DefaultChain;
}
