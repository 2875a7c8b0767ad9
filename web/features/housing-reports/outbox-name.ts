/** The IndexedDB database of the report outbox; its own module so the shell can check for it cheaply. */
export const OUTBOX_DB_NAME = 'clh-reports';
