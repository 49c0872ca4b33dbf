// live.js is dossier serve's live reload. The server adds it to the pages it
// serves; it is never written into the site.
//
// It listens to the server's events: it reloads the page when the page's own
// file was rebuilt, swaps stylesheets when only they changed, and shows the
// last build's problems in an overlay until a good build clears them.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.dataset.base) || "/";
  var file = (script && script.dataset.file) || "";
  // The server and the count of builds the page was served at.
  var server = (script && script.dataset.server) || null;
  var builds = script && script.dataset.build ? Number(script.dataset.build) : null;
  var es = null;
  var host = null;
  var list = null;

  function connect() {
    es = new EventSource(base + "_dossier/events");
    es.addEventListener("hello", function (e) {
      var d = JSON.parse(e.data);
      if (server === null) {
        server = d.server;
      } else if (server !== d.server || builds !== d.build) {
        location.reload(); // a new server, or builds missed while hidden
        return;
      }
      builds = d.build;
    });
    es.addEventListener("reload", function (e) {
      var d = JSON.parse(e.data);
      builds++;
      if (d.all || (d.files || []).indexOf(file) >= 0) {
        location.reload();
      } else {
        hide();
      }
    });
    es.addEventListener("css", function (e) {
      builds++;
      hide();
      swap(JSON.parse(e.data));
    });
    es.addEventListener("errors", function (e) {
      var d = JSON.parse(e.data);
      show(d.problems || (d.errors || []).map(function (m) { return { message: m }; }));
    });
    es.addEventListener("ok", hide);
    var self = es;
    es.onerror = function () {
      // The browser retries by itself unless the server refused the
      // stream; then try again a little later.
      if (self === es && self.readyState === EventSource.CLOSED) {
        setTimeout(function () {
          if (self === es && !document.hidden) {
            connect();
          }
        }, 2000);
      }
    };
  }

  // A hidden page lets go of its stream, and on being shown again
  // reconnects: the hello then tells whether it missed a build.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && es) {
      es.close();
      es = null;
    } else if (!document.hidden && !es) {
      connect();
    }
  });

  // swap points each stylesheet link at the new version of its file,
  // removing the old link once the new one has loaded, so the page does not
  // flash unstyled.
  function swap(versions) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var at = new URL(link.href, location.href).pathname;
      Object.keys(versions).forEach(function (name) {
        if (at !== new URL(base + name, location.href).pathname) {
          return;
        }
        var next = link.cloneNode();
        next.href = new URL(base + versions[name], location.href).href;
        next.onload = next.onerror = function () { link.remove(); };
        link.after(next);
      });
    });
  }

  var style =
    ":host{all:initial}" +
    "section{position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:50vh;overflow:auto;" +
    "box-sizing:border-box;padding:1rem 1.25rem;background:#fff;color:#1d1d1b;border-top:.3rem solid #b3261e;" +
    "box-shadow:0 -.25rem 1rem rgba(0,0,0,.25);font:1rem/1.5 system-ui,sans-serif}" +
    "h2{margin:0 0 .25rem;font-size:1.1rem;color:#8c1d18}" +
    "p{margin:0 0 .75rem}" +
    "ol{margin:0 0 .75rem;padding-left:1.5rem}" +
    "li{margin:.25rem 0}" +
    "code,pre{font:.9rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere}" +
    "pre{margin:.25rem 0 0;padding:.25rem .5rem;background:#f3f0e8;border-radius:.25rem}" +
    "pre span{display:block}pre .n{display:inline;color:#5c5a55}" +
    "pre mark{display:block;background:#fbe3e1;color:inherit;font-weight:bold}" +
    "button{font:inherit;padding:.3rem .9rem;border:1px solid #1d1d1b;border-radius:.25rem;background:#f3f0e8;color:#1d1d1b;cursor:pointer}" +
    "button:focus-visible{outline:3px solid #c2410c;outline-offset:2px}" +
    "@media (prefers-color-scheme:dark){section{background:#1e1c1a;color:#f1eee8;border-top-color:#f2b8b5}" +
    "h2{color:#f2b8b5}button{background:#2b2926;color:#f1eee8;border-color:#f1eee8}" +
    "pre{background:#2b2926}pre .n{color:#c9c5bd}pre mark{background:#5c1f1b}}" +
    "@media print{section{display:none}}";

  // show puts the problems in an overlay at the bottom of the page. It is a
  // live region, so screen readers announce it; it does not take the focus
  // from the editor's window; Escape or the button dismisses it.
  function show(errors) {
    if (!host) {
      host = document.createElement("div");
      host.id = "dossier-errors";
      var root = host.attachShadow({ mode: "open" });
      var css = document.createElement("style");
      css.textContent = style;
      var section = document.createElement("section");
      section.setAttribute("role", "alert");
      section.setAttribute("aria-labelledby", "dossier-errors-title");
      var h = document.createElement("h2");
      h.id = "dossier-errors-title";
      h.textContent = "The site did not rebuild";
      var p = document.createElement("p");
      p.textContent = "This page is from the last good build. Fix the problems below and save: the page updates by itself.";
      list = document.createElement("ol");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "Dismiss";
      button.addEventListener("click", hide);
      section.append(h, p, list, button);
      root.append(css, section);
      document.addEventListener("keydown", function (e) {
        if (e.key === "Escape") {
          hide();
        }
      });
    }
    list.replaceChildren();
    errors.forEach(function (p) {
      var li = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = p.message; // text, never markup: messages quote content
      li.append(code);
      // The lines of the file around the problem, its own marked, with a
      // caret under its column.
      if (p.source && p.source.length) {
        var pre = document.createElement("pre");
        var width = String(p.source[p.source.length - 1].n).length;
        p.source.forEach(function (l) {
          var row = document.createElement(l.n === p.line ? "mark" : "span");
          var n = document.createElement("span");
          n.className = "n";
          var num = String(l.n);
          n.textContent = " ".repeat(width - num.length) + num + " │ ";
          row.append(n, document.createTextNode(l.text));
          pre.append(row);
          if (l.n === p.line && p.col > 0) {
            var caret = document.createElement("span");
            caret.textContent = " ".repeat(width + 3 + p.col - 1) + "^";
            caret.setAttribute("aria-hidden", "true");
            pre.append(caret);
          }
        });
        li.append(pre);
      }
      list.append(li);
    });
    if (!host.isConnected) {
      document.body.append(host);
    }
  }

  function hide() {
    if (host && host.isConnected) {
      host.remove();
    }
  }

  if (!document.hidden) {
    connect();
  }
})();
