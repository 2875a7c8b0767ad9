/**
 * Turns the rules' message keys (`check.reason.*`, `check.step.*`) into words in the reader's
 * language. A value named `district` is a district code, shown as the district's name; `council` a
 * council id, shown as the council's name.
 */
import { useI18n } from 'vue-i18n';
import type { Message } from '#rules/eligibility';

export function useCheckMessages(
  districtName: (code: string) => string,
  councilName: (id: string) => string = (id) => id,
) {
  const { t } = useI18n();
  return (m: Message): string => {
    const values: Record<string, string | number> = { ...m.values };
    if (typeof values.district === 'string') values.district = districtName(values.district);
    if (typeof values.council === 'string') values.council = councilName(values.council);
    return t(m.key, values);
  };
}
