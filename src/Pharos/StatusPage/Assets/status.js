// Counts "N seconds ago" from the time the page's data was rendered, and swaps in fresh content at each refresh
// without reloading the page. Without JavaScript a <noscript> meta refresh does the same job.
(function () {
  "use strict";
  var skew = 0; // server clock minus browser clock, learnt from the Date header of refresh responses
  var timer = null;
  var refreshing = false;

  function live() { return document.getElementById("live"); }

  function state() {
    var el = live();
    if (!el) return null;
    return {
      generatedAt: Date.parse(el.getAttribute("data-generated-at")),
      refreshSeconds: parseInt(el.getAttribute("data-refresh-seconds"), 10) || 60
    };
  }

  function tick() {
    var s = state();
    if (!s) return;
    var now = Date.now() + skew;
    var ago = Math.max(0, Math.floor((now - s.generatedAt) / 1000));
    var next = Math.max(0, s.refreshSeconds - ago);
    var agoEl = document.getElementById("ago-seconds");
    var nextEl = document.getElementById("next-refresh");
    if (agoEl) agoEl.textContent = String(ago);
    if (nextEl) nextEl.textContent = String(next);
    if (next <= 0 && !refreshing) refresh();
  }

  function refresh() {
    refreshing = true;
    fetch(window.location.href, { headers: { "Accept": "text/html" }, cache: "no-cache", credentials: "same-origin" })
      .then(function (response) {
        var date = response.headers.get("Date");
        if (date) { var d = Date.parse(date); if (!isNaN(d)) skew = d - Date.now(); }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("live");
        var current = live();
        if (fresh && current) {
          current.replaceWith(document.importNode(fresh, true));
        }
      })
      .catch(function () { /* keep showing the last content; the next tick tries again */ })
      .then(function () {
        refreshing = false;
        // If the server had nothing newer yet, wait a few seconds before asking again.
        var s = state();
        if (s && Date.now() + skew - s.generatedAt >= s.refreshSeconds * 1000) {
          var el = live();
          el.setAttribute("data-generated-at", new Date(Date.now() + skew - (s.refreshSeconds - 5) * 1000).toISOString());
        }
        tick();
      });
  }

  function start() {
    tick();
    if (timer === null) timer = window.setInterval(tick, 1000);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
