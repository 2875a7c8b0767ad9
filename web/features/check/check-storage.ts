/**
 * The check's answers on this phone only (localStorage, never sent anywhere). "Clear my answers"
 * removes them. The stored value is read back through `sanitizeAnswers`, so nothing stale or edited
 * reaches the rules as something it is not.
 */
import { sanitizeAnswers, type Answers } from '#rules/answers';
import { COUNCIL_CHOICES } from './check-questions';
import { CHECK_STORAGE_KEY } from './check-storage-key';

export { CHECK_STORAGE_KEY };

export interface StoredCheck {
  answers: Answers;
  /** The question the person was on, so they can carry on. */
  step: number;
  /** True once they reached the results. */
  done: boolean;
}

/** Reads the stored check; `districtCodes` are the pack's valid district answers. */
export function loadCheck(districtCodes: readonly string[]): StoredCheck | null {
  try {
    const raw = localStorage.getItem(CHECK_STORAGE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StoredCheck> | null;
    if (!value || typeof value !== 'object') return null;
    return {
      answers: sanitizeAnswers(value.answers, districtCodes, COUNCIL_CHOICES),
      step: typeof value.step === 'number' && Number.isInteger(value.step) && value.step >= 0 ? value.step : 0,
      done: value.done === true,
    };
  } catch {
    return null; // unreadable or storage blocked: start afresh
  }
}

/** Saves; false when the browser refuses (private mode, storage full): the answers then last this visit only. */
export function saveCheck(check: StoredCheck): boolean {
  try {
    localStorage.setItem(CHECK_STORAGE_KEY, JSON.stringify(check));
    return true;
  } catch {
    return false;
  }
}

export function clearCheck(): void {
  try {
    localStorage.removeItem(CHECK_STORAGE_KEY);
  } catch {
    /* nothing stored */
  }
}
