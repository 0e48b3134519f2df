import { fail, ok, type InventoryHost, type PlanError, type Result } from '../../core/plan';

/** Columns with a meaning; every other column is a label. */
const known = ['name', 'address', 'port', 'user', 'identityFile', 'proxyJump'] as const;

/**
 * A CSV inventory: a header row naming columns (`name` required; address, port, user,
 * identityFile, proxyJump; any other column is a label), one host per row. Fields may be
 * quoted with "..." and "" escapes a quote; empty label cells are left out.
 */
export function parseCsv(text: string, file: string): Result<InventoryHost[], PlanError[]> {
  const errors: PlanError[] = [];
  const rows = splitRows(text).filter(
    (r) =>
      !(r.cells.length === 1 && r.cells[0]?.text.trim() === '') &&
      !r.cells[0]?.text.startsWith('#'),
  );
  const header = rows[0];
  if (!header) {
    return fail([
      { file, line: 1, col: 1, message: 'empty CSV (expected a header row with a name column)' },
    ]);
  }
  const cols = header.cells.map((c) => c.text.trim());
  const nameCol = cols.indexOf('name');
  if (nameCol < 0) {
    return fail([
      {
        file,
        line: header.line,
        col: 1,
        message: `CSV header has no 'name' column (got: ${cols.join(', ')})`,
      },
    ]);
  }
  const hosts: InventoryHost[] = [];
  for (const row of rows.slice(1)) {
    if (row.cells.length !== cols.length) {
      errors.push({
        file,
        line: row.line,
        col: 1,
        message: `expected ${cols.length} fields as in the header, got ${row.cells.length}`,
      });
      continue;
    }
    const get = (c: string) => {
      const i = cols.indexOf(c);
      const v = i >= 0 ? row.cells[i]?.text.trim() : undefined;
      return v === '' ? undefined : v;
    };
    const name = get('name');
    if (name === undefined) {
      errors.push({
        file,
        line: row.line,
        col: row.cells[nameCol]?.col ?? 1,
        message: 'empty host name (expected a value in the name column)',
      });
      continue;
    }
    const portText = get('port');
    const port = portText === undefined ? undefined : Number(portText);
    if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      const i = cols.indexOf('port');
      errors.push({
        file,
        line: row.line,
        col: row.cells[i]?.col ?? 1,
        message: `invalid port '${portText ?? ''}' (expected 1-65535)`,
      });
      continue;
    }
    const labels: Record<string, string> = {};
    cols.forEach((c, i) => {
      const v = row.cells[i]?.text.trim();
      if (!(known as readonly string[]).includes(c) && v !== undefined && v !== '') {
        labels[c] = v;
      }
    });
    const address = get('address');
    const user = get('user');
    const identityFile = get('identityFile');
    const proxyJump = get('proxyJump');
    hosts.push({
      name,
      ...(address !== undefined ? { address } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(user !== undefined ? { user } : {}),
      labels,
      ...(identityFile !== undefined ? { identityFile } : {}),
      ...(proxyJump !== undefined ? { proxyJump } : {}),
      pos: { line: row.line, col: row.cells[nameCol]?.col ?? 1 },
    });
  }
  return errors.length > 0 ? fail(errors) : ok(hosts);
}

interface Cell {
  readonly text: string;
  readonly col: number;
}

/** RFC 4180-style splitting that remembers where each row and cell starts. */
function splitRows(text: string): { line: number; cells: Cell[] }[] {
  const rows: { line: number; cells: Cell[] }[] = [];
  let line = 1;
  let col = 1;
  let cells: Cell[] = [];
  let cur = '';
  let cellCol = 1;
  let rowLine = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
        col++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cur += ch;
      }
    } else if (ch === '"' && cur.trim() === '') {
      quoted = true;
    } else if (ch === ',') {
      cells.push({ text: cur, col: cellCol });
      cur = '';
      cellCol = col + 1;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') {
        i++;
      }
      cells.push({ text: cur, col: cellCol });
      rows.push({ line: rowLine, cells });
      cells = [];
      cur = '';
      line++;
      col = 0;
      cellCol = 1;
      rowLine = line;
    } else {
      cur += ch;
    }
    if (ch === '\n' && quoted) {
      line++;
      col = 0;
    }
    col++;
  }
  if (cur !== '' || cells.length > 0) {
    cells.push({ text: cur, col: cellCol });
    rows.push({ line: rowLine, cells });
  }
  return rows;
}
