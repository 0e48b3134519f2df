import { boundaryText, redactDeep } from '../../core/boundary-text';

/**
 * Every secret this process holds right now (Prometheus bearer tokens read from `tokenEnv`,
 * SSH key passphrases, later webhook URLs), so that the one boundary (core/boundary-text) can
 * redact them wherever they turn up: in a server's echoed error body, a host's output, an
 * exception. Whoever reads a secret holds it here before using it.
 */
const held = new Set<string>();

/** Registers a secret for redaction (for the life of the process). */
export function holdSecret(secret: string): void {
  if (secret !== '') {
    held.add(secret);
  }
}

/** The secrets held, for the boundary functions. */
export function heldSecrets(): readonly string[] {
  return [...held];
}

/** One line of output for a person: held secrets redacted, control characters escaped. */
export function safeLine(text: string): string {
  return boundaryText(text, heldSecrets());
}

/** A document for a person or a file (keeps its line breaks; everything else as safeLine). */
export function safeDocument(text: string): string {
  return boundaryText(text, heldSecrets(), true);
}

/** A record about to be stored (journal): every string in it with held secrets redacted. */
export function redactHeld<T>(value: T): T {
  return redactDeep(value, heldSecrets());
}
