/**
 * A long list staff step through a page at a time (the reports, the audit log). The request says which page
 * and how many a page holds (each list its own most and usual size); the answer carries the page's rows under
 * their own name, with how many rows there are in all and which page it is.
 */
import { z } from 'zod';

export const pageQuery = (mostPerPage: number, perPage: number) => ({
  page: z.coerce.number({ error: 'must be a number' }).int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number({ error: 'must be a number' }).int().min(1).max(mostPerPage).default(perPage),
});

export const pageCounts = { total: z.number(), page: z.number(), pageSize: z.number() };
