/** Times of day as people read them in refusals, summaries and charts: `14:03:07 UTC`. */

/** `HH:MM:SS` in UTC (no date: these texts speak of the minutes around now). */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
