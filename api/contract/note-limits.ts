/**
 * The length of a note about a page ("Something wrong here?"), in a file without zod: the public page
 * checks it as the person types, and zod belongs to the staff pages' chunks only.
 */
export const CONTENT_NOTE_MIN = 3;
export const CONTENT_NOTE_MAX = 1000;
