/**
 * Which reports are urgent, on its own so the phone can tell the young person before sending, with the very
 * rule the server applies (the server decides; the phone only shows the hint), without shipping the
 * deadline calculator.
 */
import type { CategoryId, HousingPolicy } from '../contract/content';

export function categoryPolicies(categories: readonly CategoryId[], policy: Pick<HousingPolicy, 'categories'>) {
  return categories.map((id) => {
    const found = policy.categories.find((c) => c.id === id);
    if (!found) throw new Error(`The housing policy has no category "${id}"`);
    return found;
  });
}

/** Urgent: the young person does not feel safe now, or a category the pack treats as an emergency. */
export function isUrgent(
  report: { categories: readonly CategoryId[]; feelsSafe: string },
  policy: Pick<HousingPolicy, 'categories'>,
): boolean {
  return report.feelsSafe === 'no' || categoryPolicies(report.categories, policy).some((c) => c.emergencyByDefault);
}
