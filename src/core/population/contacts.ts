import { CounterRng, type PhiloxKey, purposeId } from "../rng/index.js";

const PURPOSE_CONTACTS = purposeId("world.contacts");

/**
 * The implicit social graph: citizen i's k-th contact is ⌊w_k · N / 2^32⌋ for the k-th word w_k of the
 * (`world.contacts`, i) stream, skipping i itself. Nothing is stored: contacts are recomputed when needed.
 */
export class Contacts {
  private readonly rng: CounterRng;

  constructor(
    key: PhiloxKey,
    private readonly size: number,
  ) {
    this.rng = new CounterRng(key);
  }

  /** Writes citizen `citizen`'s first `count` contacts into `out`. */
  of(citizen: number, count: number, out: Int32Array): void {
    this.rng.reset(PURPOSE_CONTACTS, citizen, 0);
    for (let k = 0; k < count; k++) {
      let contact = Math.floor((this.rng.nextUint32() / 0x1_0000_0000) * this.size);
      if (contact === citizen) contact = (contact + 1) % this.size;
      out[k] = contact;
    }
  }
}
