import { readStoredValue, writeStored } from './storage.ts';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const isTheme = (value: unknown): value is Theme => THEMES.some((theme) => theme === value);

/** The theme chosen in this browser. No schema: the inline first script applies it before the first paint. */
export function storedTheme(): Theme {
  const stored = readStoredValue('theme');
  return isTheme(stored) ? stored : 'system';
}

/** Sets the page's colours; "system" follows the operating system's setting. */
export function applyTheme(theme: Theme): void {
  const dark = theme === 'dark' || (theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function chooseTheme(theme: Theme): void {
  writeStored('theme', theme);
  applyTheme(theme);
}

export function followSystemTheme(): void {
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    applyTheme(storedTheme());
  });
}
