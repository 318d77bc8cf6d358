import { CounterRng, type PhiloxKey, purposeId } from "../rng/index.js";

const PURPOSE_PSEUDONYM = purposeId("world.pseudonym");
/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/**
 * A generated pseudonym for a synthetic citizen, such as `Citizen 7KQ-M4T`: a function of the seed and the
 * citizen's index alone. Synthetic citizens have no names; this only lets a report tell them apart.
 */
export function pseudonym(key: PhiloxKey, citizen: number): string {
  const rng = new CounterRng(key).reset(PURPOSE_PSEUDONYM, citizen, 0);
  let text = "";
  for (let k = 0; k < 6; k++) {
    if (k === 3) text += "-";
    text += ALPHABET[Math.floor(rng.nextUnit32() * ALPHABET.length)];
  }
  return `Citizen ${text}`;
}
