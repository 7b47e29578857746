// Counts "N seconds ago" from the time the page's data was rendered, and swaps in fresh content at each refresh
// without reloading the page. Without JavaScript a <noscript> meta refresh does the same job. On every page it adds
// the reader's own time zone to incident and maintenance times.
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
          var imported = document.importNode(fresh, true);
          current.replaceWith(imported);
          addReaderZone(imported);
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

  // The reader's own zone, from the browser, beside the zones the server already wrote (which stay for readers
  // without JavaScript). The label and the zones already shown come from the page, so the words stay server-side.
  function readerZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
  }

  function formatIn(zone, iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return null;
    return new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      timeZone: zone, year: "numeric", month: "short", day: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"
    }).format(d);
  }

  function addReaderZone(root) {
    var main = document.getElementById("main");
    var zone = readerZone();
    if (!main || !zone) return;
    var shown = (main.getAttribute("data-shown-zones") || "").split(" ");
    if (shown.indexOf(zone) >= 0 || (zone === "UTC" && shown.indexOf("Etc/UTC") >= 0)) return;
    var label = main.getAttribute("data-reader-label") || "Your time";
    var items = (root || document).querySelectorAll("[data-start]");
    for (var i = 0; i < items.length; i++) {
      var el = items[i];
      if (el.querySelector(":scope > .reader-zone")) continue;
      var start = formatIn(zone, el.getAttribute("data-start"));
      if (start === null) continue;
      var endIso = el.getAttribute("data-end");
      var end = endIso ? formatIn(zone, endIso) : null;
      var span = document.createElement("span");
      span.className = "reader-zone";
      span.setAttribute("data-zone", zone);
      span.title = zone;
      span.textContent = "\u00b7 " + label + " (" + zone + "): " + start + (end ? " \u2013 " + end : "");
      var duration = el.querySelector(":scope > .duration");
      el.insertBefore(span, duration);
    }
  }

  function start() {
    addReaderZone(document);
    if (!live()) return;
    tick();
    if (timer === null) timer = window.setInterval(tick, 1000);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
