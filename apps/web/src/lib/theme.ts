import { z } from 'zod';
import { readStored, writeStored } from './storage.ts';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const storedTheme = (): Theme => readStored('theme', z.enum(THEMES)) ?? 'system';

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
