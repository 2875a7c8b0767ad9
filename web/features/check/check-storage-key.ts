/** Where the check's answers live on the phone (localStorage), in a module of its own so pages that only peek at the district stay small. */
export const CHECK_STORAGE_KEY = 'clh.check';

/** The district the person gave in the check, if it is one of `codes` (no rules loaded for this). */
export function storedDistrict(codes: readonly string[]): string | null {
  try {
    const value = JSON.parse(localStorage.getItem(CHECK_STORAGE_KEY) ?? 'null') as {
      answers?: { district?: unknown };
    } | null;
    const district = value?.answers?.district;
    return typeof district === 'string' && codes.includes(district) ? district : null;
  } catch {
    return null;
  }
}
