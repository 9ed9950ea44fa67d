// What the progress line on a terminal shows: modules done of those to tidy, the phase of
// the module being tidied, and the bytes downloaded with the file being fetched.

import type { FetchObserver } from "../fetch/observer.js";
import type { TidyProgress } from "../tidy/tidy.js";
import { formatBytes, ProgressLine } from "./terminal.js";

/** ProgressState keeps the progress line's facts and redraws the line when they change. */
export class ProgressState {
  modulesDone = 0;
  modulesTotal = 1;
  phase = "";
  bytes = 0;
  private readonly active = new Map<string, { label: string; received: number; total?: number }>();

  constructor(private readonly line: ProgressLine) {}

  /** observer follows the downloads of the fetch layer. */
  observer(): FetchObserver {
    return {
      progress: (e) => {
        const key = e.url;
        const prev = this.active.get(key)?.received ?? 0;
        this.bytes += e.received - prev;
        const label = `${e.module}${e.version ? " " + e.version : ""} (${e.file})`;
        if (e.total !== undefined && e.received >= e.total) this.active.delete(key);
        else this.active.set(key, { label, received: e.received, total: e.total });
        this.draw();
      },
      request: (e) => {
        this.active.delete(e.url);
        this.draw();
      },
    };
  }

  /** onTidy follows the scanning and loading of the module in dir. */
  onTidy(dir: string): (e: TidyProgress) => void {
    return (e) => {
      this.phase = e.kind === "scanned"
        ? `${dir}: scanned ${e.files} files`
        : `${dir}: ${e.packages} packages, ${e.files} files read`;
      this.draw();
    };
  }

  draw(force = false): void {
    if (!this.line.enabled) return;
    const parts: string[] = [];
    if (this.modulesTotal > 1) parts.push(`[${this.modulesDone}/${this.modulesTotal} modules]`);
    if (this.phase) parts.push(this.phase);
    if (this.bytes > 0 || this.active.size > 0) {
      const current = [...this.active.values()].pop();
      const pct = current?.total ? ` ${Math.floor((100 * current.received) / current.total)}%` : "";
      parts.push(`downloaded ${formatBytes(this.bytes)}` + (current ? ` · ${current.label}${pct}` : ""));
    }
    this.line.set(parts.join(" · "), force);
  }
}
