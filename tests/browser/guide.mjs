// The guide as readers get it — built by mdBook into local HTML, opened from disk as the
// packages install it — in Debian's Chromium driven by playwright-core:
//
//   node guide.mjs GUIDE_DIR [SCREENSHOT_DIR]
//
// Every chapter at 360 and 1280 px: nothing scrolls sideways, every picture loads, nothing is
// requested from another host, and the text is Russian (`lang="ru"`). The start page and the
// publishing chapter are kept as screenshots at both widths. Prints one line per check, then
// "N passed, M failed".
import { launch, tally } from "./checks.mjs";
import fs from "node:fs";
import path from "node:path";

const [dir, shotDir = path.join(process.cwd(), "screenshots")] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node guide.mjs GUIDE_DIR [SCREENSHOT_DIR]");
  process.exit(2);
}
fs.mkdirSync(shotDir, { recursive: true });
const { report, finish } = tally("guide: ");
const chapters = ["index", "quick-start", "materials", "banners", "centres", "publishing", "audit", "low-vision", "troubleshooting"];
const browser = await launch();
try {
  const page = await browser.newPage();
  const outside = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("file://") && !r.url().startsWith("data:")) outside.push(r.url());
  });
  for (const name of chapters) {
    const file = path.resolve(dir, `${name}.html`);
    report(fs.existsSync(file), `${name}.html was built`);
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto("file://" + file, { waitUntil: "load" });
      const s = await page.evaluate(() => ({
        over: document.documentElement.scrollWidth - window.innerWidth,
        lang: document.documentElement.lang,
        broken: [...document.querySelectorAll("main img")].filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.getAttribute("src")),
        h1: document.querySelector("main h1")?.textContent ?? "",
      }));
      report(s.over <= 1, `${name} @${width}px: nothing scrolls sideways`, s.over > 1 ? `${s.over}px` : "");
      report(s.broken.length === 0, `${name} @${width}px: every picture loads`, s.broken.join(", "));
      if (width === 1280) report(s.lang === "ru" && /[а-яё]/i.test(s.h1), `${name}: in Russian`, `${s.lang} «${s.h1}»`);
      if (name === "index" || name === "publishing") {
        await page.screenshot({ path: path.join(shotDir, `guide-${name}-${width}.png`) });
      }
    }
  }
  report(outside.length === 0, "nothing is requested from another host", outside.slice(0, 3).join(", "));
} finally {
  await browser.close();
}
finish();
