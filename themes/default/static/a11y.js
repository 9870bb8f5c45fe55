/* Low-vision mode («Версия для слабовидящих») of the uslugi default theme.
   Settings live in localStorage as {font, scheme, spacing, images} and are applied as
   data-a11y-* attributes on <html> (an inline script in <head> does that before the first
   paint; this file shows the control and handles it). Without JavaScript the control stays
   hidden and the site works at its normal settings. */
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

  function init() {
    var toggle = document.querySelector(".a11y-toggle");
    var panel = document.getElementById("a11y-panel");
    if (!toggle || !panel) return;
    var settings = load();
    apply(settings);
    toggle.hidden = false;
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
