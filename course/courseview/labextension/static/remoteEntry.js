/*
 * tmcert-course-view: JupyterLab 4 opens the course's own notebooks ready to use.
 *
 * When a notebook whose metadata carries "tmcert" opens, this extension hides its code inputs,
 * asks the server (GET tmcert/course-notebook?path=..., course/courseview) whether the notebook
 * is an unchanged copy of one the course released, and if so runs all its cells, then returns
 * the view to the top, leaving the notebook unmodified (a kernel that ran it before is restarted
 * first). Any other notebook is left alone; a course notebook whose code differs from the
 * released copy is not run, and the learner is told why.
 *
 * Written by hand as a module-federation container (what `jupyter labextension build` emits),
 * so the project needs no JavaScript build: it shares no modules and uses only the application
 * object JupyterLab passes to `activate`. The panel's `data-tmcert-view` attribute tells tests
 * and styles where it is: checking, running, ready, not-course, failed.
 */
(function () {
  "use strict";

  var NAME = "tmcert-course-view";
  var KEY = "tmcert";
  var ENDPOINT = "tmcert/course-notebook";
  var MANUAL = " To show it anyway, choose Run \u203a Run All Cells in the menu.";
  var STYLE = [
    ".tmcert-course .jp-CodeCell .jp-Cell-inputWrapper { display: none; }",
    ".tmcert-course .jp-OutputPrompt, .tmcert-course .jp-OutputArea-promptOverlay { display: none; }",
    ".tmcert-banner { position: absolute; top: 44px; right: 24px; z-index: 20; max-width: 28em;",
    "  padding: 8px 12px; border-radius: 4px; background: #ffffff; color: #1f1f1f;",
    "  border: 2px solid #1a5fb4; box-shadow: 0 2px 6px rgba(0,0,0,0.2); font-size: 14px; }",
    ".tmcert-banner[data-tone='bad'] { border-color: #b3261e; }"
  ].join("\n");

  function addStyle() {
    if (document.getElementById(NAME + "-style")) return;
    var style = document.createElement("style");
    style.id = NAME + "-style";
    style.textContent = STYLE;
    document.head.appendChild(style);
  }

  function isNotebookPanel(widget) {
    return !!(widget && widget.context && widget.content && widget.sessionContext &&
              widget.content.model && typeof widget.content.model.getMetadata === "function" &&
              /\.ipynb$/.test(widget.context.path));
  }

  /* The state on the panel (for tests and styles) and a message for the learner, if any. */
  function show(panel, state, message, tone) {
    panel.node.setAttribute("data-tmcert-view", state);
    var banner = panel.node.querySelector(":scope > .tmcert-banner");
    if (!message) {
      if (banner) banner.remove();
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "tmcert-banner";
      banner.setAttribute("role", tone === "bad" ? "alert" : "status");
      panel.node.appendChild(banner);
    }
    banner.setAttribute("data-tone", tone || "info");
    banner.textContent = message;
  }

  async function ask(app, path) {
    var settings = app.serviceManager.serverSettings;
    var contents = app.serviceManager.contents;
    var local = contents && contents.localPath ? contents.localPath(path) : path;
    var url = settings.baseUrl.replace(/\/?$/, "/") + ENDPOINT + "?path=" +
              encodeURIComponent(local);
    var headers = settings.token ? { Authorization: "token " + settings.token } : {};
    var response = await window.fetch(url, { headers: headers, credentials: "same-origin" });
    if (!response.ok) throw new Error("the server answered " + response.status);
    return response.json();
  }

  /* True when the kernel has run code before (a reload or a second tab on the same kernel). */
  async function alreadyUsed(kernel) {
    var reply = await kernel.requestExecute({ code: "", silent: true, store_history: false }).done;
    return !!(reply && reply.content && reply.content.execution_count > 1);
  }

  /* A course notebook's cells are locked: running it changes only outputs, never what the
     learner did (answers are saved beside the notebook), so there is nothing to save and no
     "unsaved changes" prompt when they leave. */
  function keepClean(model) {
    model.dirty = false;
    model.stateChanged.connect(function (_model, change) {
      if (change.name === "dirty" && change.newValue) model.dirty = false;
    });
  }

  /* Keys pressed on a course control (arrows on a dropdown, letters on a checkbox) belong to the
     control, not to the notebook's command-mode shortcuts, which would move focus or add,
     delete and change cells. Lumino skips shortcuts for an element carrying
     data-lm-suppress-shortcuts; the shortcut selectors match the focused control itself, so the
     attribute goes on each control of an output as it takes focus. */
  function suppressShortcuts(panel) {
    panel.node.addEventListener("focusin", function (event) {
      var target = event.target;
      if (target && target.closest && target.closest(".jp-OutputArea-output")) {
        target.setAttribute("data-lm-suppress-shortcuts", "true");
      }
    });
  }

  function toTop(panel) {
    var notebook = panel.content;
    notebook.activeCellIndex = 0;
    if (notebook.deselectAll) notebook.deselectAll();
    if (notebook.scrollToItem) notebook.scrollToItem(0, "start").catch(function () {});
  }

  async function prepare(app, panel) {
    await panel.context.ready;
    if (!panel.content.model.getMetadata(KEY)) return;
    panel.addClass("tmcert-course");
    show(panel, "checking", "Preparing this page\u2026");
    var answer;
    try {
      answer = await ask(app, panel.context.path);
    } catch (err) {
      show(panel, "failed", "The course could not check this notebook (" + err.message + ")." +
           MANUAL, "bad");
      return;
    }
    if (!answer.course) {
      panel.removeClass("tmcert-course");
      show(panel, "not-course", answer.reason + MANUAL, "bad");
      return;
    }
    await panel.sessionContext.ready;
    var session = panel.sessionContext.session;
    if (!session || !session.kernel) {
      show(panel, "failed", "No Python kernel is running for this notebook." + MANUAL, "bad");
      return;
    }
    show(panel, "running", "Preparing this page\u2026");
    suppressShortcuts(panel);
    if (await alreadyUsed(session.kernel)) {
      // Reopened on a kernel that ran it before: its old widgets would race the new ones.
      await panel.sessionContext.restartKernel();
    }
    var running = app.commands.execute("notebook:run-all-cells",
                                       { widgetId: panel.id, activate: false });
    window.requestAnimationFrame(function () { toTop(panel); });
    var ok = await running;
    toTop(panel);
    keepClean(panel.content.model);
    if (ok === false) {
      show(panel, "failed", "Some of this page could not be prepared." + MANUAL, "bad");
    } else {
      show(panel, "ready", "");
    }
  }

  var plugin = {
    id: NAME + ":plugin",
    description: "Open the course's own notebooks with code hidden and their cells run.",
    autoStart: true,
    activate: function (app) {
      var shell = app.shell;
      if (!shell || !shell.currentChanged || !app.commands.hasCommand) return;  // e.g. in Voila
      addStyle();
      var seen = new WeakSet();
      function consider(widget) {
        if (!isNotebookPanel(widget) || seen.has(widget)) return;
        seen.add(widget);
        prepare(app, widget).catch(function (err) {
          show(widget, "failed", "This page could not be prepared (" + err.message + ")." +
               MANUAL, "bad");
        });
      }
      shell.currentChanged.connect(function (_shell, change) { consider(change.newValue); });
      app.restored.then(function () {
        Array.from(shell.widgets("main")).forEach(consider);
      });
    }
  };

  var modules = {
    "./extension": function () { return { __esModule: true, default: plugin }; }
  };
  var container = {
    init: function () { return Promise.resolve(); },  // it shares no modules
    get: function (module) {
      return modules[module]
        ? Promise.resolve(modules[module])
        : Promise.reject(new Error(NAME + " has no module " + module));
    }
  };
  window._JUPYTERLAB = window._JUPYTERLAB || {};
  window._JUPYTERLAB[NAME] = container;
})();
