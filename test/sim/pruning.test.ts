/**
 * Which uid a registration into a full subnet replaces (get_neuron_to_prune,
 * subnets/registration.rs @ 14bc6f9f). The first cases are the chain's own tests
 * (tests/registration.rs, tests/uids.rs) with their numbers; the others are worked by hand from
 * the rule; a property checks the single pass against a sort.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NO_UID, isImmune, neuronToPrune, uidsToPrune } from '../../src/sim/pruning.ts';

/** (emission, registeredAt) per uid at `block`. */
function prune(emission: number[], registeredAt: number[], block: number, immunity: number, minNonImmune: number, immortal: number[] | null = null): number {
  return neuronToPrune(emission.length, emission, registeredAt, block, immunity, minNonImmune, immortal);
}

describe("the chain's get_neuron_to_prune tests", () => {
  it('test_registration_get_uid_to_prune_all_in_immunity_period: both immune, the lower emission (uid 0: 100 < 110)', () => {
    expect(prune([100, 110], [0, 1], 1, 2, 0)).toBe(0);
  });

  it('test_registration_get_uid_to_prune_none_in_immunity_period: both past immunity at block 4, uid 0', () => {
    expect(prune([100, 110], [0, 1], 4, 2, 0)).toBe(0);
  });

  it('test_registration_pruning_1: uid 2 is immune with the least emission, uid 1 (10, older) goes', () => {
    // block 1000, immunity 100: uid0 at 850 and uid1 at 800 are not immune, uid2 at 990 is
    expect([isImmune(850, 1000, 100), isImmune(800, 1000, 100), isImmune(990, 1000, 100)]).toEqual([false, false, true]);
    expect(prune([10, 10, 1], [850, 800, 990], 1000, 100, 0)).toBe(1);
  });

  it('test_prune_respects_min_non_immune_floor_prefers_immune: 3 non-immune at a floor of 3, the immune uid 3 goes', () => {
    expect(prune([0, 0, 0, 0], [1, 2, 3, 1009], 1009, 1000, 3)).toBe(3);
  });

  it('test_prune_tie_breakers_non_immune_emission_block_uid: equal emission, the earliest registration (uid 0)', () => {
    expect(prune([10, 10, 10], [1, 2, 3], 4, 0, 0)).toBe(0);
  });

  it('test_prune_all_owner_immortal_returns_none', () => {
    expect(prune([0, 0, 0], [1, 1, 1], 1, 0, 0, [1, 1, 1])).toBe(NO_UID);
  });
});

describe('neuronToPrune by hand', () => {
  const B = 10_000;
  it('lowest emission; an emission tie goes to the older registration, then the lower uid', () => {
    expect(prune([5, 3, 3, 7], [0, 0, 0, 0], B, 100, 0)).toBe(1);
    expect(prune([5, 3, 3, 7], [0, 20, 10, 0], B, 100, 0)).toBe(2);
    expect(prune([3, 3, 3, 9], [50, 20, 20, 0], B, 100, 0)).toBe(1);
  });

  it('immunity: a uid registered fewer than immunity_period blocks ago is passed over; at exactly immunity_period it is not immune', () => {
    // uid 0 has the least emission but registered 50 blocks ago
    expect(prune([0, 5, 6, 7], [B - 50, 0, 0, 0], B, 100, 0)).toBe(1);
    expect(prune([0, 5, 6, 7], [B - 100, 0, 0, 0], B, 100, 0)).toBe(0);
  });

  it('min_non_immune_uids: non-immune uids are taken only while more than the floor are left', () => {
    // 3 non-immune (uids 1..3): floor 2 allows them; floor 3 falls back to the immune uid 0
    expect(prune([0, 5, 6, 7], [B - 50, 0, 0, 0], B, 100, 2)).toBe(1);
    expect(prune([0, 5, 6, 7], [B - 50, 0, 0, 0], B, 100, 3)).toBe(0);
  });

  it('everything immune: the lowest-emission immune uid, whatever the floor', () => {
    expect(prune([4, 2, 2], [B - 1, B - 3, B - 2], B, 100, 0)).toBe(1);
    expect(prune([4, 2, 2], [B - 1, B - 3, B - 2], B, 100, 10)).toBe(1);
  });

  it('no immune uid and too few non-immune ones: none (the chain default floor of 10 stops pruning in a 5-uid subnet)', () => {
    expect(prune([1, 2, 3, 4, 5], [0, 0, 0, 0, 0], B, 100, 10)).toBe(NO_UID);
    expect(prune([1, 2, 3, 4, 5], [0, 0, 0, 0, 0], B, 100, 4)).toBe(0);
  });

  it('immortal uids are skipped entirely (neither counted nor taken)', () => {
    expect(prune([0, 5, 6], [0, 0, 0], B, 100, 1, [1, 0, 0])).toBe(1);
    // with uid 0 immortal only 2 are non-immune: a floor of 2 leaves nothing to take
    expect(prune([0, 5, 6], [0, 0, 0], B, 100, 2, [1, 0, 0])).toBe(NO_UID);
  });

  it('an empty subnet has nothing to prune', () => {
    expect(neuronToPrune(0, [], [], B, 100, 0, null)).toBe(NO_UID);
  });

  it('a registration block after the current block counts as immune (the chain subtracts with saturation)', () => {
    expect(isImmune(B + 5, B, 1)).toBe(true);
    expect(isImmune(B + 5, B, 0)).toBe(false);
  });
});

describe('uidsToPrune: one registration after another', () => {
  it('each replaced uid is then registered now with no emission: with immunity it is not taken again', () => {
    // emission [1, 0, 2, 3], immunity 100: uid 1 goes, then (uid 1 now immune) uid 0, then uid 2
    expect(uidsToPrune(3, 4, [1, 0, 2, 3], [0, 0, 0, 0], 500, 100, 0, null)).toEqual([1, 0, 2]);
  });

  it('without immunity the new neuron (emission 0, registered now) loses the tie to an older zero-emission uid, then is taken itself', () => {
    // emission [0, 0, 5], immunity 0: uid 0 (older than uid 1? equal: lower uid), then uid 1 (registered 0 < 500), then uid 0 again
    expect(uidsToPrune(3, 3, [0, 0, 5], [0, 0, 0], 500, 0, 0, null)).toEqual([0, 1, 0]);
  });

  it('falls back to immune uids at the floor, and stops when there is no uid to prune', () => {
    // 4 uids, floor 2, immunity 100: uids 0 and 1 go (each then immune); at the third pick only 2 are
    // non-immune (<= the floor), so the best immune one goes: uid 0 (emission 0, registered 500, lower uid)
    expect(uidsToPrune(3, 4, [1, 2, 3, 4], [0, 0, 0, 0], 500, 100, 2, null)).toEqual([0, 1, 0]);
    expect(uidsToPrune(2, 3, [1, 2, 3], [0, 0, 0], 500, 100, 3, null)).toEqual([]);
  });
});

describe('neuronToPrune: property', () => {
  it('equals the first of the candidates sorted by (emission, registration block, uid), non-immune ones first when more than the floor', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ e: fc.integer({ min: 0, max: 3 }), r: fc.integer({ min: 0, max: 20 }), immortal: fc.boolean() }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 5 }),
        (uids, block, immunity, floor) => {
          const cand = uids.map((u, uid) => ({ ...u, uid })).filter((u) => !u.immortal);
          const order = (a: { e: number; r: number; uid: number }, b: { e: number; r: number; uid: number }) => a.e - b.e || a.r - b.r || a.uid - b.uid;
          const free = cand.filter((u) => !(Math.max(0, block - u.r) < immunity)).sort(order);
          const immune = cand.filter((u) => Math.max(0, block - u.r) < immunity).sort(order);
          const expected = free.length > floor ? free[0].uid : immune.length > 0 ? immune[0].uid : NO_UID;
          const got = neuronToPrune(uids.length, uids.map((u) => u.e), uids.map((u) => u.r), block, immunity, floor, uids.map((u) => (u.immortal ? 1 : 0)));
          expect(got).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
