import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEventQueue, peekBlock, popEvent, pushEvent } from '../../src/sim/index.ts';

describe('event queue', () => {
  it('orders by block, then phase, then the order of scheduling', () => {
    const q = createEventQueue<string>(2);
    pushEvent(q, 10, 1, 'b10-agent');
    pushEvent(q, 5, 0, 'b5-event-first');
    pushEvent(q, 10, 0, 'b10-event-first');
    pushEvent(q, 5, 0, 'b5-event-second');
    pushEvent(q, 10, 0, 'b10-event-second');
    pushEvent(q, 3, 1, 'b3-agent');
    expect(peekBlock(q)).toBe(3);
    const out: string[] = [];
    while (q.size > 0) out.push(popEvent(q));
    expect(out).toEqual(['b3-agent', 'b5-event-first', 'b5-event-second', 'b10-event-first', 'b10-event-second', 'b10-agent']);
    expect(peekBlock(q)).toBe(Infinity);
    expect(() => popEvent(q)).toThrow('QUEUE_EMPTY');
  });

  it('pops in the same order as a stable sort on (block, phase) of the pushes, with interleaved pops', () => {
    const op = fc.oneof(
      fc.record({ push: fc.constant(true as const), block: fc.integer({ min: 0, max: 20 }), phase: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ push: fc.constant(false as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const q = createEventQueue<number>(1);
        const model: { block: number; phase: number; seq: number }[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.push) {
            pushEvent(q, o.block, o.phase, seq);
            model.push({ block: o.block, phase: o.phase, seq: seq++ });
          } else if (model.length > 0) {
            model.sort((a, b) => a.block - b.block || a.phase - b.phase || a.seq - b.seq);
            const want = model.shift()!;
            expect(popEvent(q)).toBe(want.seq);
          }
        }
        model.sort((a, b) => a.block - b.block || a.phase - b.phase || a.seq - b.seq);
        for (const want of model) expect(popEvent(q)).toBe(want.seq);
        expect(q.size).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a negative or fractional block', () => {
    const q = createEventQueue<number>();
    expect(() => pushEvent(q, -1, 0, 1)).toThrow('EVENT_BLOCK');
    expect(() => pushEvent(q, 1.5, 0, 1)).toThrow('EVENT_BLOCK');
  });
});
