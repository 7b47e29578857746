// The incident banner for a customer's own site:
//   <script src="https://status.example.com/embed.js" async></script>
// While an incident is open or a maintenance is in progress it shows a banner at the top of the page (or inside
// the element with id "pharos-banner", if the page has one) linking to the status page. It reads the status page's
// public /api/v2/summary.json, every text goes in as text (never as HTML), and it rechecks every minute.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || !window.fetch) return;
  var origin = new URL(script.src).origin;
  var summaryUrl = origin + "/api/v2/summary.json";
  var colours = { none: "#1a7f37", minor: "#8a5a00", major: "#b3420a", critical: "#c4202b", maintenance: "#0a5cc2" };
  var banner = null;
  var dismissed = "";

  // Only links to the status page itself: the path of the API's address on the script's own origin, so no address
  // from the API becomes a javascript: or foreign link.
  function link(url) {
    try {
      var path = new URL(url, origin).pathname;
      return new URL(path.charAt(0) === "/" ? path : "/", origin).href;
    } catch (e) {
      return origin + "/";
    }
  }

  function active(summary) {
    var items = [];
    (summary.incidents || []).forEach(function (i) {
      if (i.status !== "resolved" && i.status !== "postmortem") {
        items.push({ id: i.id, name: i.name, status: i.status, impact: i.impact, url: i.shortlink });
      }
    });
    (summary.scheduled_maintenances || []).forEach(function (m) {
      if (m.status === "in_progress" || m.status === "verifying") {
        items.push({ id: m.id, name: m.name, status: m.status, impact: "maintenance", url: m.shortlink });
      }
    });
    return items;
  }

  function words(status) {
    return String(status || "").replace(/_/g, " ");
  }

  function render(summary) {
    var items = active(summary);
    var key = items.map(function (i) { return i.id + ":" + i.status; }).join(",");
    if (items.length === 0 || key === dismissed) {
      remove();
      return;
    }
    var worst = items.some(function (i) { return i.impact === "critical"; }) ? "critical"
      : items.some(function (i) { return i.impact === "major"; }) ? "major"
      : items.some(function (i) { return i.impact === "minor"; }) ? "minor" : items[0].impact === "maintenance" ? "maintenance" : "minor";
    var el = document.createElement("div");
    el.className = "pharos-banner";
    el.setAttribute("role", "status");
    el.setAttribute("data-pharos-key", key);
    el.style.cssText = "box-sizing:border-box;width:100%;padding:10px 44px 10px 16px;position:relative;" +
      "font:15px/1.4 system-ui,sans-serif;color:#fff;z-index:2147483647;background:" + (colours[worst] || colours.minor);
    items.forEach(function (i, n) {
      var line = document.createElement("div");
      var a = document.createElement("a");
      a.href = link(i.url);
      a.textContent = i.name;
      a.style.cssText = "color:#fff;text-decoration:underline;font-weight:600";
      line.appendChild(a);
      line.appendChild(document.createTextNode(" \u2014 " + words(i.status)));
      if (n > 0) line.style.marginTop = "4px";
      el.appendChild(line);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "\u00d7";
    close.style.cssText = "position:absolute;top:6px;right:8px;background:transparent;border:0;color:#fff;font-size:22px;line-height:1;cursor:pointer";
    close.addEventListener("click", function () { dismissed = key; remove(); });
    el.appendChild(close);
    remove();
    banner = el;
    var host = document.getElementById("pharos-banner");
    if (host) host.appendChild(el); else document.body.insertBefore(el, document.body.firstChild);
  }

  function remove() {
    if (banner && banner.parentNode) banner.parentNode.removeChild(banner);
    banner = null;
  }

  function check() {
    fetch(summaryUrl, { credentials: "omit", cache: "no-cache" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(render)
      .catch(function () { /* the customer's page must not break because the status page is unreachable */ });
  }

  function start() {
    check();
    setInterval(check, 60000);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
