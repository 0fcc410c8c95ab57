import { readdirSync, readFileSync } from 'node:fs';

/** Linux counts CPU time in clock ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** The processes running now: each one's children, and the CPU ticks it used with its children that have ended. */
export interface ProcessTable {
  ticks: Map<number, number>;
  children: Map<number, number[]>;
}

export function processTable(): ProcessTable {
  const table: ProcessTable = { ticks: new Map(), children: new Map() };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it ended meanwhile
    }
    // The fields after the command name, which is in parentheses and may hold spaces: state, ppid, …; then utime,
    // stime, cutime, cstime at 11 to 14.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const parent = Number(fields[1] ?? 0);
    table.ticks.set(
      pid,
      [11, 12, 13, 14].reduce((sum, k) => sum + Number(fields[k] ?? 0), 0),
    );
    const siblings = table.children.get(parent);
    if (siblings) siblings.push(pid);
    else table.children.set(parent, [pid]);
  }
  return table;
}

/** CPU seconds (user + system) used so far by `pids` and all their descendants, running or ended (Linux /proc). */
export function cpuSecondsOf(pids: readonly number[], table: ProcessTable = processTable()): number {
  const treeTicks = (pid: number): number =>
    (table.ticks.get(pid) ?? 0) + (table.children.get(pid) ?? []).reduce((sum, child) => sum + treeTicks(child), 0);
  return pids.reduce((sum, pid) => sum + treeTicks(pid), 0) / TICKS_PER_SECOND;
}
