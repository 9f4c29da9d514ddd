/** A daily period of night dimming, in minutes after local midnight; `from` > `to` spans midnight. */
export interface DimSchedule {
  from: number;
  to: number;
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

function minutes(text: string): number | null {
  const match = TIME.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Reads "22:00-06:00"; null when it is not two times of day. */
export function parseDimSchedule(text: string): DimSchedule | null {
  const [a, b, ...rest] = text.split('-');
  if (a === undefined || b === undefined || rest.length > 0) return null;
  const from = minutes(a);
  const to = minutes(b);
  return from === null || to === null || from === to ? null : { from, to };
}

/** Whether the screen is dimmed at this local time of day (hours and minutes). */
export function dimmedAt(schedule: DimSchedule, hours: number, mins: number): boolean {
  const t = hours * 60 + mins;
  return schedule.from < schedule.to ? t >= schedule.from && t < schedule.to : t >= schedule.from || t < schedule.to;
}
