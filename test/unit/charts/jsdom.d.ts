// jsdom 29 ships no types and @types/jsdom is not installed; the chart tests need only this.
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string);
    readonly window: Window & typeof globalThis;
  }
}
