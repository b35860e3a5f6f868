/**
 * Stake, permits and active stake: the first steps of `epoch_dense_mechanism` (subtensor 14bc6f9f).
 * The kernel runs them in passes.wasm (`epochPrologue`, the same operations in the same order;
 * test/yuma/prologue.test.ts compares the two bit for bit); this file states them, and its
 * `topKNonzeroPermits` still selects the permits when the last epoch's are not the answer.
 */

const TWO_POW_32 = 4294967296;

/**
 * Inactive mask: uid i is active unless lastUpdate_i + activityCutoff < block.
 * Writes active[i] = 1 / 0.
 */
export function activeMask(
  lastUpdate: Float64Array,
  activityCutoff: number,
  block: number,
  n: number,
  active: Uint8Array,
): Uint8Array {
  for (let i = 0; i < n; i++) active[i] = lastUpdate[i] + activityCutoff < block ? 0 : 1;
  return active;
}

/**
 * Recently registered: registeredAt_j >= lastTempo, where lastTempo = lastEpochBlock + 1, or
 * block - tempo (saturating at 0) when lastEpochBlock is 0 (`LastMechansimStepBlock` unknown).
 */
export function recentlyRegisteredMask(
  blockAtRegistration: Float64Array,
  block: number,
  tempo: number,
  lastEpochBlock: number,
  n: number,
  out: Uint8Array,
): Uint8Array {
  const lastTempo = lastTempoOf(block, tempo, lastEpochBlock);
  for (let j = 0; j < n; j++) out[j] = lastTempo <= blockAtRegistration[j] ? 1 : 0;
  return out;
}

/** The first block counted as recent: lastEpochBlock + 1, or block - tempo (at least 0) when lastEpochBlock is 0 (unknown). */
export function lastTempoOf(block: number, tempo: number, lastEpochBlock: number): number {
  return lastEpochBlock === 0 ? Math.max(0, block - tempo) : lastEpochBlock + 1;
}

/**
 * s_i = stakeRao_i (0 when below the threshold), normalized to sum 1 (left at 0 when all are 0).
 * Chain: the filtered_stake / inplace_normalize_64 step.
 */
export function normalizedStakeAboveThreshold(
  stakeRao: Float64Array,
  thresholdRao: number,
  n: number,
  out: Float64Array,
): Float64Array {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const s = stakeRao[i] < thresholdRao ? 0 : stakeRao[i];
    out[i] = s;
    sum += s;
  }
  if (sum !== 0) for (let i = 0; i < n; i++) out[i] = out[i] / sum;
  return out;
}

/**
 * New validator permits, `is_topk_nonzero(stake, k)`: a uid keeps a permit when its stake is
 * non-zero and it is not among the n - k smallest in an ascending stable sort (so among equal
 * stakes the lower uid loses first). Stakes are compared as the chain holds them, in I32F32:
 * key = floor(s * 2^32), which also makes a stake below 2^-32 count as zero.
 * `keys` is scratch of length n. What `permit` holds on entry is a hint (the kernel's result
 * object carries the last epoch's permits, which rarely change): when it is exactly k ones and
 * zeros elsewhere, every one's key above every zero's, and at least k keys are non-zero (so
 * the k largest, which the ones are, are all non-zero), it is the answer (the keys key * n + i
 * are distinct, so the k largest are one set) and no selection runs. Any other hint is ignored.
 */
export function topKNonzeroPermits(
  stake: Float64Array,
  k: number,
  n: number,
  keys: Float64Array,
  permit: Uint8Array,
): Uint8Array {
  let nonzero = 0;
  let holders = 0;
  let hintValid = true;
  let minHeld = Infinity;
  let maxOther = -Infinity;
  for (let i = 0; i < n; i++) {
    const key = Math.floor(stake[i] * TWO_POW_32);
    if (key !== 0) nonzero++;
    const ranked = key * n + i;
    keys[i] = ranked;
    const h = permit[i];
    if (h === 1) {
      holders++;
      if (ranked < minHeld) minHeld = ranked;
    } else {
      if (h !== 0) hintValid = false;
      if (ranked > maxOther) maxOther = ranked;
    }
  }
  if (hintValid && holders === k && nonzero >= k && minHeld > maxOther) return permit;
  for (let i = 0; i < n; i++) permit[i] = keys[i] >= n ? 1 : 0; // key !== 0 (keys are key * n + i)
  // With at most k non-zero stakes the n - k dropped are all zero-stake uids: nothing changes.
  if (n < k || nonzero <= k) return permit;
  // The n - k smallest keys (distinct: key * n + i) lose their permits: a selection puts them in
  // keys[0 .. drop) in some order, which is all that matters (no full sort).
  const drop = n - k;
  selectSmallest(keys, n, drop);
  for (let q = 0; q < drop; q++) permit[keys[q] % n] = 0;
  return permit;
}

/**
 * Rearranges keys[0 .. n) (distinct values) so that its `count` smallest come first, by a
 * quickselect with the middle element as pivot (Hoare partition); after 2 log2(n) + 8 rounds
 * without converging it sorts keys[0 .. n) instead, so the worst case stays n log n.
 */
function selectSmallest(keys: Float64Array, n: number, count: number): void {
  let lo = 0;
  let hi = n - 1;
  let budget = 2 * Math.ceil(Math.log2(n + 1)) + 8;
  while (lo < hi) {
    if (budget-- === 0) {
      // Sorting all of it keeps the smallest first (the workspace's keys have length n: no view).
      (keys.length === n ? keys : keys.subarray(0, n)).sort();
      return;
    }
    const pivot = keys[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (keys[i] < pivot) i++;
      while (keys[j] > pivot) j--;
      if (i <= j) {
        const t = keys[i];
        keys[i] = keys[j];
        keys[j] = t;
        i++;
        j--;
      }
    }
    // [lo, j] <= pivot <= [i, hi], with j < i.
    if (count - 1 <= j) hi = j;
    else if (count - 1 >= i) lo = i;
    else return;
  }
}

/** Active stake: s_i masked where inactive or without a (previous) permit, normalized. */
export function activeStakeOf(
  stake: Float64Array,
  active: Uint8Array,
  permit: Uint8Array,
  n: number,
  out: Float64Array,
): Float64Array {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const s = active[i] === 1 && permit[i] === 1 ? stake[i] : 0;
    out[i] = s;
    sum += s;
  }
  if (sum !== 0) for (let i = 0; i < n; i++) out[i] = out[i] / sum;
  return out;
}
