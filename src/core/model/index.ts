// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
// The model layer: a scenario compiled into the flat tables the engine, the apparatus and the metrics read.
export { compileModel } from "./compile.js";
export {
  ChannelKind,
  LISTING_RULE_NAMES,
  ListingRule,
  RECORD_KIND_NAMES,
  RecordKind,
  SEVERITY_RANK,
} from "./model.js";
export { OutcomeChoice, OutcomeLedger } from "./outcomes.js";

export type { EligibilityRule, Model } from "./model.js";
