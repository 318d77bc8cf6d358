// The reduced model's parameters, read from the validated scenario, and the statistical check that two
// implementations' outputs agree (bench/README.md, "Agreement").

/** Two implementations agree on an output when their per-citizen means differ by at most this many standard errors. */
export const TOLERANCE_Z = 5;

/** The outputs every implementation reports, in table order. */
export const OUTPUTS = ["acts", "records", "misattributions", "listed", "trulyListed", "requests", "denied"];

/**
 * The parameters of the reduced model from bench/reduced.yaml (as validated by the engine's schema), for the
 * implementations that do not read scenarios. Throws if the scenario uses anything they do not implement.
 */
export function reducedParameters(scenario) {
  const problems = [];
  const [source, ...otherSources] = scenario.sources;
  const [opportunity, ...otherOpportunities] = scenario.consequences?.opportunities ?? [];
  const shape = scenario.population.propensity.shape;
  if (!source || otherSources.length > 0) problems.push("exactly one source");
  if (source && source.observes.length !== scenario.behaviours.length)
    problems.push("a source observing every behaviour");
  if (source && (source.delay.days !== 0 || source.spurious))
    problems.push("no delay and no spurious records");
  if (!opportunity || otherOpportunities.length > 0 || !opportunity.deniedTo?.listed)
    problems.push("one opportunity denied to the listed");
  if (!scenario.scoring || scenario.scoring.decay || !scenario.blacklist?.entry.scoreBelow)
    problems.push("a score without decay and a threshold blacklist");
  if (!Number.isInteger(shape) || shape < 1)
    problems.push("a whole-number propensity shape (AgentScript sums exponentials)");
  if (scenario.behaviours.some((behaviour) => behaviour.heterogeneity))
    problems.push("one propensity shape for all");
  if (problems.length > 0) {
    throw new Error(`bench/reduced.yaml is no longer the reduced model; it needs ${problems.join(", ")}`);
  }
  return {
    seed: scenario.run.seed,
    days: scenario.run.days,
    shape,
    behaviours: scenario.behaviours.map(({ id, rate, points }) => ({ id, rate, points })),
    detection: source.detection,
    misattribution: source.misattribution?.enabled ? source.misattribution.rate : 0,
    initialScore: scenario.scoring.initial.mean,
    minScore: scenario.scoring.range.min,
    maxScore: scenario.scoring.range.max,
    listBelow: scenario.blacklist.entry.scoreBelow,
    requestRate: opportunity.rate,
  };
}

/**
 * Variance of one citizen's count of `output` over `days`. A citizen's acts of behaviour b are Poisson with mean
 * μ_b·G (μ_b = rate_b·days/365, G its gamma propensity, mean 1 and variance 1/k), so Var = μ_b + μ_b²/k; records
 * and misattributions thin each act with probability p and p·m, which replaces μ_b by p·μ_b and p·m·μ_b. Requests
 * are Poisson with mean ρ·days. Listed and truly listed are Bernoulli: q(1 − q), with q the pooled share. Denials
 * are requests made while listed: with mean d per citizen, E[D²] ≤ d·(1 + ρ·days), which is used as the variance.
 */
export function perCitizenVariance(output, parameters, pooled) {
  const { behaviours, shape, detection, misattribution, days } = parameters;
  const thinned = (factor) =>
    behaviours.reduce((sum, { rate }) => {
      const mean = ((rate * days) / 365) * factor;
      return sum + mean + (mean * mean) / shape;
    }, 0);
  const requestsPerCitizen = (parameters.requestRate * days) / 365;
  switch (output) {
    case "acts":
      return thinned(1);
    case "records":
      return thinned(detection);
    case "misattributions":
      return thinned(detection * misattribution);
    case "requests":
      return requestsPerCitizen;
    case "listed":
    case "trulyListed":
      return pooled * (1 - pooled);
    case "denied":
      return pooled * (1 + requestsPerCitizen);
    default:
      throw new Error(`no variance for output "${output}"`);
  }
}

/**
 * Compares two runs (objects with `citizens` and the outputs) output by output: z = (x̄_a − x̄_b) / √(σ²/N_a + σ²/N_b)
 * for the per-citizen means x̄. Returns the outputs whose |z| exceeds the tolerance.
 */
export function disagreements(a, b, parameters) {
  const found = [];
  for (const output of OUTPUTS) {
    const pooled = (a[output] + b[output]) / (a.citizens + b.citizens);
    const variance = perCitizenVariance(output, parameters, pooled);
    const difference = a[output] / a.citizens - b[output] / b.citizens;
    const standardError = Math.sqrt(variance * (1 / a.citizens + 1 / b.citizens));
    const z =
      standardError > 0 ? difference / standardError : difference === 0 ? 0 : Number.POSITIVE_INFINITY;
    if (Math.abs(z) > TOLERANCE_Z) found.push({ output, a: a[output], b: b[output], z });
  }
  return found;
}
