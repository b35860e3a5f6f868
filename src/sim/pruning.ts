/**
 * Which uid a registration into a full subnet replaces, as the chain picks it.
 */

/** Not a uid: no neuron can be pruned (the chain's NoNeuronIdAvailable). */
export const NO_UID = -1;

/** A uid is immune while fewer than immunity_period blocks have passed since it registered
 * (`get_neuron_is_immune`, utils/misc.rs @ 14bc6f9f; the subtraction saturates at 0). */
export function isImmune(registeredAt: number, block: number, immunityPeriod: number): boolean {
  return Math.max(0, block - registeredAt) < immunityPeriod;
}

/**
 * The uid to replace: `get_neuron_to_prune` (subnets/registration.rs @ 14bc6f9f). Over uids
 * 0..n-1 that are not immortal (the owner's hotkeys; `immortal` null: none), the best candidate
 * is the lowest `emissionAlpha` (the uid's emission at the subnet's last epoch), ties broken by
 * the older registration block, then the lower uid; candidates are kept apart as non-immune and
 * immune. A non-immune one is taken when more than `minNonImmune` uids are non-immune; else the
 * best immune one. NO_UID when there is no candidate, or when the non-immune ones are too few
 * and none is immune (the chain then returns None too).
 */
export function neuronToPrune(
  n: number,
  emissionAlpha: ArrayLike<number>,
  registeredAt: ArrayLike<number>,
  block: number,
  immunityPeriod: number,
  minNonImmune: number,
  immortal: ArrayLike<number> | null,
): number {
  let freeCount = 0;
  let bestFree = NO_UID;
  let bestImmune = NO_UID;
  for (let uid = 0; uid < n; uid++) {
    if (immortal !== null && immortal[uid]) continue;
    if (isImmune(registeredAt[uid], block, immunityPeriod)) {
      if (bestImmune === NO_UID || prunesBefore(uid, bestImmune, emissionAlpha, registeredAt)) bestImmune = uid;
    } else {
      freeCount++;
      if (bestFree === NO_UID || prunesBefore(uid, bestFree, emissionAlpha, registeredAt)) bestFree = uid;
    }
  }
  if (freeCount > minNonImmune && bestFree !== NO_UID) return bestFree;
  return bestImmune;
}

/** Whether uid a goes before uid b: lower emission, then older registration, then lower uid. */
function prunesBefore(a: number, b: number, emission: ArrayLike<number>, registeredAt: ArrayLike<number>): boolean {
  if (emission[a] !== emission[b]) return emission[a] < emission[b];
  if (registeredAt[a] !== registeredAt[b]) return registeredAt[a] < registeredAt[b];
  return a < b;
}

/**
 * The uids `count` registrations replace, one after another as the chain registers them: each
 * replaced uid then holds a neuron registered at `block` with emission 0 (`replace_neuron` sets
 * BlockAtRegistration, `clear_neuron` zeroes Emission), which the next pick sees. `emission` and
 * `registeredAt` are the subnet's (copied, not changed). Stops early at NO_UID: the rest are refused.
 */
export function uidsToPrune(
  count: number,
  n: number,
  emission: ArrayLike<number>,
  registeredAt: ArrayLike<number>,
  block: number,
  immunityPeriod: number,
  minNonImmune: number,
  immortal: ArrayLike<number> | null,
): number[] {
  const e = Float64Array.from({ length: n }, (_, i) => emission[i]);
  const r = Float64Array.from({ length: n }, (_, i) => registeredAt[i]);
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const uid = neuronToPrune(n, e, r, block, immunityPeriod, minNonImmune, immortal);
    if (uid === NO_UID) break;
    out.push(uid);
    e[uid] = 0;
    r[uid] = block;
  }
  return out;
}
