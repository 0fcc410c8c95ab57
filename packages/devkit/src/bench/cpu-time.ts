import { readdirSync, readFileSync } from 'node:fs';

/** Linux counts CPU time in clock ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

interface ProcessTimes {
  parent: number;
  /** utime + stime, and what its children that have ended used (cutime + cstime), in ticks. */
  ticks: number;
}

function processTimes(): Map<number, ProcessTimes> {
  const all = new Map<number, ProcessTimes>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it ended meanwhile
    }
    // The fields after the command name, which is in parentheses and may hold spaces: state, ppid, …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, k) => sum + Number(fields[k] ?? 0), 0);
    all.set(Number(entry), { parent: Number(fields[1] ?? 0), ticks });
  }
  return all;
}

/** CPU seconds used so far by each group of processes, each process with all its descendants (Linux /proc). */
export function cpuSecondsOf(groups: Record<string, readonly number[]>): Record<string, number> {
  const all = processTimes();
  const children = new Map<number, number[]>();
  for (const [pid, { parent }] of all) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const treeTicks = (pid: number): number =>
    (all.get(pid)?.ticks ?? 0) + (children.get(pid) ?? []).reduce((sum, child) => sum + treeTicks(child), 0);
  return Object.fromEntries(
    Object.entries(groups).map(([name, pids]) => [
      name,
      pids.reduce((sum, pid) => sum + treeTicks(pid), 0) / TICKS_PER_SECOND,
    ]),
  );
}

/** What each group used between two readings. */
export const cpuSecondsBetween = (
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> =>
  Object.fromEntries(Object.entries(after).map(([name, seconds]) => [name, seconds - (before[name] ?? 0)]));
