/**
 * The engine's queue: a binary min-heap keyed by (block, phase, sequence), so that entries at
 * one block come out phase by phase and, within a phase, in the order they were scheduled
 * (the scenario's order for events). Keys are compared lexicographically; no two entries share
 * a sequence number, so the order is total and does not depend on the heap's shape.
 * Push and pop are O(log n); the arrays grow by doubling and are reused.
 */
export const PHASE_EVENT = 0;
export const PHASE_AGENT = 1;

export interface EventQueue<T> {
  size: number;
  blocks: Float64Array;
  phases: Int32Array;
  seqs: Float64Array;
  items: (T | undefined)[];
  nextSeq: number;
}

export function createEventQueue<T>(capacity = 64): EventQueue<T> {
  const c = Math.max(4, capacity);
  return { size: 0, blocks: new Float64Array(c), phases: new Int32Array(c), seqs: new Float64Array(c), items: new Array(c), nextSeq: 0 };
}

function less<T>(q: EventQueue<T>, a: number, b: number): boolean {
  if (q.blocks[a] !== q.blocks[b]) return q.blocks[a] < q.blocks[b];
  if (q.phases[a] !== q.phases[b]) return q.phases[a] < q.phases[b];
  return q.seqs[a] < q.seqs[b];
}

function swap<T>(q: EventQueue<T>, a: number, b: number): void {
  const bl = q.blocks[a];
  q.blocks[a] = q.blocks[b];
  q.blocks[b] = bl;
  const ph = q.phases[a];
  q.phases[a] = q.phases[b];
  q.phases[b] = ph;
  const sq = q.seqs[a];
  q.seqs[a] = q.seqs[b];
  q.seqs[b] = sq;
  const it = q.items[a];
  q.items[a] = q.items[b];
  q.items[b] = it;
}

function grow<T>(q: EventQueue<T>): void {
  const c = q.blocks.length * 2;
  const blocks = new Float64Array(c);
  blocks.set(q.blocks);
  const phases = new Int32Array(c);
  phases.set(q.phases);
  const seqs = new Float64Array(c);
  seqs.set(q.seqs);
  q.blocks = blocks;
  q.phases = phases;
  q.seqs = seqs;
  q.items.length = c;
}

/** Schedules `item` at (block, phase); its sequence number is the next one. Returns it. */
export function pushEvent<T>(q: EventQueue<T>, block: number, phase: number, item: T): number {
  if (!Number.isSafeInteger(block) || block < 0) throw new RangeError('EVENT_BLOCK');
  if (q.size === q.blocks.length) grow(q);
  let i = q.size++;
  const seq = q.nextSeq++;
  q.blocks[i] = block;
  q.phases[i] = phase;
  q.seqs[i] = seq;
  q.items[i] = item;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!less(q, i, parent)) break;
    swap(q, i, parent);
    i = parent;
  }
  return seq;
}

/** The block of the first entry, or Infinity when empty. */
export function peekBlock<T>(q: EventQueue<T>): number {
  return q.size === 0 ? Infinity : q.blocks[0];
}

/** Removes and returns the first entry's item; throws 'QUEUE_EMPTY' when empty. */
export function popEvent<T>(q: EventQueue<T>): T {
  if (q.size === 0) throw new RangeError('QUEUE_EMPTY');
  const top = q.items[0] as T;
  const last = --q.size;
  if (last > 0) swap(q, 0, last);
  q.items[last] = undefined;
  let i = 0;
  const n = q.size;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < n && less(q, l, m)) m = l;
    if (r < n && less(q, r, m)) m = r;
    if (m === i) break;
    swap(q, i, m);
    i = m;
  }
  return top;
}
