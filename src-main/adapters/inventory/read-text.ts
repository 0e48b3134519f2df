import { readFile } from 'node:fs/promises';
import type { PlanError, Result } from '../../core/plan';
import { utf8SequenceAt } from '../../core/utf8';

/**
 * Reads a plan or inventory file as UTF-8, or says where it is not: UTF-16 (by its byte
 * order mark) and invalid UTF-8 are refused at their line and column instead of being
 * decoded into replacement characters that would parse as something else.
 */
export async function readUtf8File(
  path: string,
  file: string,
): Promise<Result<string, { readonly cannotRead: string } | PlanError>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : e instanceof Error
            ? e.message
            : String(e);
    return { ok: false, error: { cannotRead: why } };
  }
  return decodeUtf8(bytes, file);
}

/** {@link readUtf8File} on bytes already read. */
export function decodeUtf8(
  bytes: Uint8Array,
  file: string,
): Result<string, { readonly cannotRead: string } | PlanError> {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      ok: false,
      error: {
        file,
        line: 1,
        col: 1,
        message: 'UTF-16 text (expected UTF-8: save the file as UTF-8)',
      },
    };
  }
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    const b = bytes[at] ?? 0;
    return {
      ok: false,
      error: {
        file,
        line,
        col,
        message: `invalid UTF-8 (byte 0x${b.toString(16).padStart(2, '0')}; a binary file? expected UTF-8 text)`,
      },
    };
  }
}

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const seq = utf8SequenceAt(bytes, i);
    if (seq === null) {
      return i;
    }
    i += seq.length;
  }
  return bytes.length;
}
