import type { Summary } from "../core/metrics/index.js";
import {
  atTheEnd,
  capitalise,
  comparedPercents,
  count,
  counted,
  list,
  percent,
  plain,
  proportion,
  times,
} from "./format.js";
import { type Labels, nameOf } from "./labels.js";

/** Opportunities told one by one; the rest are added up in one sentence. */
const OPPORTUNITIES_TOLD = 3;

/**
 * The plain-language summary a run report opens with: paragraphs of sentences built from the numbers, each a
 * complete thought a reader can quote (who is listed wrongly, who is hit hardest, what was refused, how the record
 * differs from what people did). "The truth" is the system's own rules applied to what citizens really did.
 */
export function describeRun(summary: Summary, labels?: Labels): string[] {
  return [
    listingsParagraph(summary),
    testParagraph(summary),
    groupsParagraph(summary, labels),
    denialsParagraph(summary, labels),
    recordsParagraph(summary),
    rewardsParagraph(summary, labels),
    appealsParagraph(summary),
  ].filter((paragraph) => paragraph !== "");
}

const BY_THE_TRUTH = "under the system's own rules applied to what they really did";

function people(value: number): string {
  return counted(value, "person", "people");
}

/** A share in words where its ends read better as words: "none", "all", else a percentage. */
function share(value: number): string {
  return value === 0 ? "none" : value === 1 ? "all" : percent(value);
}

function wasWere(value: number): string {
  return Math.round(value) === 1 ? "was" : "were";
}

/** Citizens listed on the last day whom the truth would not list (precision = rightly listed / listed). */
export function wrongfullyListedNow(summary: Summary): number {
  const { current, precision } = summary.listings;
  return current - Math.round((precision ?? 0) * current);
}

function listingsParagraph(summary: Summary): string {
  const { listings, mechanisms } = summary;
  if (!mechanisms.blacklist) {
    const scores = mechanisms.scoring
      ? " Citizens are still scored: what follows compares the score the system recorded for each with the score" +
        " their real acts would give."
      : "";
    return `This scenario keeps no blacklist, so nobody is listed and no listing can be wrong.${scores}`;
  }
  if (listings.ever === 0) {
    const missed =
      listings.trulyListed > 0
        ? ` Yet ${people(listings.trulyListed)} did what would list them ${BY_THE_TRUTH}: the system did not see it.`
        : "";
    return `Nobody was listed during the ${counted(summary.days, "day")} of the run.${missed}`;
  }
  const when = atTheEnd(summary.days);
  const current = listings.current;
  const wrongful = wrongfullyListedNow(summary);
  let now: string;
  if (current === 0) now = `Nobody is listed ${when}.`;
  else if (wrongful === 0)
    now =
      current === 1
        ? `The one person listed ${when} would be listed too ${BY_THE_TRUTH}.`
        : `All ${count(current)} people listed ${when} would be listed too ${BY_THE_TRUTH}.`;
  else if (wrongful === current)
    now =
      current === 1
        ? `The one person listed ${when} did nothing that would list them ${BY_THE_TRUTH}.`
        : `None of the ${count(current)} people listed ${when} did anything that would list them ${BY_THE_TRUTH}.`;
  else
    now =
      `Of the ${count(current)} people listed ${when}, ${count(wrongful)} — ${proportion(wrongful, current)} — ` +
      `did nothing that would list them ${BY_THE_TRUTH}.`;

  const relisted =
    listings.entries > listings.ever ? ` (${counted(listings.entries, "listing")} in all)` : "";
  const wrongs =
    listings.wrongful === 0
      ? "none of the listings was wrongful"
      : `${count(listings.wrongful)} of the ${counted(listings.entries, "listing")} — ` +
        `${proportion(listings.wrongful, listings.entries)} — ${wasWere(listings.wrongful)} wrongful on the day ` +
        `${listings.wrongful === 1 ? "it was" : "they were"} made`;
  const days =
    listings.wrongfulPersonDays > 0
      ? `, and the wrongly listed spent ${counted(listings.wrongfulPersonDays, "day")} on the list between them`
      : "";
  return `${now} Over the whole run, ${people(listings.ever)} ${wasWere(listings.ever)} listed at some point${relisted}; ${wrongs}${days}.`;
}

function testParagraph(summary: Summary): string {
  const { listings } = summary;
  // With nobody ever listed, the first paragraph has said all there is.
  if (!summary.mechanisms.blacklist || listings.ever === 0) return "";
  if (listings.current === 0 && listings.trulyListed === 0) return "";
  const { precision, recall } = listings;
  if (precision === null)
    return `The list names nobody ${atTheEnd(summary.days)}, although the truth would list ${people(listings.trulyListed)}.`;
  if (recall === null)
    return (
      `Read as a test, the list is right about ${share(precision)} of the people it names (its precision); its` +
      " recall cannot be measured, as the truth would list nobody."
    );
  const missed =
    listings.missedOffenders > 0
      ? `: ${people(listings.missedOffenders)} whose acts would list them ${wasWere(listings.missedOffenders)} not on it`
      : "";
  return (
    `Read as a test, the list is right about ${share(precision)} of the people it names (its precision), and it ` +
    `names ${share(recall)} of the people the truth would list (its recall)${missed}.`
  );
}

function groupsParagraph(summary: Summary, labels: Labels | undefined): string {
  const ids = Object.keys(summary.groups);
  if (ids.length <= 1) return "The population forms a single group, so groups cannot be compared.";
  const sentences: string[] = [];
  if (summary.mechanisms.blacklist) sentences.push(...listingRateSentences(summary, labels));
  if (summary.mechanisms.scoring) sentences.push(...scoreGapSentences(summary, labels));
  return sentences.join(" ");
}

function listingRateSentences(summary: Summary, labels: Labels | undefined): string[] {
  const group = (id: string) => nameOf(labels, "groups", id);
  const { groups } = summary;
  const { listingRateRatio: ratio, mostListedGroup: most, leastListedGroup: least } = summary.disparity;
  if (ratio === null || most === null || least === null)
    return [
      "No group has anyone listed at the end, so groups cannot be compared by how often they are listed.",
    ];
  const high = groups[most].listingRate;
  const low = groups[least].listingRate;
  const sentences: string[] = [];
  if (most === least || high === low) {
    sentences.push(`Every group is listed at the same rate, ${percent(high)}.`);
  } else if (low === 0) {
    sentences.push(
      `Members of the ${group(most)} group are listed (${percent(high)} of them) while no member of the ` +
        `${group(least)} group is: the four-fifths rule, which flags disparate impact when the lower rate is under` +
        " 80% of the higher, is failed as badly as it can be.",
    );
  } else {
    const [highText, lowText] = comparedPercents(high, low);
    const often = high / low < 1.005 ? "about as often" : `${times(high / low)} as often`;
    sentences.push(
      `Members of the ${group(most)} group are listed ${often} as members of the ${group(least)} group ` +
        `(${highText} against ${lowText}).`,
    );
    sentences.push(
      ratio < 0.8
        ? `The lower rate is ${percent(ratio)} of the higher: under four-fifths, so the four-fifths rule flags a ` +
            "disparate impact."
        : `The lower rate is ${percent(ratio)} of the higher: within the four-fifths rule, which flags disparate ` +
            "impact under 80%.",
    );
  }
  const wrongful = Object.entries(groups).sort((a, b) => b[1].wrongfulListingRate - a[1].wrongfulListingRate);
  if (wrongful.some(([, group]) => group.wrongfulListingRate > 0)) {
    const shares = wrongful.map(([id, group]) =>
      group.wrongfulListingRate > 0
        ? `${percent(group.wrongfulListingRate)} of the ${nameOf(labels, "groups", id)} group`
        : `none of the ${nameOf(labels, "groups", id)} group`,
    );
    sentences.push(`Listed at the end for nothing they did: ${list(shares)}.`);
  }
  return sentences;
}

function scoreGapSentences(summary: Summary, labels: Labels | undefined): string[] {
  const group = (id: string) => nameOf(labels, "groups", id);
  const gaps: [string, number][] = [];
  for (const [id, group] of Object.entries(summary.groups)) {
    if (group.meanRecordedScore === null || group.meanTrueScore === null) continue;
    gaps.push([id, group.meanRecordedScore - group.meanTrueScore]);
  }
  if (gaps.length < 2) return [];
  if (gaps.every(([, gap]) => Math.abs(gap) < 0.05))
    return ["On average, recorded scores match what citizens' acts earn in every group."];
  gaps.sort((a, b) => a[1] - b[1]);
  const parts = gaps.map(([id, gap], k) => {
    const where = k === 0 ? "what citizens' acts earn in" : "in";
    if (Math.abs(gap) < 0.05) return `level with ${where} the ${group(id)} group`;
    const direction = gap < 0 ? "below" : "above";
    return `${points(Math.abs(gap))} ${direction} ${where} the ${group(id)} group`;
  });
  return [`On average, recorded scores stand ${list(parts)}.`];
}

function points(value: number): string {
  const text = value >= 10 ? count(value) : plain(Number(value.toFixed(1)));
  return `${text} ${text === "1" ? "point" : "points"}`;
}

function denialsParagraph(summary: Summary, labels: Labels | undefined): string {
  const opportunities = Object.entries(summary.denied);
  if (!summary.mechanisms.sanctions || opportunities.length === 0)
    return "This scenario refuses nothing to anyone: it has no sanctions.";
  const refused = opportunities.filter(([, o]) => o.denied > 0).sort((a, b) => b[1].denied - a[1].denied);
  const ostracised = opportunities.reduce((sum, [, o]) => sum + o.ostracised, 0);
  const informal =
    ostracised > 0
      ? ` ${capitalise(counted(ostracised, "request"))} ${wasWere(ostracised)} refused informally, by people who` +
        " saw the public list."
      : "";
  if (refused.length === 0) return `No request was refused during the run.${informal}`;
  const sentences: string[] = [];
  if (refused.length > 1) {
    const denied = refused.reduce((sum, [, o]) => sum + o.denied, 0);
    const wrongly = refused.reduce((sum, [, o]) => sum + o.deniedWrongfully, 0);
    sentences.push(
      `In all, ${counted(denied, "request")} ${wasWere(denied)} refused, ${wrongly === 0 ? "none" : count(wrongly)} ` +
        "of them wrongly.",
    );
  }
  for (const [id, o] of refused.slice(0, OPPORTUNITIES_TOLD)) {
    const wrongly =
      o.deniedWrongfully === 0
        ? "none of them wrongly"
        : `${count(o.deniedWrongfully)} of them to people the truth would not have sanctioned`;
    sentences.push(
      `${capitalise(counted(o.denied, "request"))} for ${nameOf(labels, "opportunities", id)} ${wasWere(o.denied)} ` +
        `refused (of ${count(o.requests)}); ${wrongly}.`,
    );
  }
  const rest = refused.slice(OPPORTUNITIES_TOLD);
  if (rest.length > 0) {
    const denied = rest.reduce((sum, [, o]) => sum + o.denied, 0);
    const wrongly = rest.reduce((sum, [, o]) => sum + o.deniedWrongfully, 0);
    sentences.push(
      `Another ${counted(denied, "request")} of ${counted(rest.length, "other kind")} ${wasWere(denied)} refused, ` +
        `${wrongly === 0 ? "none" : count(wrongly)} of them wrongly.`,
    );
  }
  return sentences.join(" ") + informal;
}

function recordsParagraph(summary: Summary): string {
  if (summary.mechanisms.sources === 0)
    return "No source watches anyone in this scenario, so nothing is recorded.";
  const { acts, listings } = summary;
  const sentences = [
    `Citizens really committed ${counted(acts.true, "act")}; the sources made ${counted(acts.recorded, "record")}.`,
  ];
  const wrong = acts.misattributed + acts.spurious;
  if (wrong === 0) {
    sentences.push(
      "Every record matches an act its citizen really committed: the record differs from the truth only by what" +
        " the sources missed.",
    );
    return sentences.join(" ");
  }
  const kinds: string[] = [];
  if (acts.misattributed > 0)
    kinds.push(`${count(acts.misattributed)} pinned someone else's act on a citizen (a false match)`);
  if (acts.spurious > 0) kinds.push(`${count(acts.spurious)} recorded an act that never happened`);
  sentences.push(
    `${capitalise(count(wrong))} of these records — ${proportion(wrong, acts.recorded)} — are wrong: ${list(kinds)}.`,
  );
  if (summary.mechanisms.blacklist && listings.entries > 0) {
    const misattributed = listings.byTrigger.misattributed ?? 0;
    const spurious = listings.byTrigger.spurious ?? 0;
    const triggers: string[] = [];
    if (misattributed > 0) triggers.push(`${count(misattributed)} by a false match`);
    if (spurious > 0) triggers.push(`${count(spurious)} by a record of something that never happened`);
    if (triggers.length > 0) {
      const first = triggers[0].replace(
        " by ",
        ` ${wasWere(misattributed > 0 ? misattributed : spurious)} set off by `,
      );
      sentences.push(
        `Of the ${counted(listings.entries, "listing")}, ${list([first, ...triggers.slice(1)])}.`,
      );
    }
  }
  return sentences.join(" ");
}

function rewardsParagraph(summary: Summary, labels: Labels | undefined): string {
  if (!summary.mechanisms.rewards) return "";
  const rewards = Object.values(summary.rewards);
  const total = rewards.reduce((sum, reward) => sum + reward.value, 0);
  if (total <= 0) return "No reward was granted during the run.";
  const byIncome = new Map<string, number>();
  const byGroup = new Map<string, number>();
  for (const reward of rewards) {
    for (const [id, value] of Object.entries(reward.byIncome))
      byIncome.set(id, (byIncome.get(id) ?? 0) + value);
    for (const [id, value] of Object.entries(reward.byGroup)) byGroup.set(id, (byGroup.get(id) ?? 0) + value);
  }
  const sentences = [`Rewards worth ${count(total)} were granted in all (in the scenario's units of value).`];
  if (byIncome.size > 1)
    sentences.push(
      `By income band: ${list([...byIncome].map(([id, value]) => `${percent(value / total)} to the ${nameOf(labels, "incomeBands", id)} band`))}.`,
    );
  const groups = Object.entries(summary.groups);
  if (groups.length > 1)
    sentences.push(
      capitalise(
        groups
          .map(
            ([id, group]) =>
              `the ${nameOf(labels, "groups", id)} group, ${percent(group.share)} of the population, received ` +
              `${percent((byGroup.get(id) ?? 0) / total)} of the value`,
          )
          .join("; "),
      ) + ".",
    );
  return sentences.join(" ");
}

function appealsParagraph(summary: Summary): string {
  if (!summary.mechanisms.appeals) return "";
  const { filed, reviewed, overturned, recordsRestored } = summary.appeals;
  if (filed === 0) return "Appeals were open, but nobody appealed.";
  return (
    `${capitalise(counted(filed, "appeal"))} ${wasWere(filed)} filed; ${count(reviewed)} ${wasWere(reviewed)} ` +
    `reviewed and ${count(overturned)} overturned, restoring ${counted(recordsRestored, "record")}.`
  );
}
