/**
 * The removal an editor may still undo. It is kept in memory only, for as long as this page lives (not
 * after a reload): the list the remove button comes back to offers "Undo" with the values the server
 * answered, so the item goes back exactly as it was, its words in every language.
 */
import { shallowRef } from 'vue';
import type { Removal } from './studio-api';

export const lastRemoval = shallowRef<(Removal & { name: string }) | null>(null);
