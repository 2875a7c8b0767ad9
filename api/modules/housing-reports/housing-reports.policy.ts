/**
 * The Kent pack's housing policy (report categories, deadline clocks, bank holidays), checked against the
 * contract once at start-up. The reports, dashboard and Open311 modules all read it from here.
 */
import policyJson from '#content/kent/housing-policy.json';
import { HousingPolicy, type CategoryGroup, type CategoryId } from '../../contract/content';

export const housingPolicy: HousingPolicy = HousingPolicy.parse(policyJson);

const groupOf = new Map(housingPolicy.categories.map((c) => [c.id, c.group]));

/** The dashboard's category groups of a report's categories, in the policy's order, without repeats. */
export function categoryGroups(categories: readonly CategoryId[]): CategoryGroup[] {
  const groups = new Set(categories.map((id) => groupOf.get(id)!));
  return housingPolicy.categories.map((c) => c.group).filter((g, i, all) => groups.has(g) && all.indexOf(g) === i);
}
