import { ChannelKind, type Model } from "./model.js";

// What a run's compiled model cannot change from one day to the next: the shapes its state and counts are built on
// (the population's cells, the behaviours, sources, opportunities and rewards, the score's categories), which parts
// exist, what the lazily decayed scores and the daily series assume constant (the score's range and decay,
// behaviours' harm), and what the summary weighs the whole run's counts by. A timeline's change that alters any of these is refused (`checkTimeline`).

function channelsOf(model: Model, kind: number): string {
  const targets: number[] = [];
  for (let c = 0; c < model.channels; c++)
    if (model.channelKind[c] === kind) targets.push(model.channelTarget[c]);
  return `[${targets.sort((x, y) => x - y).join(", ")}]`;
}

/** The parts of a compiled model that must stay the same during a run, named for an error, with their values. */
export function modelStructure(model: Model): (readonly [string, string])[] {
  return [
    ["the population's cells", String(model.cells)],
    ["the number of behaviours", String(model.behaviours)],
    ["the number of sources", String(model.sources)],
    ["the opportunities met", channelsOf(model, ChannelKind.opportunity)],
    ["the number of rewards", String(model.rewardCount)],
    ["whether scoring is on", String(model.scoring)],
    ["the score's range", `[${model.scoreMin}, ${model.scoreMax}]`],
    ["the score's categories", model.categoryNames.join(", ") || "none"],
    ["the number of score bands", String(model.bandMin.length)],
    [
      "the score's decay",
      model.decay ? `towards ${model.decayTowards}, half-life ${model.decayHalfLifeDays} days` : "none",
    ],
    ["whether the blacklist is on", String(model.blacklist)],
    ["whether consequences are on", String(model.consequences)],
    ["the rewards' review period", String(model.rewardReviewDays)],
    ["whether appeals are on", String(model.appeals)],
    [
      "guilt by association",
      model.association
        ? `${model.associationContacts} contacts every ${model.associationEveryDays} days`
        : "off",
    ],
    ["the behaviours' harm", `[${Array.from(model.harm).join(", ")}]`],
    // The summary weighs whole-run counts by these: acts by legitimacy, eligible days by uses and value, listed
    // person-days by reach.
    ["which behaviours are legitimate", `[${Array.from(model.legitimate).join(", ")}]`],
    ["the rewards' rates", `[${Array.from(model.rewardDailyUses).join(", ")}]`],
    ["the rewards' values", `[${Array.from(model.rewardValue).join(", ")}]`],
    ["the public list's reach", String(model.reach)],
    // Outcomes' counts are sized by their branches and behaviours.
    ["which opportunities have outcomes", `[${Array.from(model.outcomeBranchOf).join(", ")}]`],
    [
      "the outcomes' behaviours",
      model.outcomeBehaviours.map((list) => `[${Array.from(list).join(", ")}]`).join(" "),
    ],
  ];
}
