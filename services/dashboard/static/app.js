// Kanalvakt staff UI: small progressive enhancements. Everything works without script;
// no script here ever inserts text that came from a comment (only server-escaped HTML).
(function () {
  "use strict";

  // Live SLA timers: <time data-deadline="ISO"> shows time left, turns red when late.
  function fmt(ms) {
    var late = ms < 0, s = Math.floor(Math.abs(ms) / 1000), m = Math.floor(s / 60), h = Math.floor(m / 60);
    var text = h ? h + " h " + (m % 60) + " min" : m + " min";
    if (!h && m < 5) { text = m + " min " + (s % 60) + " s"; }
    return late ? "försenad " + text : text + " kvar";
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("time[data-deadline]").forEach(function (el) {
      var at = Date.parse(el.getAttribute("data-deadline"));
      if (isNaN(at)) { return; }
      el.textContent = fmt(at - now);
      el.classList.toggle("late", at - now < 0);
    });
  }
  tick();
  setInterval(tick, 1000);

  // Live lists: a region with data-live-src reloads that (escaped, server-rendered)
  // fragment whenever the server says something changed.
  var regions = document.querySelectorAll("[data-live-src]");
  if (regions.length && window.EventSource) {
    var pending = null;
    var reload = function () {
      regions.forEach(function (region) {
        fetch(region.getAttribute("data-live-src"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) { if (html !== null) { region.innerHTML = html; tick(); } });
      });
    };
    var source = new EventSource("/handelser");
    // Tells tests (and anyone curious) that live updates are flowing.
    // A change that happened between this page's render and the stream's (re)connection
    // sent no event to us, so every "ready" reloads once: nothing shown stays stale.
    source.addEventListener("ready", function () {
      document.documentElement.setAttribute("data-live", "ready");
      reload();
    });
    source.addEventListener("error", function () { document.documentElement.removeAttribute("data-live"); });
    source.addEventListener("change", function () {
      if (pending) { clearTimeout(pending); }
      pending = setTimeout(reload, 250);
    });
  }

  // Moderation queue: j/k move between items, Enter opens (Tab works too).
  var queue = document.querySelector("[data-keyboard-list]");
  if (queue) {
    document.addEventListener("keydown", function (ev) {
      if (ev.target.closest("input, textarea, select") || ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
      if (ev.key !== "j" && ev.key !== "k") { return; }
      var links = Array.prototype.slice.call(queue.querySelectorAll("a[data-item]"));
      if (!links.length) { return; }
      var i = links.indexOf(document.activeElement);
      i = ev.key === "j" ? Math.min(links.length - 1, i + 1) : Math.max(0, i - 1);
      links[i].focus();
      ev.preventDefault();
    });
  }

  // Decision form: the reply field is needed only for "Svara".
  document.querySelectorAll("[data-decision-form]").forEach(function (form) {
    var select = form.querySelector("select[name=decision]");
    var reply = form.querySelector("[data-reply-field]");
    if (!select || !reply) { return; }
    var sync = function () { reply.hidden = select.value !== "reply" && select.value !== "refer"; };
    select.addEventListener("change", sync);
    sync();
  });
})();
