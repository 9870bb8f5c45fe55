// What the browser checks share: one line per check and the closing count, Debian's Chromium
// launched for playwright-core, and axe-core's WCAG 2.1 A/AA verdict on a page.
import { chromium } from "playwright-core";
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// A tally of checks whose lines start with `prefix`.
export function tally(prefix = "") {
  let passed = 0;
  let failed = 0;
  return {
    report(ok, what, detail = "") {
      if (ok) passed++;
      else failed++;
      console.log(`${ok ? "ok  " : "FAIL"} ${prefix}${what}${detail ? `\n     ${detail}` : ""}`);
    },
    /// Prints the count and exits 0 when nothing failed.
    finish() {
      console.log(`\n${passed} passed, ${failed} failed`);
      process.exit(failed === 0 ? 0 : 1);
    },
  };
}

// Debian's Chromium (or $CHROMIUM), headless, with nothing reaching outside.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// axe-core's WCAG 2.1 A and AA violations on the page, one line each.
export async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
  });
}
