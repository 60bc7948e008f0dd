import { vi } from "vitest";

/** One JSON line of gateway/log.ts, as the portal and the gateway write it. */
export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** Captures (and silences) the JSON log lines written from now on, by stream; vi.restoreAllMocks() stops it. */
export function captureLogLines(): { stdout: LogLine[]; stderr: LogLine[] } {
  const lines = { stdout: [] as LogLine[], stderr: [] as LogLine[] };
  for (const stream of ["stdout", "stderr"] as const) {
    vi.spyOn(process[stream], "write").mockImplementation((chunk) => {
      for (const text of String(chunk).split("\n")) if (text !== "") lines[stream].push(JSON.parse(text) as LogLine);
      return true;
    });
  }
  return lines;
}
