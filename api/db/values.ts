/**
 * Reading column values the same way on PGlite and on `pg`: a timestamp may come back as a Date or as
 * text, and a json/jsonb column as a parsed value or as its text, depending on the driver, the statement
 * (prepared or not) and the type parsers. The modules read them only through these.
 */

/** A timestamp column as ISO 8601 in UTC (`2026-03-01T09:30:00.000Z`). */
export const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

/** A nullable timestamp column as ISO 8601, or null. */
export const isoOrNull = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : iso(value);

/** A json or jsonb column as its value, whether the driver parsed it or not. */
export const jsonValue = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
