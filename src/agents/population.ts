/**
 * The agents of a scenario: per subnet, neurons in uid order (groups in file order, each
 * group's agents in index order), and the network's stakers. Agent ids are
 * `<group>/<netuid>/<i>` for neurons and `<group>/<i>` for stakers; each agent's stream is
 * streamRng(seed, id), so its draws do not depend on any other agent.
 */
import type { AgentGroupConfig } from '../sim/index.ts';
import { normalTable, sample, streamRng } from './rng.ts';
import { momentumTrader, passiveStaker, rootStaker, whale, yieldChaser } from './stakers.ts';
import type { MinerAgent, StakerAgent, ValidatorAgent } from './types.ts';
import { cabalValidator, honestValidator, lazyValidator, mixedValidator, weightCopier } from './validators.ts';

export type Role = 'miner' | 'validator';

export interface SubnetPopulation {
  readonly netuid: number;
  readonly n: number;
  readonly validators: ValidatorAgent[];
  readonly miners: MinerAgent[];
  readonly role: Role[];
  readonly agentKind: string[];
  readonly agentId: string[];
  readonly isMiner: Uint8Array;
  readonly minerQuality: Float64Array;
  readonly cabalOf: Int32Array;
  /** Initial alpha stake per uid (rao units); 0 for miners. */
  readonly stakeRao: bigint[];
}

export interface Population {
  readonly subnets: SubnetPopulation[];
  readonly stakers: StakerAgent[];
  /** Cabal names; cabalOf indexes this list. */
  readonly cabals: string[];
  /** The shared table of standard normals for validators' noise. */
  readonly normals: Float32Array;
}

type Group = AgentGroupConfig & { id: string };

function cabalIndex(cabals: string[], name: string): number {
  let i = cabals.indexOf(name);
  if (i < 0) {
    cabals.push(name);
    i = cabals.length - 1;
  }
  return i;
}

interface Slot {
  id: string;
  kind: string;
  role: Role;
  quality: number;
  cabal: number;
  stakeRao: bigint;
  validator: ValidatorAgent | null;
  miner: MinerAgent | null;
}

function neuronSlot(seed: number, g: Group, netuid: number, uid: number, i: number, cabals: string[], normals: Float32Array): Slot | null {
  const id = `${g.id}/${netuid}/${i}`;
  const rng = streamRng(seed, id);
  const base = { id, netuid, uid, rng, normals };
  switch (g.kind) {
    case 'miner':
    case 'cabal-miner': {
      const cabal = g.kind === 'cabal-miner' ? g.cabal : null;
      const quality = Math.max(0, sample(g.quality, rng));
      const miner: MinerAgent = { id, kind: g.kind, netuid, uid, quality, cabal };
      return { id, kind: g.kind, role: 'miner', quality, cabal: cabal === null ? -1 : cabalIndex(cabals, cabal), stakeRao: 0n, validator: null, miner };
    }
    case 'honest-validator':
    case 'cabal-validator':
    case 'weight-copier':
    case 'lazy-validator':
    case 'validator-mix': {
      const b = { ...base, stakeRao: g.stake };
      let v: ValidatorAgent;
      let cabal = -1;
      if (g.kind === 'honest-validator') v = honestValidator(b, g.noise);
      else if (g.kind === 'cabal-validator') {
        cabal = cabalIndex(cabals, g.cabal);
        v = cabalValidator(b, cabal);
      } else if (g.kind === 'weight-copier') v = weightCopier(b);
      else if (g.kind === 'lazy-validator') v = lazyValidator(b, g.noise, g.update_every_epochs);
      else v = mixedValidator(b, g.mix, g.noise, g.update_every_epochs);
      return { id, kind: v.kind, role: 'validator', quality: 0, cabal, stakeRao: g.stake, validator: v, miner: null };
    }
    default:
      return null;
  }
}

function buildSubnet(
  seed: number,
  netuid: number,
  groups: readonly Group[],
  cabals: string[],
  normals: Float32Array,
  firstUid = 0,
  uids: readonly number[] | null = null,
): SubnetPopulation {
  const slots: Slot[] = [];
  for (const g of groups) {
    if (!('subnets' in g)) continue;
    if (g.subnets !== 'all' && !g.subnets.includes(netuid)) continue;
    for (let i = 0; i < g.count; i++) {
      const uid = uids === null ? firstUid + slots.length : uids[slots.length];
      const s = neuronSlot(seed, g, netuid, uid, i, cabals, normals);
      if (s) slots.push(s);
    }
  }
  const n = slots.length;
  const isMiner = new Uint8Array(n);
  const minerQuality = new Float64Array(n);
  const cabalOf = new Int32Array(n);
  slots.forEach((s, uid) => {
    isMiner[uid] = s.role === 'miner' ? 1 : 0;
    minerQuality[uid] = s.quality;
    cabalOf[uid] = s.cabal;
  });
  return {
    netuid,
    n,
    validators: slots.flatMap((s) => (s.validator ? [s.validator] : [])),
    miners: slots.flatMap((s) => (s.miner ? [s.miner] : [])),
    role: slots.map((s) => s.role),
    agentKind: slots.map((s) => s.kind),
    agentId: slots.map((s) => s.id),
    isMiner,
    minerQuality,
    cabalOf,
    stakeRao: slots.map((s) => s.stakeRao),
  };
}

/** Stakers of one group. Those that act from the start have firstBlock = startBlock. */
export function buildStakers(seed: number, g: Group, startBlock: number): StakerAgent[] {
  const out: StakerAgent[] = [];
  for (let i = 0; i < g.count; i++) {
    const id = `${g.id}/${i}`;
    const rng = streamRng(seed, id);
    const b = { id, rng, firstBlock: startBlock };
    switch (g.kind) {
      case 'passive-staker':
        out.push(passiveStaker(b, g.amount, g.netuids ?? null));
        break;
      case 'root-staker':
        out.push(rootStaker(b, g.amount));
        break;
      case 'yield-chaser':
        // Spread first actions over the period so chasers do not all move at one block.
        out.push(yieldChaser({ ...b, firstBlock: startBlock + Math.floor(rng() * g.every_blocks) }, g.amount, g.netuids ?? null, g.every_blocks, g.min_gain));
        break;
      case 'momentum-trader':
        out.push(
          momentumTrader({ ...b, firstBlock: startBlock + Math.floor(rng() * g.every_blocks) }, g.amount, g.netuids ?? null, g.every_blocks, g.lookback_blocks, g.threshold),
        );
        break;
      case 'whale':
        out.push(whale({ ...b, firstBlock: g.block }, g.amount, g.netuid, g.action));
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * Neurons of one group joining a subnet that already has `firstUid` uids (register-neuron):
 * uids firstUid.. in the returned population's arrays (index 0 = uid firstUid). `cabals` is the
 * run's cabal list; new names are appended.
 */
export function buildJoiningNeurons(seed: number, group: Group, netuid: number, firstUid: number, cabals: string[], normals: Float32Array): SubnetPopulation {
  return buildSubnet(seed, netuid, [{ ...group, subnets: [netuid] } as Group], cabals, normals, firstUid);
}

/**
 * Neurons of one group joining a subnet at the given uids (register-neuron): agent i (id
 * `<group>/<netuid>/<i>`) takes uids[i], a new uid or one it replaces. Index i of the returned
 * arrays is agent i; place them with placeNeurons.
 */
export function buildNeuronsAt(seed: number, group: Group, netuid: number, uids: readonly number[], cabals: string[], normals: Float32Array): SubnetPopulation {
  if (uids.length !== group.count) throw new RangeError(`buildNeuronsAt: ${uids.length} uids for ${group.count} agents`);
  return buildSubnet(seed, netuid, [{ ...group, subnets: [netuid] } as Group], cabals, normals, 0, uids);
}

/**
 * A subnet's population with `more` placed at `uids` (index i of `more` at uids[i], in order): a
 * uid below a.n replaces the neuron there (its agent leaves the population: the chain's
 * replace_neuron), and a uid placed twice ends with the later agent; the others must be a.n,
 * a.n + 1, ... in order, and are appended.
 */
export function placeNeurons(a: SubnetPopulation, more: SubnetPopulation, uids: readonly number[]): SubnetPopulation {
  let n = a.n;
  for (const uid of uids) {
    if (uid === n) n++;
    else if (!(Number.isInteger(uid) && uid >= 0 && uid < a.n)) throw new RangeError(`placeNeurons: uid ${uid} is neither below ${a.n} nor the next new uid ${n}`);
  }
  const grow = <T extends Uint8Array | Float64Array | Int32Array>(x: T, make: (n: number) => T): T => {
    const out = make(n);
    out.set(x);
    return out;
  };
  const role = [...a.role];
  const agentKind = [...a.agentKind];
  const agentId = [...a.agentId];
  const stakeRao = [...a.stakeRao];
  const isMiner = grow(a.isMiner, (k) => new Uint8Array(k));
  const minerQuality = grow(a.minerQuality, (k) => new Float64Array(k));
  const cabalOf = grow(a.cabalOf, (k) => new Int32Array(k));
  const replaced = new Set(uids.filter((u) => u < a.n));
  uids.forEach((uid, i) => {
    role[uid] = more.role[i];
    agentKind[uid] = more.agentKind[i];
    agentId[uid] = more.agentId[i];
    stakeRao[uid] = more.stakeRao[i];
    isMiner[uid] = more.isMiner[i];
    minerQuality[uid] = more.minerQuality[i];
    cabalOf[uid] = more.cabalOf[i];
  });
  // A uid placed twice (the chain can prune a neuron registered in the same block) holds the later agent.
  const stays = (x: { uid: number; id: string }) => agentId[x.uid] === x.id;
  return {
    netuid: a.netuid,
    n,
    validators: [...a.validators.filter((v) => !replaced.has(v.uid)), ...more.validators.filter(stays)],
    miners: [...a.miners.filter((m) => !replaced.has(m.uid)), ...more.miners.filter(stays)],
    role,
    agentKind,
    agentId,
    isMiner,
    minerQuality,
    cabalOf,
    stakeRao,
  };
}

/** A subnet's population with `more` appended (uids continue). */
export function appendPopulation(a: SubnetPopulation, more: SubnetPopulation): SubnetPopulation {
  const cat = <T extends Uint8Array | Float64Array | Int32Array>(x: T, y: T, make: (n: number) => T): T => {
    const out = make(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  return {
    netuid: a.netuid,
    n: a.n + more.n,
    validators: [...a.validators, ...more.validators],
    miners: [...a.miners, ...more.miners],
    role: [...a.role, ...more.role],
    agentKind: [...a.agentKind, ...more.agentKind],
    agentId: [...a.agentId, ...more.agentId],
    isMiner: cat(a.isMiner, more.isMiner, (n) => new Uint8Array(n)),
    minerQuality: cat(a.minerQuality, more.minerQuality, (n) => new Float64Array(n)),
    cabalOf: cat(a.cabalOf, more.cabalOf, (n) => new Int32Array(n)),
    stakeRao: [...a.stakeRao, ...more.stakeRao],
  };
}

export function buildPopulation(seed: number, groups: readonly Group[], netuids: readonly number[], startBlock: number): Population {
  const cabals: string[] = [];
  const normals = normalTable(seed);
  const subnets = netuids.map((n) => buildSubnet(seed, n, groups, cabals, normals));
  const stakers = groups.flatMap((g) => buildStakers(seed, g, startBlock));
  return { subnets, stakers, cabals, normals };
}
