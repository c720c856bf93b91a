#!/usr/bin/env node
// Accessibility check of a rendered HTML book, in headless Chromium.
//
//   node tests/a11y/check.mjs OUTPUT_DIR [--json FILE] [--chromium PATH] [--chart-timeout MS]
//                             [--no-narrow] [--advisory] [--no-experimental]
//   Chromium: --chromium PATH, else $P2R_CHROMIUM, $CHROME_PATH, /usr/bin/chromium, chromium-browser,
//   google-chrome.  It runs with --no-sandbox when run as root or when P2R_CHROMIUM_NO_SANDBOX=1.
//   (--advisory also runs axe's best-practice rules once per page and lists them, without failing;
//    --no-experimental leaves out axe's experimental WCAG rules, which are on by default here)
//
// Every *.html page in OUTPUT_DIR (top level) is opened twice: from disk (file://) and from a
// static server on 127.0.0.1 (random port, closed at the end).  On each load, after the
// interactive charts have been drawn (p2r.js sets <html data-p2r-charts="done">, or no
// `.vega-chart img` is left), it checks:
//   * axe-core with the WCAG 2.0/2.1/2.2 A and AA tags (including the experimental rules so
//     tagged: css-orientation-lock, p-as-heading, table-fake-caption, td-has-header): zero
//     violations allowed;
//   * <html lang> is set; exactly one h1; heading levels never skip (no h1 -> h3);
//   * keyboard: the first Tab focuses a visible skip link (non-zero size, in the viewport);
//     activating it moves focus to its target and the next Tab lands inside that target;
//     Tab reaches every focusable element; each focused element has a visible outline or
//     box-shadow that differs from its unfocused style, and is in the viewport when focused;
//   * axe again with every <details> opened (the data tables behind the charts);
//   * reflow (WCAG 1.4.10, on the server load): at 320 CSS px wide axe still passes and the
//     page does not scroll sideways (tables and charts scroll or scale inside their own box);
//   * no request leaves the machine (only file:// inside OUTPUT_DIR, data:, blob: and the
//     local server are allowed; anything else is blocked and reported), no broken local
//     resource, no console error or uncaught exception, every chart drawn.
// Prints a JSON summary on stdout (and to --json FILE), a readable list on stderr.
// Exit code: 0 clean, 1 violations found, 2 usage or run error, 3 no Chromium found.

import fs from "node:fs";
import fsp from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL, fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable"];
const MIME = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".json": "application/json", ".png": "image/png",
  ".svg": "image/svg+xml", ".csv": "text/csv; charset=utf-8", ".pdf": "application/pdf", ".woff2": "font/woff2",
  ".woff": "font/woff", ".ico": "image/x-icon", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
  ".txt": "text/plain; charset=utf-8",
};

function usage(msg) {
  if (msg) console.error(`check.mjs: ${msg}`);
  console.error("usage: node tests/a11y/check.mjs OUTPUT_DIR [--json FILE] [--chromium PATH] [--chart-timeout MS] [--no-narrow] [--advisory] [--no-experimental]");
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { dir: null, json: null, chromium: null, chartTimeout: 30000, narrow: true, advisory: false,
    experimental: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") opts.json = argv[++i];
    else if (a === "--chromium") opts.chromium = argv[++i];
    else if (a === "--chart-timeout") opts.chartTimeout = Number(argv[++i]);
    else if (a === "--no-narrow") opts.narrow = false;
    else if (a === "--advisory") opts.advisory = true;
    else if (a === "--no-experimental") opts.experimental = false;
    else if (a === "-h" || a === "--help") usage();
    else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else if (!opts.dir) opts.dir = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!opts.dir) usage("OUTPUT_DIR is required");
  if (!Number.isFinite(opts.chartTimeout) || opts.chartTimeout <= 0) usage("--chart-timeout must be a number of ms");
  return opts;
}

export function findChromium(explicit) {
  const tried = [];
  if (explicit) {  // a path given on the command line is used as is, or not at all
    try { fs.accessSync(explicit, fs.constants.X_OK); return { path: explicit, tried: [explicit] }; } catch {
      return { path: null, tried: [explicit] };
    }
  }
  for (const p of [process.env.P2R_CHROMIUM, process.env.CHROME_PATH, ...CHROMIUM_CANDIDATES]) {
    if (!p) continue;
    tried.push(p);
    try { fs.accessSync(p, fs.constants.X_OK); return { path: p, tried }; } catch { /* next */ }
  }
  return { path: null, tried };
}

// ---------------------------------------------------------------- static server on 127.0.0.1
function startServer(root) {
  const rootReal = fs.realpathSync(root);
  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") { res.writeHead(405); res.end(); return; }
      const u = new URL(req.url, "http://127.0.0.1");
      let rel = decodeURIComponent(u.pathname);
      if (rel.endsWith("/")) rel += "index.html";
      const file = path.resolve(rootReal, "." + rel);
      if (file !== rootReal && !file.startsWith(rootReal + path.sep)) { res.writeHead(403); res.end(); return; }
      const st = await fsp.stat(file).catch(() => null);
      if (!st || !st.isFile()) { res.writeHead(404, { "content-type": "text/plain" }); res.end("not found"); return; }
      res.writeHead(200, { "content-type": MIME[path.extname(file).toLowerCase()] || "application/octet-stream",
        "content-length": st.size, "cache-control": "no-store" });
      if (req.method === "HEAD") { res.end(); return; }
      fs.createReadStream(file).pipe(res);
    } catch (e) {
      res.writeHead(500); res.end(String(e));
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

// ---------------------------------------------------------------- in-page helpers (serialised)
// A short, stable CSS selector for an element (id when unique, else tag:nth-of-type chain).
const CSS_PATH_SRC = `
window.__p2rCssPath = function (el) {
  if (!(el instanceof Element)) return String(el && el.nodeName);
  const parts = [];
  while (el && el.nodeType === 1 && el !== document.documentElement) {
    if (el.id && document.querySelectorAll('#' + CSS.escape(el.id)).length === 1) {
      parts.unshift('#' + CSS.escape(el.id)); break;
    }
    let s = el.localName;
    const parent = el.parentElement;
    if (parent) {
      const same = Array.from(parent.children).filter(c => c.localName === el.localName);
      if (same.length > 1) s += ':nth-of-type(' + (same.indexOf(el) + 1) + ')';
    }
    parts.unshift(s);
    el = parent;
  }
  return parts.join(' > ');
};`;

function pageInfo() {
  // Runs in the page: lang and headings.
  const visible = (el) => el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true }) &&
    !el.closest("[aria-hidden='true']");
  const hs = Array.from(document.querySelectorAll("h1,h2,h3,h4,h5,h6,[role='heading']"))
    .filter(visible)
    .map((h) => ({
      level: h.getAttribute("role") === "heading" ? Number(h.getAttribute("aria-level") || 2) : Number(h.localName[1]),
      text: h.textContent.trim().replace(/\s+/g, " ").slice(0, 80),
      selector: window.__p2rCssPath(h),
    }));
  return { lang: document.documentElement.getAttribute("lang"), headings: hs, title: document.title };
}

function focusStep() {
  // Runs in the page after one Tab press: describe the focused element.
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { none: true };
  window.__p2rFocused = window.__p2rFocused || [];
  if (window.__p2rFocused.includes(el)) return { repeat: true, selector: window.__p2rCssPath(el) };
  window.__p2rFocused.push(el);
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
  return {
    index: window.__p2rFocused.length - 1,
    selector: window.__p2rCssPath(el),
    tag: el.localName,
    text: (el.getAttribute("aria-label") || el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60),
    href: el.getAttribute("href"),
    focusVisible: el.matches(":focus-visible"),
    style: { outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth, outlineColor: cs.outlineColor,
      boxShadow: cs.boxShadow },
    rect: { x: r.x, y: r.y, width: r.width, height: r.height },
    inViewport: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < vw && r.top < vh,
    visibility: cs.visibility, opacity: cs.opacity,
  };
}

function unfocusedStylesAndUnreached() {
  // Runs in the page after the Tab walk: styles of the focused elements once blurred,
  // and the focusable elements that Tab never reached.
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  const styles = (window.__p2rFocused || []).map((el) => {
    const cs = getComputedStyle(el);
    return { outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth, outlineColor: cs.outlineColor,
      boxShadow: cs.boxShadow };
  });
  const reached = new Set(window.__p2rFocused || []);
  const candidates = document.querySelectorAll(
    "a[href], area[href], button, input:not([type='hidden']), select, textarea, summary, iframe, " +
    "audio[controls], video[controls], [tabindex], [contenteditable='true'], [contenteditable='']");
  const unreached = [];
  for (const el of candidates) {
    if (el.tabIndex < 0 || el.disabled || el.closest("[inert]")) continue;
    if (el.localName === "summary" && !(el.parentElement && el.parentElement.localName === "details" &&
        el.parentElement.querySelector(":scope > summary") === el)) continue;
    if (!el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })) continue;
    if (reached.has(el)) continue;
    // A radio group is one Tab stop: Tab reaches its checked button and the arrow keys move within it
    // (HTML's own behaviour), so an unchecked radio counts as reached when one of its group was.
    if (el.localName === "input" && el.type === "radio" && el.name) {
      const group = Array.from(document.getElementsByName(el.name)).filter((r) => r.type === "radio");
      if (group.some((r) => reached.has(r))) continue;
    }
    unreached.push(window.__p2rCssPath(el));
  }
  return { styles, unreached };
}

// ---------------------------------------------------------------- checks on one page load
function px(v) { const n = parseFloat(v); return Number.isFinite(n) ? n : 0; }

function hasIndicator(focused, unfocused) {
  const outline = focused.outlineStyle !== "none" && px(focused.outlineWidth) > 0 &&
    !/rgba\([^)]*,\s*0\)$/.test(focused.outlineColor);
  const shadow = focused.boxShadow && focused.boxShadow !== "none";
  const outlineChanged = focused.outlineStyle !== unfocused.outlineStyle || focused.outlineWidth !== unfocused.outlineWidth ||
    focused.outlineColor !== unfocused.outlineColor;
  const shadowChanged = focused.boxShadow !== unfocused.boxShadow;
  return (outline && outlineChanged) || (shadow && shadowChanged);
}

function headingProblems(info) {
  const out = [];
  const h1s = info.headings.filter((h) => h.level === 1);
  if (h1s.length !== 1) {
    out.push({ rule: "p2r-one-h1", impact: "moderate", selector: (h1s[1] || h1s[0] || {}).selector || "html",
      help: `A page must have exactly one h1 (found ${h1s.length})` });
  }
  let prev = null;
  for (const h of info.headings) {
    // The first heading may be h1 or h2 (e.g. a navigation heading before the page's h1).
    const limit = prev === null ? 2 : prev + 1;
    if (h.level > limit) {
      out.push({ rule: "p2r-heading-order", impact: "moderate", selector: h.selector,
        help: `Heading levels must not skip: h${h.level} "${h.text}" follows ${prev === null ? "no heading" : "h" + prev}` });
    }
    prev = h.level;
  }
  return out;
}

async function runAxe(page, tags = AXE_TAGS, experimental = false) {
  return page.evaluate(async (tags, experimental) => {
    const options = { runOnly: { type: "tag", values: tags } };
    if (experimental) {
      // axe leaves its experimental rules out unless asked; these are tagged WCAG A/AA too.
      options.rules = Object.fromEntries(window.axe.getRules(tags)
        .filter((r) => r.tags.includes("experimental")).map((r) => [r.ruleId, { enabled: true }]));
    }
    const r = await window.axe.run(document, options);
    const slim = (list) => list.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 200),
        summary: (n.failureSummary || "").slice(0, 400),
        reason: [...n.any, ...n.all, ...n.none].map((c) => c.message).filter(Boolean).join("; ").slice(0, 300) })) }));
    const count = (list) => list.reduce((a, v) => a + v.nodes.length, 0);
    return { violations: slim(r.violations), incomplete: slim(r.incomplete),
      rulesRun: [r.passes, r.violations, r.incomplete, r.inapplicable].flat().map((v) => v.id),
      rulesApplied: r.passes.length + r.violations.length + r.incomplete.length,
      inapplicableRules: r.inapplicable.length,
      nodeResults: count(r.passes) + count(r.violations) + count(r.incomplete),
      elements: document.querySelectorAll("*").length };
  }, tags, experimental);
}

async function checkLoad(ctx, pageName, mode, url) {
  const { browser, axeSource, opts, outDir, serverOrigin } = ctx;
  const problems = [];
  const notes = { consoleWarnings: [], needsReview: [], advisory: [] };
  const add = (p) => problems.push({ page: pageName, mode, ...p });
  const t0 = Date.now();
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1280, height: 900 });
    await page.setRequestInterception(true);
    const outRoot = fs.realpathSync(outDir);
    page.on("request", (req) => {
      const u = req.url();
      let allowed = false;
      if (u.startsWith("data:") || u.startsWith("blob:") || u.startsWith("about:")) allowed = true;
      else if (u.startsWith("file:")) {
        let p = "";
        try { p = fileURLToPath(u.split("#")[0].split("?")[0]); } catch { p = ""; }
        const inside = (q) => [outRoot, outDir].some((r) => q === r || q.startsWith(r + path.sep));
        allowed = !!p && (inside(p) || (fs.existsSync(p) && inside(fs.realpathSync(p))));
        if (!allowed) add({ rule: "p2r-outside-output", impact: "serious", selector: u,
          help: "The page loads a file from outside the output folder (breaks when published)" });
      } else if (serverOrigin && (u === serverOrigin || u.startsWith(serverOrigin + "/"))) allowed = true;
      else add({ rule: "p2r-network-request", impact: "critical", selector: u,
        help: `The page requested a non-local URL (${req.resourceType()}); the book must work with no network` });
      if (allowed) req.continue(); else req.abort("blockedbyclient");
    });
    const badUrls = new Set();
    page.on("response", (res) => {
      const u = res.url();
      if (res.status() >= 400 && !u.endsWith("/favicon.ico")) {
        badUrls.add(u);
        add({ rule: "p2r-broken-resource", impact: "serious", selector: u, help: `HTTP ${res.status()} for a page resource` });
      }
    });
    page.on("requestfailed", (req) => {
      const u = req.url();
      const err = (req.failure() && req.failure().errorText) || "failed";
      if (err.includes("ERR_BLOCKED_BY_CLIENT") || u.endsWith("/favicon.ico") || badUrls.has(u)) return; // reported above
      add({ rule: "p2r-broken-resource", impact: "serious", selector: u, help: `Request failed: ${err}` });
    });
    page.on("console", (msg) => {
      const text = msg.text();
      if (msg.type() === "error") {
        // "Failed to load resource" always comes with a request event, reported above as
        // p2r-network-request or p2r-broken-resource.
        if (/^Failed to load resource/.test(text)) return;
        add({ rule: "p2r-console-error", impact: "serious", selector: (msg.location() || {}).url || "",
          help: `Console error: ${text}` });
      } else if (msg.type() === "warn" || msg.type() === "warning") {
        notes.consoleWarnings.push(text.slice(0, 300));
      }
    });
    page.on("pageerror", (err) => add({ rule: "p2r-page-error", impact: "serious", selector: "",
      help: `Uncaught exception: ${err && err.message ? err.message : err}` }));
    const cdp = await page.createCDPSession();
    await cdp.send("Network.enable");
    cdp.on("Network.webSocketCreated", (e) => {
      if (!serverOrigin || !e.url.startsWith(serverOrigin.replace(/^http/, "ws"))) {
        add({ rule: "p2r-network-request", impact: "critical", selector: e.url, help: "The page opened a WebSocket" });
      }
    });

    await page.goto(url, { waitUntil: "load", timeout: 60000 });
    // Wait for p2r.js to draw the interactive charts (or give up after the timeout).
    const charts = await page.waitForFunction(
      () => document.documentElement.hasAttribute("data-p2r-charts") ||
        document.querySelectorAll(".vega-chart img").length === 0,
      { timeout: opts.chartTimeout, polling: 100 },
    ).then(() => "ok", () => "timeout");
    const chartState = await page.evaluate(() => ({
      total: document.querySelectorAll(".vega-chart").length,
      drawn: document.querySelectorAll(".vega-chart svg, .vega-chart canvas").length,
      staticLeft: Array.from(document.querySelectorAll(".vega-chart")).filter((c) => c.querySelector("img"))
        .map((c) => c.getAttribute("data-spec")),
    }));
    if (charts === "timeout" || chartState.staticLeft.length) {
      for (const spec of chartState.staticLeft) {
        add({ rule: "p2r-chart-not-drawn", impact: "serious", selector: `.vega-chart[data-spec="${spec}"]`,
          help: `The interactive chart was not drawn${charts === "timeout" ? ` within ${opts.chartTimeout} ms` : ""}` });
      }
    }
    await page.evaluate(CSS_PATH_SRC);

    // 1. axe-core, WCAG 2.2 A/AA.
    await page.evaluate(axeSource);
    const axe = await runAxe(page, AXE_TAGS, opts.experimental);
    ctx.rulesRun.push(...axe.rulesRun);
    const addAxe = (res, suffix) => {
      for (const v of res.violations) {
        for (const n of v.nodes) {
          add({ rule: v.id + suffix, impact: v.impact, selector: n.target, help: v.help, helpUrl: v.helpUrl, html: n.html,
            detail: n.summary });
        }
      }
      for (const v of res.incomplete) {
        for (const n of v.nodes) {
          notes.needsReview.push({ rule: v.id + suffix, selector: n.target, help: v.help, reason: n.reason });
        }
      }
    };
    addAxe(axe, "");
    if (opts.advisory && mode === "file") {
      // Best-practice rules: listed in the summary as advice, never a failure.
      const bp = await runAxe(page, ["best-practice"]);
      for (const v of bp.violations) {
        for (const n of v.nodes) notes.advisory.push({ rule: v.id, impact: v.impact, selector: n.target, help: v.help });
      }
    }

    // 2. lang and headings.
    const info = await page.evaluate(pageInfo);
    if (!info.lang || !info.lang.trim()) {
      add({ rule: "p2r-html-lang", impact: "serious", selector: "html", help: "<html> must have a lang attribute" });
    }
    for (const p of headingProblems(info)) add(p);

    // 3. Keyboard: Tab walk from the top of a fresh load.
    const steps = [];
    let first = null;
    const maxSteps = 2000;
    for (let i = 0; i < maxSteps; i++) {
      await page.keyboard.press("Tab");
      const s = await page.evaluate(focusStep);
      if (i === 0) first = s;
      if (s.repeat) break;
      if (s.none) { if (steps.length) break; else continue; }
      steps.push(s);
    }
    const skip = first && !first.none && !first.repeat ? first : null;
    const isSkip = skip && skip.tag === "a" && skip.href && skip.href.startsWith("#") && /skip/i.test(skip.text);
    if (!isSkip) {
      add({ rule: "p2r-skip-link-first", impact: "serious", selector: skip ? skip.selector : "body",
        help: `The first Tab must focus a skip link (got ${skip ? `${skip.tag} "${skip.text}"` : "nothing"})` });
    } else if (!(skip.rect.width > 0 && skip.rect.height > 0 && skip.inViewport && skip.visibility === "visible" &&
        Number(skip.opacity) > 0)) {
      add({ rule: "p2r-skip-link-visible", impact: "serious", selector: skip.selector,
        help: `The skip link must be visible when focused (rect ${JSON.stringify(skip.rect)}, visibility ${skip.visibility}, opacity ${skip.opacity})` });
    }
    const after = await page.evaluate(unfocusedStylesAndUnreached);
    steps.forEach((s, i) => {
      if (!hasIndicator(s.style, after.styles[s.index])) {
        add({ rule: "p2r-focus-visible", impact: "serious", selector: s.selector,
          help: `No visible focus indicator (focused outline ${s.style.outlineStyle} ${s.style.outlineWidth}, box-shadow ${s.style.boxShadow})` });
      }
      if (!s.inViewport || s.visibility !== "visible") {
        add({ rule: "p2r-focus-obscured", impact: "serious", selector: s.selector,
          help: `The focused element is not visible in the viewport (rect ${JSON.stringify(s.rect)})` });
      }
    });
    for (const sel of after.unreached) {
      add({ rule: "p2r-tab-unreachable", impact: "serious", selector: sel, help: "Focusable element never reached with Tab" });
    }

    // 4. Skip link works: activating it focuses its target, and the next Tab lands inside it.
    if (isSkip) {
      const target = skip.href.slice(1);
      await page.evaluate(() => { window.scrollTo(0, 0); });
      await page.focus(skip.selector);
      await page.keyboard.press("Enter");
      await new Promise((r) => setTimeout(r, 100));
      const res1 = await page.evaluate((id) => {
        const t = document.getElementById(id);
        const a = document.activeElement;
        return { exists: !!t, focusedTarget: !!t && (a === t || t.contains(a)), hash: location.hash,
          active: window.__p2rCssPath(a) };
      }, target);
      await page.keyboard.press("Tab");
      const res2 = await page.evaluate((id) => {
        const t = document.getElementById(id);
        const a = document.activeElement;
        return { inside: !!t && t.contains(a) && a !== t, active: window.__p2rCssPath(a) };
      }, target);
      if (!res1.exists || !res1.focusedTarget || !res2.inside) {
        add({ rule: "p2r-skip-link-works", impact: "serious", selector: skip.selector,
          help: `Activating the skip link must move focus to #${target} (target exists: ${res1.exists}, focus after Enter: ${res1.active}, after Tab: ${res2.active})` });
      }
    }

    // 5. The data tables behind the charts sit in closed <details>: open them all and run axe again.
    let opened = null;
    const nDetails = await page.evaluate(() => {
      const ds = Array.from(document.querySelectorAll("details:not([open])"));
      ds.forEach((d) => { d.open = true; });
      return ds.length;
    });
    if (nDetails) {
      opened = await runAxe(page, AXE_TAGS, opts.experimental);
      addAxe(opened, "@details-open");
    }

    // 6. Reflow (WCAG 1.4.10): at 320 CSS px wide (1280 px at 400% zoom) nothing but tables and
    // charts' own containers may scroll sideways, and axe must still pass.
    let narrow = null;
    if (opts.narrow && mode === "http") {
      await page.setViewport({ width: 320, height: 640 });
      await new Promise((r) => setTimeout(r, 150));
      narrow = await runAxe(page, AXE_TAGS, opts.experimental);
      addAxe(narrow, "@320px");
      const overflow = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= vw + 1) return null;
        const offenders = [];
        for (const el of document.body.querySelectorAll("*")) {
          const r = el.getBoundingClientRect();
          if (r.right <= vw + 1 || !el.checkVisibility()) continue;
          const p = el.parentElement;
          if (p && p !== document.body && p.getBoundingClientRect().right > vw + 1) continue;
          offenders.push(window.__p2rCssPath(el) + ` (right edge ${Math.round(r.right)} px)`);
          if (offenders.length >= 3) break;
        }
        return { scrollWidth: document.documentElement.scrollWidth, vw, offenders };
      });
      if (overflow) {
        add({ rule: "p2r-reflow@320px", impact: "serious", selector: overflow.offenders.join(", ") || "html",
          help: `At 320 px wide the page scrolls sideways (${overflow.scrollWidth} px of content)` });
      }
    }
    return { page: pageName, mode, url, problems, notes, charts: chartState, chartWait: charts,
      axe: { violations: axe.violations.length, incomplete: axe.incomplete.length, rulesApplied: axe.rulesApplied,
        inapplicableRules: axe.inapplicableRules, nodeResults: axe.nodeResults + (narrow ? narrow.nodeResults : 0) + (opened ? opened.nodeResults : 0),
        elements: axe.elements, narrowPass: !!narrow },
      headings: info.headings.length, tabStops: steps.length, ms: Date.now() - t0 };
  } finally {
    await page.close().catch(() => {});
  }
}

// ---------------------------------------------------------------- main
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const outDir = path.resolve(opts.dir);
  if (!fs.existsSync(outDir) || !fs.statSync(outDir).isDirectory()) usage(`not a folder: ${outDir}`);
  const pages = fs.readdirSync(outDir).filter((f) => f.endsWith(".html")).sort();
  if (!pages.length) usage(`no *.html pages in ${outDir}`);
  const chromium = findChromium(opts.chromium);
  if (!chromium.path) {
    console.error(`check.mjs: no Chromium found (tried ${chromium.tried.join(", ")}); set P2R_CHROMIUM`);
    process.exit(3);
  }
  let puppeteer;
  let axeSource;
  try {
    puppeteer = (await import("puppeteer-core")).default;
    axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf-8");
  } catch (e) {
    console.error(`check.mjs: node modules missing (${e.message}); run: npm ci --prefix tests/a11y`);
    process.exit(2);
  }
  const axeVersion = JSON.parse(fs.readFileSync(require.resolve("axe-core/package.json"), "utf-8")).version;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p2r-a11y-chromium-"));
  const server = await startServer(outDir);
  const serverOrigin = `http://127.0.0.1:${server.address().port}`;
  const args = ["--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
    "--no-default-browser-check", "--disable-domain-reliability", "--metrics-recording-only",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater",
    // Belt and braces: no host name resolves, so nothing could leave the machine even if a request slipped past.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--allow-file-access-from-files", `--user-data-dir=${userDataDir}`];
  if ((typeof process.getuid === "function" && process.getuid() === 0) || process.env.P2R_CHROMIUM_NO_SANDBOX === "1") {
    args.push("--no-sandbox");
  }
  let browser;
  const loads = [];
  let exitCode = 0;
  let summary;
  try {
    browser = await puppeteer.launch({ executablePath: chromium.path, headless: true, args, userDataDir,
      defaultViewport: null, pipe: true, protocolTimeout: 120000 });
    const browserVersion = await browser.version();
    const axeRules = await (async () => {
      const p = await browser.newPage();
      await p.evaluate(axeSource);
      const ids = await p.evaluate((tags) => window.axe.getRules(tags).map((r) => r.ruleId).sort(), AXE_TAGS);
      await p.close();
      return ids;
    })();
    const ctx = { browser, axeSource, opts, outDir, serverOrigin, rulesRun: [] };
    for (const name of pages) {
      for (const [mode, url] of [["file", pathToFileURL(path.join(outDir, name)).href], ["http", `${serverOrigin}/${name}`]]) {
        const r = await checkLoad(ctx, name, mode, url);
        loads.push(r);
        console.error(`${r.problems.length ? "FAIL" : "ok  "} ${mode.padEnd(4)} ${name}: ${r.problems.length} problem(s), ` +
          `charts ${r.charts.drawn}/${r.charts.total}, ${r.tabStops} tab stops, ${r.ms} ms`);
      }
    }
    const problems = loads.flatMap((l) => l.problems);
    const needsReview = loads.flatMap((l) => l.notes.needsReview.map((n) => ({ page: l.page, mode: l.mode, ...n })));
    const warnings = loads.flatMap((l) => l.notes.consoleWarnings.map((w) => ({ page: l.page, mode: l.mode, text: w })));
    summary = {
      ok: problems.length === 0,
      outputDir: outDir,
      browser: browserVersion,
      chromium: chromium.path,
      axeCore: axeVersion,
      axeTags: AXE_TAGS,
      axeRules: [...new Set(ctx.rulesRun)].sort(),
      axeRulesTaggedButNotRun: axeRules.filter((r) => !ctx.rulesRun.includes(r)),
      pages: pages.length,
      loads: loads.length,
      elementsInPages: loads.reduce((a, l) => a + l.axe.elements, 0),
      axeNodeResults: loads.reduce((a, l) => a + l.axe.nodeResults, 0),
      chartsDrawn: loads.reduce((a, l) => a + l.charts.drawn, 0),
      chartsTotal: loads.reduce((a, l) => a + l.charts.total, 0),
      tabStops: loads.reduce((a, l) => a + l.tabStops, 0),
      seconds: Math.round((Date.now() - started) / 100) / 10,
      violationCount: problems.length,
      violations: problems,
      needsReview,
      consoleWarnings: warnings,
      advisory: loads.flatMap((l) => l.notes.advisory.map((n) => ({ page: l.page, ...n }))),
      perLoad: loads.map((l) => ({ page: l.page, mode: l.mode, problems: l.problems.length, axe: l.axe,
        headings: l.headings, tabStops: l.tabStops, charts: l.charts, ms: l.ms })),
    };
    for (const p of problems) {
      console.error(`VIOLATION ${p.page} [${p.mode}] ${p.rule} (${p.impact}) at ${p.selector}: ${p.help}` +
        (p.detail ? `\n    ${p.detail.replace(/\n/g, "\n    ")}` : ""));
    }
    exitCode = problems.length ? 1 : 0;
  } catch (e) {
    console.error(`check.mjs: run error: ${e && e.stack ? e.stack : e}`);
    exitCode = 2;
  } finally {
    if (browser) await browser.close().catch(() => {});
    await new Promise((r) => { server.close(() => r()); server.closeAllConnections(); });
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  if (summary) {
    const text = JSON.stringify(summary, null, 2);
    if (opts.json) fs.writeFileSync(opts.json, text + "\n");
    process.stdout.write(text + "\n");
    console.error(`${summary.ok ? "PASS" : "FAIL"}: ${summary.violationCount} violation(s) on ${summary.pages} pages ` +
      `x 2 modes; axe-core ${summary.axeCore}, ${summary.axeRules.length} rules run (${AXE_TAGS.join(",")}); ` +
      `${summary.axeNodeResults} node results over ${summary.elementsInPages} elements; ${summary.seconds} s`);
  }
  process.exit(exitCode);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}
