#!/usr/bin/env node
// The scenario explorer works from disk with the network cut: move its controls with the keyboard
// and read the result line the page shows.
//
//   node tests/a11y/explorer.mjs PAGE.html CHROMIUM
//
// Prints one JSON object: {before, afterEntry, afterYear, controls, requests}: the result line at load,
// after pressing ArrowLeft six times on the entry slider, and after choosing another first year;
// the labelled controls found; and any request that tried to leave file://.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import os from "node:os";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const puppeteer = require("puppeteer-core");
const [page, chromium] = process.argv.slice(2);
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p2r-explorer-"));
const args = ["--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND",
  "--allow-file-access-from-files", `--user-data-dir=${userDataDir}`];
if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--no-sandbox");
const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args, userDataDir, pipe: true });
const requests = [];
try {
  const p = await browser.newPage();
  await p.setRequestInterception(true);
  p.on("request", (r) => {
    const u = r.url();
    if (u.startsWith("file:") || u.startsWith("data:") || u.startsWith("blob:")) { r.continue(); }
    else { requests.push(u); r.abort(); }
  });
  await p.goto(pathToFileURL(page).href, { waitUntil: "load" });
  await p.waitForFunction(() => document.documentElement.getAttribute("data-p2r-charts") === "done", { timeout: 60000 });
  const status = async () => p.$eval(".explorer-status", (n) => n.textContent);
  const before = await status();
  const controls = await p.$$eval(".vega-controls input, .vega-controls select", (els) =>
    els.map((e) => ({ tag: e.tagName.toLowerCase(), type: e.type || "", label: (e.closest("label") || {}).textContent || "" })));
  const slider = await p.$(".vega-controls input[type=range]");
  await slider.focus();
  for (let i = 0; i < 6; i++) { await p.keyboard.press("ArrowLeft"); }
  await new Promise((r) => setTimeout(r, 500));
  const afterEntry = await status();
  const select = await p.$(".vega-controls select");
  const options = await p.$$eval(".vega-controls select option", (os) => os.map((o) => o.value));
  await select.select(options[0]);
  await new Promise((r) => setTimeout(r, 500));
  const afterYear = await status();
  console.log(JSON.stringify({ before, afterEntry, afterYear, controls, requests }));
} finally {
  await browser.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
