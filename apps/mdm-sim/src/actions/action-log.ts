export interface ActionLogEntry {
  seq: number;
  action: string;
  deviceId: number;
  at: number;
  params: Record<string, unknown>;
}

/** Every device action applied, in order: tests use it to prove that nothing was sent twice. */
export class ActionLog {
  private entries: ActionLogEntry[] = [];
  private seq = 0;

  record(action: string, deviceIds: readonly number[], params: Record<string, unknown>, at: number): void {
    for (const deviceId of deviceIds) {
      this.seq += 1;
      this.entries.push({ seq: this.seq, action, deviceId, at, params });
    }
  }

  list(): readonly ActionLogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
    this.seq = 0;
  }
}
