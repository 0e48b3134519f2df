// Sums a heap sampling profile (alloc-preload.mjs) by function: `node test/bench/alloc-agg.mjs
// FILE [N]` prints the total, then the N largest by self and by inclusive size, in MB.
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2] ?? 'alloc.heapprofile', 'utf8'));
const top = Number(process.argv[3] ?? 30);
const self = new Map();
const inclusive = new Map();
let total = 0;
const name = (n) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
const walk = (node, above) => {
  const key = name(node);
  total += node.selfSize;
  self.set(key, (self.get(key) ?? 0) + node.selfSize);
  const stack = new Set(above).add(key);
  for (const k of stack) {
    inclusive.set(k, (inclusive.get(k) ?? 0) + node.selfSize);
  }
  for (const child of node.children) {
    walk(child, stack);
  }
};
walk(profile.head, new Set());
const mb = (b) => (b / 1048576).toFixed(1).padStart(8);
console.log(`total ${mb(total)} MB sampled`);
for (const [title, map] of [
  ['self', self],
  ['inclusive', inclusive],
]) {
  console.log(`--- ${title}`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${mb(v)} ${k}`);
  }
}
