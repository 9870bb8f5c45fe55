// Real-browser checks of a built uslugi site, in Debian's Chromium driven by playwright-core.
//
//   node run.mjs PUBLIC_DIR [BASE_PATH] [SCREENSHOT_DIR] [PLAIN_DIR]
//
// Serves PUBLIC_DIR on a free loopback port under BASE_PATH (default "/"), then for every
// page: axe-core with the WCAG 2.1 A/AA tags must find no violation; at 360 and 1280 px wide
// nothing may overflow horizontally (a screenshot of each is kept); the Nu HTML Checker must
// report no error. The low-vision control is driven with the keyboard: it must change the
// computed styles, keep the choice on the next page, and the site must work without
// JavaScript. With PLAIN_DIR (the same site built without minifying; PUBLIC_DIR is minified),
// every page must read the same both ways: the tab title, the description and Open Graph
// tags, the alt, aria-label and title attributes and the rendered text (innerText). Prints one line
// per check and closes with "N passed, M failed".
import { chromium } from "playwright-core";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const [publicDir, basePathArg = "/", shotDir = path.join(process.cwd(), "screenshots"), plainDir] = process.argv.slice(2);
if (!publicDir) {
  console.error("usage: node run.mjs PUBLIC_DIR [BASE_PATH] [SCREENSHOT_DIR]");
  process.exit(2);
}
const basePath = basePathArg.endsWith("/") ? basePathArg : basePathArg + "/";
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8", ".png": "image/png", ".webp": "image/webp", ".jpg": "image/jpeg" };

let passed = 0;
let failed = 0;
function report(ok, what, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${detail ? `\n     ${detail}` : ""}`);
}

// Fragments made for pasting into other sites are not pages: the snippets under _snippets/
// (but their index page is) and the body-only pages under _fragments/.
const isFragment = (rel) => rel.startsWith("_fragments/") || (rel.startsWith("_snippets/") && !rel.endsWith("index.html"));

// Every HTML page, as [URL path, file path relative to the output].
function pageFiles(dir, rel = "") {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...pageFiles(dir, r));
    else if (entry.name.endsWith(".html") && !isFragment(r)) out.push([basePath + (entry.name === "index.html" ? (rel ? rel + "/" : "") : r), r]);
  }
  return out.sort();
}
const pages = () => pageFiles(publicDir).map(([url]) => url);

// Serves `root` under basePath on a free loopback port; resolves to [server, origin].
const serve = (root) => new Promise((resolve) => {
  const s = http.createServer(handler(root));
  s.listen(0, "127.0.0.1", () => resolve([s, `http://127.0.0.1:${s.address().port}`]));
});
const handler = (publicDir) => (req, res) => {
  const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let rel = url.startsWith(basePath) ? url.slice(basePath.length) : null;
  if (rel === null || rel.split("/").includes("..")) {
    res.writeHead(404).end();
    return;
  }
  if (rel === "" || rel.endsWith("/")) rel += "index.html";
  const file = path.join(publicDir, rel);
  fs.readFile(file, (err, data) => {
    if (err) {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(fs.existsSync(path.join(publicDir, "404.html")) ? fs.readFileSync(path.join(publicDir, "404.html")) : "");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(data);
  });
};
const [server, origin] = await serve(publicDir);
const [plainServer, plainOrigin] = plainDir ? await serve(plainDir) : [null, null];
fs.mkdirSync(shotDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const overflow = () => document.documentElement.scrollWidth - window.innerWidth;

try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const plain = await context.newPage();
  for (const url of pages()) {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(origin + url, { waitUntil: "load" });
      const over = await page.evaluate(overflow);
      report(over <= 1, `${url} @${width}px: no horizontal overflow`, over > 1 ? `content is ${over}px wider than the viewport` : "");
      await page.screenshot({ path: path.join(shotDir, `${url.replace(/[^a-z0-9]+/gi, "_") || "home"}-${width}.png`), fullPage: true });
      if (!isFragment(url.slice(basePath.length)) && !url.includes("_snippets")) {
        // The menu: collapsed behind its button on phones, always open on wide screens.
        const menu = await page.evaluate(() => {
          const nav = document.querySelector(".site-nav");
          if (!nav) return null;
          const link = nav.querySelector("ul a");
          const summary = nav.querySelector("summary");
          const shown = (el) => !!el && el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true });
          return { link: shown(link), summary: shown(summary) };
        });
        if (menu) {
          const ok = width === 360 ? !menu.link && menu.summary : menu.link && !menu.summary;
          report(ok, `${url} @${width}px: ${width === 360 ? "the sections collapse behind the «Разделы» button" : "the sections are shown, no menu button"}`, JSON.stringify(menu));
        }
        if (width === 360) {
          // On a 360×640 phone the page's heading is on the first screen.
          await page.setViewportSize({ width: 360, height: 640 });
          const top = await page.evaluate(() => { const h = document.querySelector("main h1"); return h ? h.getBoundingClientRect().top : null; });
          if (top !== null) report(top >= 0 && top < 600, `${url} @360×640: the h1 is on the first screen`, `h1 starts at ${Math.round(top)}px`);
          await page.screenshot({ path: path.join(shotDir, `${url.replace(/[^a-z0-9]+/gi, "_") || "home"}-360x640.png`) });
          await page.setViewportSize({ width, height: 900 });
        }
      }
      if (width === 1280) {
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
          return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
        });
        report(violations.length === 0, `${url}: axe-core WCAG 2.1 AA`, violations.join("\n     "));
        if (plainOrigin) {
          const read = () => ({
            title: document.title,
            meta: [...document.querySelectorAll('meta[name="description"], meta[property^="og:"]')].map((m) => `${m.getAttribute("name") || m.getAttribute("property")}=${m.content}`),
            attributes: [...document.querySelectorAll("[alt], [aria-label], [title]")].flatMap((e) => ["alt", "aria-label", "title"].filter((a) => e.hasAttribute(a)).map((a) => `${e.tagName}.${a}=${e.getAttribute(a)}`)),
            text: document.body.innerText,
          });
          const min = await page.evaluate(read);
          await plain.setViewportSize({ width, height: 900 });
          await plain.goto(plainOrigin + url, { waitUntil: "load" });
          const orig = await plain.evaluate(read);
          for (const key of ["title", "meta", "attributes", "text"]) {
            const a = JSON.stringify(min[key]);
            const b = JSON.stringify(orig[key]);
            const at = [...a].findIndex((c, i) => c !== [...b][i]);
            report(a === b, `${url}: minified page has the same ${key} as unminified`, a === b ? "" : `first difference at ${at}: ${a.slice(Math.max(0, at - 40), at + 40)} vs ${b.slice(Math.max(0, at - 40), at + 40)}`);
          }
          report(orig.title.includes(" ") && !/[а-яё][А-ЯЁ]/.test(orig.title), `${url}: the tab title keeps its spaces`, orig.title);
        }
      }
    }
  }

  // The low-vision control, with the keyboard only.
  const home = origin + basePath;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(home, { waitUntil: "load" });
  await page.evaluate(() => localStorage.clear());
  await page.reload({ waitUntil: "load" });
  const style = () => {
    const b = getComputedStyle(document.body);
    return { font: parseFloat(b.fontSize), bg: b.backgroundColor, spacing: b.letterSpacing, img: document.querySelector("main img") ? getComputedStyle(document.querySelector("main img")).display : "none" };
  };
  const before = await page.evaluate(style);
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.classList.contains("a11y-toggle"));
  }
  report(reached, "low-vision control is reachable with Tab");
  await page.keyboard.press("Enter");
  report(await page.isVisible("#a11y-panel"), "Enter opens the low-vision panel");
  const press = async (set, value) => {
    await page.focus(`[data-a11y-set="${set}"][data-a11y-value="${value}"]`);
    await page.keyboard.press("Enter");
  };
  await press("font", "3");
  await press("scheme", "wb");
  await press("spacing", "2");
  await press("images", "off");
  const after = await page.evaluate(style);
  report(after.font >= before.font * 1.4, "largest font step enlarges the text", `${before.font}px → ${after.font}px`);
  report(after.bg === "rgb(0, 0, 0)" && before.bg !== after.bg, "white-on-black scheme changes the colours", `${before.bg} → ${after.bg}`);
  report(after.spacing !== before.spacing, "letter spacing changes", `${before.spacing} → ${after.spacing}`);
  report(after.img === "none" && before.img !== "none", "images can be hidden");
  const pressed = await page.getAttribute('[data-a11y-set="font"][data-a11y-value="3"]', "aria-pressed");
  report(pressed === "true", "the chosen button is announced as pressed");
  await page.setViewportSize({ width: 360, height: 900 });
  const bigOver = await page.evaluate(overflow);
  report(bigOver <= 1, "at 360px with the largest font nothing overflows", bigOver > 1 ? `${bigOver}px` : "");
  await page.screenshot({ path: path.join(shotDir, "low-vision-360.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(home + "faq/", { waitUntil: "load" });
  const next = await page.evaluate(style);
  report(next.font === after.font && next.bg === after.bg, "the setting persists on the next page", `${next.font}px ${next.bg}`);
  await page.screenshot({ path: path.join(shotDir, "low-vision-faq-1280.png") });
  await page.click(".a11y-toggle");
  await page.click("[data-a11y-reset]");
  const reset = await page.evaluate(style);
  report(reset.font === before.font && reset.bg === before.bg, "«Обычная версия сайта» restores the normal look");
  await context.close();

  // The phone menu, with the keyboard only, in the low-vision mode (white on black, largest font).
  {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 } });
    const p = await ctx.newPage();
    await p.goto(home, { waitUntil: "load" });
    await p.evaluate(() => localStorage.setItem("uslugi-a11y", JSON.stringify({ font: "3", scheme: "wb" })));
    await p.reload({ waitUntil: "load" });
    let onSummary = false;
    for (let i = 0; i < 30 && !onSummary; i++) {
      await p.keyboard.press("Tab");
      onSummary = await p.evaluate(() => document.activeElement?.tagName === "SUMMARY");
    }
    report(onSummary, "low-vision mode @360px: the «Разделы» button is reachable with Tab");
    const firstLink = '.site-nav ul a';
    report(!(await p.isVisible(firstLink)), "low-vision mode @360px: the sections start collapsed");
    await p.keyboard.press("Enter");
    report(await p.isVisible(firstLink), "low-vision mode @360px: Enter opens the sections");
    const expanded = await p.evaluate(() => document.querySelector(".site-menu").open);
    report(expanded, "the open state is the <details> element's own (announced by screen readers)");
    await p.screenshot({ path: path.join(shotDir, "menu-open-low-vision-360.png") });
    await p.keyboard.press("Enter");
    report(!(await p.isVisible(firstLink)), "low-vision mode @360px: Enter closes them again");
    await ctx.close();
  }

  // The registration memo on an A4 stand: one page, a QR code of at least 30 mm beside the
  // steps, text of at least 14 pt.
  {
    const memoFile = pageFiles(publicDir).find(([, rel]) => rel.endsWith("pamyatka/index.html"));
    if (memoFile) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(origin + memoFile[0], { waitUntil: "load" });
      await p.emulateMedia({ media: "print" });
      const m = await p.evaluate(() => {
        const mm = (px) => (px * 25.4) / 96;
        const qr = document.querySelector(".memo-qr svg").getBoundingClientRect();
        const steps = document.querySelector(".memo-steps ol").getBoundingClientRect();
        const pt = (el) => (parseFloat(getComputedStyle(el).fontSize) * 72) / 96;
        const body = [...document.querySelectorAll(".memo li, .memo-steps ol")].map(pt);
        return { qr: mm(Math.min(qr.width, qr.height)), beside: qr.left >= steps.right - 1 && qr.top < steps.bottom && qr.bottom > steps.top, minPt: Math.min(...body) };
      });
      report(m.qr >= 30, "memo: the QR code is at least 30 mm when printed", `${m.qr.toFixed(1)} mm`);
      report(m.beside, "memo: the QR code sits beside the steps");
      report(m.minPt >= 14, "memo: body text is at least 14 pt when printed", `${m.minPt} pt`);
      const pdf = await p.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
      const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
      report(pages === 1, "memo: prints on one A4 page", `${pages} pages`);
      fs.writeFileSync(path.join(shotDir, "memo.pdf"), pdf);
      await ctx.close();
    } else {
      report(false, "memo: the example site has a printable memo");
    }
  }

  // Without JavaScript: the control stays out of the way and the page works.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await nojs.newPage();
  await p2.setViewportSize({ width: 360, height: 900 });
  await p2.goto(home, { waitUntil: "load" });
  report(!(await p2.isVisible(".a11y-toggle")) && (await p2.isVisible("main h1")), "without JavaScript the page is usable and the control hidden");
  report((await p2.evaluate(overflow)) <= 1, "without JavaScript nothing overflows at 360px");
  await nojs.close();
} finally {
  await browser.close();
  server.close();
  plainServer?.close();
}

// The Nu HTML Checker over every page.
const vnuFiles = pageFiles(publicDir).map(([, rel]) => path.join(publicDir, rel));
const vnu = spawnSync("java", ["-jar", String(require("vnu-jar")), "--errors-only", ...vnuFiles], { encoding: "utf8" });
if (vnu.error) report(false, "Nu HTML Checker", `cannot run java: ${vnu.error.message}`);
else report(vnu.status === 0, "Nu HTML Checker: no errors in any page", (vnu.stderr || vnu.stdout).trim().split("\n").slice(0, 15).join("\n     "));

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
