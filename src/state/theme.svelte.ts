/** Light/dark theme, applied as `data-theme` on <html> (index.html applies the saved one before first paint). */
export type Theme = 'light' | 'dark';
const KEY = 'pollux-web:theme';

class ThemeState {
  #theme = $state<Theme>(
    typeof document !== 'undefined' && document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light',
  );

  get theme(): Theme {
    return this.#theme;
  }

  set theme(t: Theme) {
    this.#theme = t;
    document.documentElement.dataset.theme = t;
    try {
      localStorage.setItem(KEY, t);
    } catch {
      // not remembered
    }
  }

  toggle(): void {
    this.theme = this.#theme === 'dark' ? 'light' : 'dark';
  }
}

export const theme = new ThemeState();
