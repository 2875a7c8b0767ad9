import { ref } from 'vue';

const STORAGE_KEY = 'clh.bigger-text';
const CLASS = 'text-bigger';

/** The "bigger text" setting: a class on <html> (see ui/base.css), kept in localStorage. */
export const biggerText = ref(false);

export function setBiggerText(on: boolean): void {
  biggerText.value = on;
  document.documentElement.classList.toggle(CLASS, on);
  try {
    localStorage.setItem(STORAGE_KEY, on ? '1' : '0');
  } catch {
    /* storage blocked: the setting lasts for this visit */
  }
}

/** Called once at start-up, before the first paint of the app. */
export function applyStoredTextSize(): void {
  let on: boolean;
  try {
    on = localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    on = false;
  }
  biggerText.value = on;
  document.documentElement.classList.toggle(CLASS, on);
}
