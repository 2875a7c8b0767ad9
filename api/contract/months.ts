/**
 * A month the dashboard counts in, `YYYY-MM` from 2000 to 2099 (the schemas' `Month`). Zod-free, so the
 * dashboard's page reads the months of its address before the schema library has loaded.
 */
export const MONTH_PATTERN = /^20\d{2}-(0[1-9]|1[0-2])$/;

export const isMonth = (value: string) => MONTH_PATTERN.test(value);
