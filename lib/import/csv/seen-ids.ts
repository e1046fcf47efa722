/**
 * What a file already had (row ids, people): an open-addressing set of 53-bit hashes in one
 * Float64Array, 8–16 bytes per distinct entry, so a million-row file costs megabytes, not strings.
 */

export class HashSet53 {
  private slots = new Float64Array(1 << 12);
  private count = 0;

  has(hash: number): boolean {
    const key = hash === 0 ? 1 : hash;
    const mask = this.slots.length - 1;
    for (let index = (key >>> 0) & mask; ; index = (index + 1) & mask) {
      const slot = this.slots[index]!;
      if (slot === key) return true;
      if (slot === 0) return false;
    }
  }

  /** Adds the hash; false when it was already there. */
  add(hash: number): boolean {
    const key = hash === 0 ? 1 : hash;
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    return this.insert(this.slots, key);
  }

  private insert(slots: Float64Array, key: number): boolean {
    const mask = slots.length - 1;
    for (let index = (key >>> 0) & mask; ; index = (index + 1) & mask) {
      const slot = slots[index]!;
      if (slot === key) return false;
      if (slot === 0) {
        slots[index] = key;
        if (slots === this.slots) this.count++;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    const next = new Float64Array(old.length * 2);
    for (const key of old) if (key !== 0) this.insert(next, key);
    this.slots = next;
  }
}
