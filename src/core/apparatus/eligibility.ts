import type { EligibilityRule } from "../model/index.js";
import { categoryOf } from "./scoring.js";

/**
 * Whether a sanction (`deniedTo`) or reward (`grantedTo`) rule applies to a citizen of `group` in the given state:
 * any one condition that holds is enough; the score thresholds are the group's own.
 */
export function ruleMatches(
  rule: EligibilityRule,
  group: number,
  listed: boolean,
  score: number,
  bandMin: Float64Array,
  bandCategory: Uint8Array,
): boolean {
  if (!rule.any) return false;
  if (rule.listed && listed) return true;
  if (score < rule.scoreBelow[group] || score >= rule.scoreAtLeast[group]) return true;
  if (bandMin.length > 0 && rule.categories[categoryOf(score, bandMin, bandCategory)] === 1) return true;
  return false;
}
