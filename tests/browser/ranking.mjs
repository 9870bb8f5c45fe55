// The HTML ranking with a history, in Debian's Chromium driven by playwright-core:
//
//   node ranking.mjs RANKING.html [SCREENSHOT_DIR]
//
// At 1280 px: the page itself never scrolls sideways (the wide table scrolls in its own box,
// with the site column fixed), the change column and a line per site are there, the region's
// chart has its title, description and table, and axe-core (WCAG 2.1 AA) finds nothing.
// Printed to A4 landscape: the whole table fits the page width. Screenshots and the PDF are
// kept. Prints one line per check, then "N passed, M failed".
import { axe, launch, tally } from "./checks.mjs";
import fs from "node:fs";
import path from "node:path";

const [file, shotDir = path.join(process.cwd(), "screenshots")] = process.argv.slice(2);
if (!file) {
  console.error("usage: node ranking.mjs RANKING.html [SCREENSHOT_DIR]");
  process.exit(2);
}
fs.mkdirSync(shotDir, { recursive: true });
const { report, finish } = tally("ranking: ");
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("file://" + path.resolve(file), { waitUntil: "load" });
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  report(over <= 1, "@1280px the page does not scroll sideways", `${over}px`);
  const box = await page.evaluate(() => {
    const b = document.querySelector(".table-scroll");
    const site = document.querySelector(".sites tbody td:nth-child(2)");
    return { scrolls: b.scrollWidth > b.clientWidth, overflow: getComputedStyle(b).overflowX, sticky: getComputedStyle(site).position };
  });
  report(box.overflow === "auto" && box.sticky === "sticky", "the table scrolls in its own box with the site column fixed", JSON.stringify(box));
  const t = await page.evaluate(() => ({
    change: [...document.querySelectorAll(".sites thead th")].some((th) => th.textContent.includes("Изменение с прошлой проверки")),
    sparks: [...document.querySelectorAll(".sites svg.spark")].map((s) => s.getAttribute("aria-label")),
    rows: document.querySelectorAll(".sites tbody tr").length,
    chart: !!document.querySelector(".trend svg[role=img] title") && !!document.querySelector(".trend svg desc"),
    figures: document.querySelectorAll(".trend table tbody tr").length,
  }));
  report(t.change, "the change since the last check is a column");
  report(t.sparks.length === t.rows && t.sparks.every((l) => l.startsWith("Балл по проверкам: ")), "each site has its line, said in words", t.sparks[0]);
  report(t.chart && t.figures >= 2, "the region's chart has a title, a description and its figures in a table", `${t.figures} rows`);
  await page.screenshot({ path: path.join(shotDir, "ranking-1280.png"), fullPage: true });
  const v = await axe(page);
  report(v.length === 0, "axe-core WCAG 2.1 AA", v.join("\n     "));
  await page.emulateMedia({ media: "print" });
  // A4 landscape less 10 mm margins: 277 mm at 96 px per inch.
  const printable = (277 / 25.4) * 96;
  await page.setViewportSize({ width: Math.floor(printable), height: 700 });
  const width = await page.evaluate(() => document.querySelector(".sites").getBoundingClientRect().width);
  report(width <= printable + 1, "printed on A4 landscape, the whole table fits the page width", `${Math.round(width)}px of ${Math.round(printable)}px`);
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  fs.writeFileSync(path.join(shotDir, "ranking.pdf"), pdf);
  const size = pdf.toString("latin1").match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)/);
  report(!!size && Number(size[1]) > Number(size[2]), "the PDF pages are landscape", size ? `${size[1]}×${size[2]} pt` : "no MediaBox");
} finally {
  await browser.close();
}
finish();
