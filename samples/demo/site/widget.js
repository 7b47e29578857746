// Fallback copy of the "buy button" widget that Tidewater merchants embed in their own pages.
// The failover site serves it while the shop runs on the standby environment, so merchants' pages keep loading.
(function () {
  "use strict";
  window.tidewaterWidget = { ready: true, mode: "standby" };
  document.addEventListener("DOMContentLoaded", function () {
    var slots = document.querySelectorAll("[data-tidewater-buy]");
    for (var i = 0; i < slots.length; i++) {
      slots[i].textContent = "Checkout is briefly unavailable - please try again in a few minutes.";
    }
  });
})();
