/* Low-vision mode («Версия для слабовидящих») of the uslugi default theme.
   Settings live in localStorage as {font, scheme, spacing, images} and are applied as
   data-a11y-* attributes on <html> (an inline script in <head> does that before the first
   paint; this file builds the control and handles it). Without JavaScript there is no
   control and the site works at its normal settings. */
(function () {
  "use strict";
  var KEY = "uslugi-a11y";
  var DEFAULTS = { font: "1", scheme: "normal", spacing: "1", images: "on" };
  var root = document.documentElement;

  function load() {
    try {
      return JSON.parse(localStorage.getItem(KEY) || "{}");
    } catch (e) {
      return {};
    }
  }

  function save(settings) {
    try {
      localStorage.setItem(KEY, JSON.stringify(settings));
    } catch (e) {
      /* private mode: the setting still applies to this page */
    }
  }

  function apply(settings) {
    Object.keys(DEFAULTS).forEach(function (k) {
      var v = settings[k] || DEFAULTS[k];
      if (v === DEFAULTS[k]) root.removeAttribute("data-a11y-" + k);
      else root.setAttribute("data-a11y-" + k, v);
    });
    var buttons = document.querySelectorAll("[data-a11y-set]");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var current = settings[b.getAttribute("data-a11y-set")] || DEFAULTS[b.getAttribute("data-a11y-set")];
      b.setAttribute("aria-pressed", String(current === b.getAttribute("data-a11y-value")));
    }
  }

  /* The control and its panel exist only where this script runs: without JavaScript
     they could not work, so pages do not carry their markup. */
  var PANEL =
    '<div class="container a11y-groups">' +
    group("Размер шрифта", [["font", "1", "А", "Обычный размер шрифта"], ["font", "2", "А", "Крупный шрифт", "a11y-big"], ["font", "3", "А", "Очень крупный шрифт", "a11y-huge"]]) +
    group("Цвета", [["scheme", "normal", "Обычные"], ["scheme", "bw", "Чёрным по белому", "", "a11y-swatch-bw"], ["scheme", "wb", "Белым по чёрному", "", "a11y-swatch-wb"], ["scheme", "blue", "Синим по голубому", "", "a11y-swatch-blue"]]) +
    group("Интервал между буквами", [["spacing", "1", "Обычный"], ["spacing", "2", "Увеличенный"], ["spacing", "3", "Большой"]]) +
    group("Изображения", [["images", "on", "Показывать"], ["images", "off", "Скрывать"]]) +
    '<button type="button" class="a11y-reset" data-a11y-reset>Обычная версия сайта</button></div>';

  function group(legend, buttons) {
    return "<fieldset><legend>" + legend + "</legend>" + buttons.map(function (b) {
      return '<button type="button" data-a11y-set="' + b[0] + '" data-a11y-value="' + b[1] + '"' +
        (b[3] ? ' aria-label="' + b[3] + '"' : "") + (b[4] ? ' class="' + b[4] + '"' : "") + ">" + b[2] + "</button>";
    }).join("") + "</fieldset>";
  }

  function build() {
    var slot = document.querySelector("[data-a11y-slot]");
    var header = document.querySelector(".site-header");
    if (!slot || !header) return null;
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "a11y-toggle";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", "a11y-panel");
    toggle.innerHTML = '<svg aria-hidden="true" focusable="false" width="22" height="14" viewBox="0 0 22 14"><path d="M11 1C6 1 2.3 4.2 1 7c1.3 2.8 5 6 10 6s8.7-3.2 10-6c-1.3-2.8-5-6-10-6z" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="11" cy="7" r="3" fill="currentColor"/></svg> Версия для слабовидящих';
    slot.replaceWith(toggle);
    var panel = document.createElement("div");
    panel.id = "a11y-panel";
    panel.className = "a11y-panel";
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", "Настройки для слабовидящих");
    panel.hidden = true;
    panel.innerHTML = PANEL;
    header.insertBefore(panel, header.querySelector(".site-nav"));
    return { toggle: toggle, panel: panel };
  }

  function init() {
    var ui = build();
    if (!ui) return;
    var toggle = ui.toggle;
    var panel = ui.panel;
    var settings = load();
    apply(settings);
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      panel.hidden = open;
      if (!open) {
        var first = panel.querySelector("button");
        if (first) first.focus();
      }
    });
    panel.addEventListener("click", function (event) {
      var b = event.target.closest("button");
      if (!b) return;
      if (b.hasAttribute("data-a11y-reset")) settings = {};
      else settings[b.getAttribute("data-a11y-set")] = b.getAttribute("data-a11y-value");
      save(settings);
      apply(settings);
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        toggle.setAttribute("aria-expanded", "false");
        panel.hidden = true;
        toggle.focus();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
