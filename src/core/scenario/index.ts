// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
export { formatIssue, formatIssues, issueLocation, issueMessage } from "./format.js";
export { describeValue, formatPath } from "./issues.js";
export { scenarioJsonSchema } from "./jsonSchema.js";
export { applyOverrides } from "./overrides.js";
export { mergeScenarioData } from "./merge.js";
export { parseScenario, validateScenario } from "./parse.js";
export { problemCount, readScenario, ScenarioError } from "./scenarioError.js";
export { isReservedName, MAX_NESTING } from "./plain.js";
export { checkReferences } from "./references.js";
export { MAX_SIMULATED_DAYS } from "./schema/run.js";
export { severities } from "./schema/behaviours.js";
export { scenarioSchema } from "./schema/scenario.js";
export { sourceKinds } from "./schema/sources.js";
export { closest, editDistance } from "./suggest.js";

export type { FormatOptions } from "./format.js";
export type { IssueCode, IssueLocation, PathSegment, ScenarioIssue } from "./issues.js";
export type { AppliedOverride, Override } from "./overrides.js";
export type { ParseOptions, ParseResult, ScenarioText } from "./parse.js";
export type { Scenario, ScenarioInput } from "./schema/scenario.js";
