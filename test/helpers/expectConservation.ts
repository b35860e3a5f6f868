/** Shared assertion: the dTAO ledger neither created nor lost a unit. */
import { expect } from 'vitest';
import { conservationReport, type Network } from '../../src/dtao-amm/index.ts';

export function expectConservation(net: Network): void {
  const r = conservationReport(net);
  expect(r.problems).toEqual([]);
  expect(r.taoAccounted).toBe(r.taoIssued);
}
