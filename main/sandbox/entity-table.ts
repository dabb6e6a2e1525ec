/**
 * One entity's rows, kept sorted by id with a parallel id array so `id gt/gte` cursors and `id in`
 * lookups are binary searches: a 500-row page of the 200,000-row `large` tenant must cost milliseconds.
 * Rows hold date-times as epoch milliseconds (number | null); they are formatted on the way out.
 */
export type Row = Record<string, unknown>;

export class EntityTable {
  private ids: number[] = [];
  private rows: Row[] = [];

  get size(): number {
    return this.rows.length;
  }

  /** Bulk load from a generator that already yields ascending ids (the tenant generators do). */
  loadSorted(rows: Row[]): void {
    for (let i = 1; i < rows.length; i++) {
      if ((rows[i]!.id as number) <= (rows[i - 1]!.id as number)) throw new Error('loadSorted: ids not ascending');
    }
    this.rows = rows;
    this.ids = rows.map((r) => r.id as number);
  }

  maxId(): number {
    return this.ids.length ? this.ids[this.ids.length - 1]! : -1;
  }

  /** First index whose id is >= id. */
  lowerBound(id: number): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get(id: number): Row | undefined {
    const i = this.lowerBound(id);
    return this.ids[i] === id ? this.rows[i] : undefined;
  }

  at(index: number): Row | undefined {
    return this.rows[index];
  }

  insert(row: Row): void {
    const id = row.id as number;
    const i = this.lowerBound(id);
    if (this.ids[i] === id) throw new Error(`id ${id} already exists`);
    if (i === this.ids.length) {
      this.ids.push(id);
      this.rows.push(row);
    } else {
      this.ids.splice(i, 0, id);
      this.rows.splice(i, 0, row);
    }
  }

  remove(id: number): boolean {
    const i = this.lowerBound(id);
    if (this.ids[i] !== id) return false;
    this.ids.splice(i, 1);
    this.rows.splice(i, 1);
    return true;
  }

  all(): readonly Row[] {
    return this.rows;
  }
}
