// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
// The model layer: a scenario compiled into the flat tables the engine, the apparatus and the metrics read.
import { useTimelineStructure } from "../scenario/timeline.js";
import { timelineStructure } from "./compile.js";

export { compileModel, timelineStructure } from "./compile.js";
export { modelStructure } from "./structure.js";
export {
  ChannelKind,
  LISTING_RULE_NAMES,
  ListingRule,
  RECORD_KIND_NAMES,
  RecordKind,
  SEVERITY_RANK,
} from "./model.js";
export { STATE_LISTED, STATE_SANCTIONED, STATES_PER_BAND } from "./states.js";
export { OutcomeChoice, OutcomeLedger } from "./outcomes.js";

export type { EligibilityRule, Model, ModelChange } from "./model.js";

// Validation (the scenario layer, below this one) checks a timeline's changes against the compiled model's structure
// through this hook, so that an error can say which change alters what.
useTimelineStructure(timelineStructure);
