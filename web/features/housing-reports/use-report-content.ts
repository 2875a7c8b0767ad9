/**
 * What the report form, "My reports", urgent help and the dashboard need from the content pack: the category
 * icons and emergency flags (housing-policy.json), the contacts (contacts.json), and the report section of
 * the pack's words in the UI language (English when the pack has no words in that language yet). Each file
 * is its own lazy chunk, precached by the service worker, so all of it works offline.
 *
 * The composable lives with the app's one content loader (web/app/content-loaders.ts), so the report route
 * downloads a single small chunk for it; import it from there (this file remains for older imports).
 */
export { injectReportContent, REPORT_CONTENT, useReportContent, type ReportContent } from '../../app/content-loaders';
