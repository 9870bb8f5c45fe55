// The preview as an editor uses it, in Debian's Chromium driven by playwright-core:
//
//   node preview.mjs ORIGIN SITE_DIR [SCREENSHOT_DIR]
//
// ORIGIN is a running `uslugi serve` of the fresh `uslugi init` site in SITE_DIR. The to-do
// list at /_uslugi/check, at 360 and 1280 px: missing materials before partial ones, passes
// folded, every item a few lines tall, nothing wider than the screen, links that stay on the
// preview, axe-core (WCAG 2.1 AA) finding nothing. The status link on a page: in the corner,
// reached with Tab, leading to the list, accessible. Then the starter line of
// content/centres.md is removed, and the open page's status link must change by itself.
// Screenshots of each are kept. Prints one line per check, then "N passed, M failed".
import { axe, launch, tally } from "./checks.mjs";
import fs from "node:fs";
import path from "node:path";

const [origin, siteDir, shotDir = path.join(process.cwd(), "screenshots")] = process.argv.slice(2);
if (!origin || !siteDir) {
  console.error("usage: node preview.mjs ORIGIN SITE_DIR [SCREENSHOT_DIR]");
  process.exit(2);
}
fs.mkdirSync(shotDir, { recursive: true });
const { report, finish } = tally("preview: ");
const overflow = () => document.documentElement.scrollWidth - window.innerWidth;
// At most this tall, in px, for one to-do item: a handful of lines of text at either width.
const TALLEST = { 1280: 320, 360: 640 };

const browser = await launch();
try {
  const page = await browser.newPage();
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(origin + "/_uslugi/check", { waitUntil: "load" });
    const todo = await page.evaluate(() => ({
      items: [...document.querySelectorAll(".todo > li")].map((li) => ({
        outcome: li.classList.contains("missing") ? "missing" : li.classList.contains("partial") ? "partial" : "?",
        height: Math.round(li.getBoundingClientRect().height),
        where: li.querySelector(".where")?.innerText || "",
        links: [...li.querySelectorAll(".sev a")].map((a) => a.href),
        source: !!li.querySelector("details summary"),
      })),
      doneOpen: document.querySelector("details.done")?.open,
      doneCount: document.querySelectorAll("details.done li").length,
    }));
    const order = todo.items.map((i) => i.outcome).join(",");
    report(todo.items.length >= 1 && /^(missing,)*(partial,?)*$/.test(order + ","), `@${width}px: missing materials come before partial ones`, order);
    report(todo.items.every((i) => i.where.includes("строка") || i.where.includes("Создайте")), `@${width}px: every item names its file and line`, todo.items.map((i) => i.where).join(" | "));
    report(todo.items.every((i) => i.source), `@${width}px: every item folds its source under <details>`);
    report(todo.items.flatMap((i) => i.links).every((h) => h.startsWith(origin + "/")), `@${width}px: page links stay on the preview`, todo.items.flatMap((i) => i.links).join(" "));
    const tallest = Math.max(...todo.items.map((i) => i.height));
    report(tallest <= TALLEST[width], `@${width}px: every item is a few lines tall`, `tallest ${tallest}px`);
    report(todo.doneOpen === false && todo.doneCount > 0, `@${width}px: the ${todo.doneCount} passes are folded below`);
    const over = await page.evaluate(overflow);
    report(over <= 1, `@${width}px: no horizontal scrolling`, over > 1 ? `${over}px too wide` : "");
    await page.screenshot({ path: path.join(shotDir, `preview-todo-${width}.png`), fullPage: true });
    if (width === 1280) {
      const v = await axe(page);
      report(v.length === 0, "the to-do list: axe-core WCAG 2.1 AA", v.join("\n     "));
    }
  }

  // The status link on a page of the site.
  const home = await browser.newPage();
  await home.setViewportSize({ width: 1280, height: 800 });
  await home.goto(origin + "/", { waitUntil: "load" });
  const badge = "#uslugi-status a";
  const box = await home.locator(badge).boundingBox();
  report(!!box && box.x + box.width <= 1280 && box.y + box.height <= 800 && box.x > 640 && box.y > 400, "the status link sits in the bottom right corner", JSON.stringify(box));
  const first = await home.locator(badge).innerText();
  report(/^Не хватает ключевых материалов: \d+ →$/.test(first), "the status link says how many key materials are missing", first);
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await home.keyboard.press("Tab");
    reached = await home.evaluate(() => document.activeElement?.closest("#uslugi-status") !== null);
  }
  report(reached, "the status link is reached with Tab");
  await home.screenshot({ path: path.join(shotDir, "preview-status-1280.png") });
  const v = await axe(home);
  report(v.length === 0, "a page with the status link: axe-core WCAG 2.1 AA", v.join("\n     "));
  await home.setViewportSize({ width: 360, height: 640 });
  report((await home.evaluate(overflow)) <= 1, "@360px the status link makes nothing overflow");
  await home.screenshot({ path: path.join(shotDir, "preview-status-360.png") });
  await home.setViewportSize({ width: 1280, height: 800 });

  // The editor removes the starter line; the open page follows by itself.
  const centres = path.join(siteDir, "content/centres.md");
  const text = fs.readFileSync(centres, "utf8");
  fs.writeFileSync(centres, text.split("\n").filter((l) => !l.includes("[Заполните")).join("\n"));
  const before = Number(first.match(/\d+/)[0]);
  let now = first;
  for (let i = 0; i < 100 && now === first; i++) {
    await home.waitForTimeout(200);
    now = (await home.locator(badge).innerText().catch(() => first)) || first;
  }
  report(now.includes(`: ${before - 1} →`) || (before === 1 && !now.startsWith("Не хватает")), "after the edit the open page's status link counts one fewer", `${first} → ${now}`);
  await home.screenshot({ path: path.join(shotDir, "preview-status-after-edit-1280.png") });
  await page.goto(origin + "/_uslugi/check", { waitUntil: "load" });
  const ids = await page.evaluate(() => [...document.querySelectorAll(".todo code")].map((c) => c.innerText));
  report(!ids.includes("identity-centres"), "after the edit the to-do list has no centres item", ids.join(", "));
} finally {
  await browser.close();
}
finish();
