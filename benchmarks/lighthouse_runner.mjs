// Lighthouse 12.2.3 through its Node API, one Chrome kept open for every run.
//
// Started by benchmarks/bench_site.py (`node benchmarks/lighthouse_runner.mjs`): it reads
// one JSON request a line on stdin, {"url", "preset": "mobile"|"desktop", "accessibility"},
// and answers one JSON line: the scores, the metrics and the diagnostics that say where
// the time goes. Launching Chrome once (and Lighthouse in-process) instead of the CLI per
// run, skipping the screenshot audits and asking for accessibility only when told, is what
// lets `make bench` measure every page three times in both presets within minutes.
import readline from "node:readline";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const SKIPPED = ["screenshot-thumbnails", "final-screenshot", "full-page-screenshot",
  "bf-cache", "valid-source-maps", "script-treemap-data"];

function numeric(audits, id) {
  return audits[id] ? audits[id].numericValue ?? null : null;
}

function summary(lhr, accessibility) {
  const audits = lhr.audits;
  const breakdown = {};
  for (const item of audits["mainthread-work-breakdown"]?.details?.items ?? []) {
    breakdown[item.group] = Math.round(item.duration);
  }
  // A list of tables; the first table's first row is the element.
  const lcpTable = audits["largest-contentful-paint-element"]?.details?.items?.[0];
  const lcpNode = lcpTable?.items?.[0]?.node;
  const wasted = (id) => (audits[id]?.details?.items ?? []).map((item) => ({
    url: item.url, bytes: item.wastedBytes ?? item.totalBytes ?? null,
    ms: item.wastedMs ?? null,
  }));
  const requests = (audits["network-requests"]?.details?.items ?? [])
    .filter((item) => item.finished !== false)
    .map((item) => ({ url: item.url, type: item.resourceType, bytes: item.transferSize }));
  const result = {
    url: lhr.finalDisplayedUrl,
    performance: Math.round(lhr.categories.performance.score * 100),
    metrics: {
      fcp: numeric(audits, "first-contentful-paint"),
      lcp: numeric(audits, "largest-contentful-paint"),
      tbt: numeric(audits, "total-blocking-time"),
      cls: numeric(audits, "cumulative-layout-shift"),
      si: numeric(audits, "speed-index"),
    },
    dom: numeric(audits, "dom-size"),
    mainthread: breakdown,
    mainthreadTotal: numeric(audits, "mainthread-work-breakdown"),
    bytes: numeric(audits, "total-byte-weight"),
    lcpElement: lcpNode ? (lcpNode.selector || lcpNode.snippet) : null,
    renderBlocking: wasted("render-blocking-resources"),
    unusedCss: wasted("unused-css-rules"),
    requests,
  };
  if (accessibility) {
    const category = lhr.categories.accessibility;
    result.accessibility = Math.round(category.score * 100);
    result.failedAccessibility = category.auditRefs
      .filter((ref) => ref.weight && (audits[ref.id].score ?? 0) < 1).map((ref) => ref.id);
  }
  return result;
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { url, preset, accessibility } = JSON.parse(line);
  let answer;
  const started = Date.now();
  try {
    const flags = {
      port: chrome.port, output: "json", logLevel: "error",
      onlyCategories: accessibility ? ["performance", "accessibility"] : ["performance"],
      skipAudits: SKIPPED,
      disableFullPageScreenshot: true, // an artifact, gathered even when its audit is skipped
      skipAboutBlank: true,
    };
    const run = await lighthouse(url, flags, preset === "desktop" ? desktopConfig : undefined);
    answer = { ...summary(run.lhr, accessibility), seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    answer = { url, error: String(error && error.stack || error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
await chrome.kill();
