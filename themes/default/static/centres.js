/* The filter of the centres page: shows only the centres that match every ticked box.
   Without JavaScript the form stays hidden and every centre is listed. */
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("[data-centre-filter]");
    if (!form) return;
    var centres = Array.prototype.slice.call(document.querySelectorAll(".centre"));
    var count = form.querySelector(".centre-count");
    form.hidden = false;
    function update() {
      var services = [].slice.call(form.querySelectorAll("input[name=service]:checked")).map(function (i) { return i.value; });
      var flags = [].slice.call(form.querySelectorAll("input[name=flag]:checked")).map(function (i) { return i.value; });
      var shown = 0;
      centres.forEach(function (c) {
        var has = (c.getAttribute("data-services") || "").split(" ");
        var ok = services.every(function (s) { return has.indexOf(s) >= 0; }) &&
          flags.every(function (f) { return c.getAttribute("data-" + f) === "true"; });
        c.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = "Показано центров: " + shown + " из " + centres.length;
      document.querySelectorAll(".centre-group").forEach(function (g) {
        g.hidden = !g.querySelector(".centre:not([hidden])");
      });
    }
    form.addEventListener("change", update);
    update();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
