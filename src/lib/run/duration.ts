/** A duration in the unit a person reads it in (for the ETA and the planner); the caller translates the unit. */
export function durationParts(seconds: number): { unit: 's' | 'm' | 'h' | 'd'; n: number; digits: number } {
  const s = Math.max(0, seconds);
  if (s < 90) return { unit: 's', n: Math.round(s), digits: 0 };
  if (s < 90 * 60) return { unit: 'm', n: Math.round(s / 60), digits: 0 };
  if (s < 48 * 3600) return { unit: 'h', n: Math.round((s / 3600) * 10) / 10, digits: 1 };
  return { unit: 'd', n: Math.round((s / 86400) * 10) / 10, digits: 1 };
}
