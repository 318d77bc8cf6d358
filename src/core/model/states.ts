import type { Scenario } from "../scenario/index.js";
import { flags, type Lookup } from "./lookup.js";
import type { ScoringTables } from "./model.js";

// Behaviour that depends on state, compiled: `responses.byState` and `responses.distress` (one rule: while
// distressed, × multiplier) as a table of rate multipliers per behaviour and state, and each behaviour's bound — the
// largest multiplier a citizen's state can reach — at which the engine draws its acts before thinning them.

/** A state's index: listed (1) + sanctioned (2) + 4 × the recorded score's band (0 when no rule reads it). */
export const STATE_LISTED = 1;
export const STATE_SANCTIONED = 2;
export const STATES_PER_BAND = 4;

/** The state-dependent multipliers per behaviour, in scenario order. */
export interface BehaviourStates {
  /** Number of states: 4 × the bands when a rule reads the score's band or category, else 4. */
  states: number;
  /** Whether a rule reads the recorded score's band (then the engine decays the score to the day to read it). */
  stateReadsScore: boolean;
  /** Whether any rule exists (else every multiplier is 1 and the engine reads no state). */
  stateRules: boolean;
  /** Per behaviour and state (`behaviour * states + state`): the product of the multipliers of the rules that match. */
  multiplier: Float64Array;
  /** Per behaviour: the largest multiplier over the states a citizen can reach. */
  bound: Float64Array;
}

/** A rule of `byState`, with its condition resolved to indexes. */
interface StateRule {
  behaviours: Uint8Array;
  listed: boolean | undefined;
  sanctioned: boolean | undefined;
  distressed: boolean | undefined;
  /** Per band (in `bandMin`'s order): whether the condition on band and category holds; undefined when none. */
  bands: Uint8Array | undefined;
  multiplier: number;
}

/** What can happen in the run: a listing (a list exists), a sanction (one that can deny, or ostracism). */
export interface Reachable {
  listed: boolean;
  sanctioned: boolean;
}

function compileRules(scenario: Scenario, behaviour: Lookup, scoring: ScoringTables): StateRule[] {
  const B = scenario.behaviours.length;
  const { responses } = scenario;
  const bandIds = scenario.scoring?.enabled ? [...scenario.scoring.bands].sort((x, y) => x.min - y.min) : [];
  const rules: StateRule[] = (responses.byState ?? []).map((rule, r) => {
    const { when } = rule;
    let bands: Uint8Array | undefined;
    if (when.bands !== undefined || when.categories !== undefined) {
      // With scoring off there are no bands: such a rule holds in no state.
      bands = Uint8Array.from(bandIds, (band, k) => {
        const inBands = when.bands === undefined || when.bands.includes(band.id);
        const category = scoring.categoryNames[scoring.bandCategory[k]];
        const inCategories = when.categories === undefined || when.categories.includes(category);
        return inBands && inCategories ? 1 : 0;
      });
    }
    return {
      behaviours: flags(B, rule.behaviours, behaviour, `responses.byState[${r}].behaviours`),
      listed: when.listed,
      sanctioned: when.sanctioned,
      distressed: when.distressed,
      bands,
      multiplier: rule.multiplier,
    };
  });
  const distress = responses.distress?.enabled ? responses.distress : undefined;
  if (distress) {
    rules.push({
      behaviours: flags(B, distress.behaviours, behaviour, "responses.distress.behaviours"),
      listed: undefined,
      sanctioned: undefined,
      distressed: true,
      bands: undefined,
      multiplier: distress.multiplier,
    });
  }
  return rules;
}

function holds(
  rule: StateRule,
  listed: boolean,
  sanctioned: boolean,
  band: number,
  readsScore: boolean,
): boolean {
  if (rule.listed !== undefined && rule.listed !== listed) return false;
  if (rule.sanctioned !== undefined && rule.sanctioned !== sanctioned) return false;
  if (rule.distressed !== undefined && rule.distressed !== (listed || sanctioned)) return false;
  if (rule.bands !== undefined && !(readsScore && rule.bands[band] === 1)) return false;
  return true;
}

/**
 * Compiles the state rules: for each behaviour b and state s, m_b(s) = Π of the multipliers of the rules on b whose
 * condition holds in s (1 when none); and the bound M_b = max of m_b(s) over the states a citizen can reach: listed
 * only with a list, sanctioned only with a sanction that can deny or with ostracism, any band.
 */
export function compileStates(
  scenario: Scenario,
  behaviour: Lookup,
  scoring: ScoringTables,
  reachable: Reachable,
): BehaviourStates {
  const B = scenario.behaviours.length;
  const rules = compileRules(scenario, behaviour, scoring);
  const readsScore = scoring.scoring && rules.some((rule) => rule.bands !== undefined);
  const bands = readsScore ? Math.max(1, scoring.bandMin.length) : 1;
  const states = STATES_PER_BAND * bands;
  const multiplier = new Float64Array(B * states).fill(1);
  const bound = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let largest = 0;
    for (let s = 0; s < states; s++) {
      const listed = (s & STATE_LISTED) !== 0;
      const sanctioned = (s & STATE_SANCTIONED) !== 0;
      const band = Math.floor(s / STATES_PER_BAND);
      let m = 1;
      for (const rule of rules)
        if (rule.behaviours[b] === 1 && holds(rule, listed, sanctioned, band, readsScore))
          m *= rule.multiplier;
      multiplier[b * states + s] = m;
      const reached = (!listed || reachable.listed) && (!sanctioned || reachable.sanctioned);
      if (reached && m > largest) largest = m;
    }
    bound[b] = largest;
  }
  return { states, stateReadsScore: readsScore, stateRules: rules.length > 0, multiplier, bound };
}
