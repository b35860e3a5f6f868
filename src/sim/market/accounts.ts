/**
 * Agent ids (strings) to the ledger's integer account ids, assigned in order of first use:
 * `world` is 0, then subnet owners and neurons as they register, stakers at their first
 * operation. The engine calls in a fixed order, so the mapping is deterministic.
 */
export interface AccountIds {
  readonly ids: Map<string, number>;
  readonly names: string[];
}

export function createAccountIds(): AccountIds {
  return { ids: new Map(), names: [] };
}

/** The id of `name`, assigning the next one on first use. */
export function accountId(a: AccountIds, name: string): number {
  let id = a.ids.get(name);
  if (id === undefined) {
    id = a.names.length;
    a.ids.set(name, id);
    a.names.push(name);
  }
  return id;
}

/** Account names the market uses for itself. */
export const WORLD = 'world';
export const SHOCK = 'price-shock';
export function ownerName(netuid: number): string {
  return `owner/${netuid}`;
}
