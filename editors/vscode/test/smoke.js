// Smoke test: the compiled extension (out/extension.js) against the real
// `credlint lsp`, with a small stand-in for the `vscode` module.
//
//   CREDLINT_BIN=/path/to/credlint node test/smoke.js
//   SMOKE_EXTENSION=/unpacked/vsix/extension node test/smoke.js
//
// The first runs this folder's build with the executable named by
// CREDLINT_BIN (as the `credlint.path` setting); the second runs an
// unpacked platform-specific .vsix with `credlint.path` empty, so the
// binary bundled in it must start.
//
// No VS Code is started: the stand-in implements just enough of the API for
// vscode-languageclient (the pinned version in package-lock.json) to run,
// and records what the client hands to VS Code: registered commands,
// diagnostics, error messages. It checks that the server starts (no clash
// between the extension's `credlint.scanWorkspace` command and the one the
// server advertises), that settings reach it at start and on change (with
// empty lists left out), that "Scan workspace" lints unopened files and
// that "Restart server" brings the diagnostics back, and that an executable
// that is not there gets one error message, not two.
"use strict";

const fs = require("fs");
const Module = require("module");
const os = require("os");
const path = require("path");

const extensionRoot = path.resolve(process.env.SMOKE_EXTENSION || path.join(__dirname, ".."));
const server = process.env.CREDLINT_BIN ? path.resolve(process.env.CREDLINT_BIN) : "";
const bundled = path.join(extensionRoot, "bin", `${process.platform}-${process.arch}`, "credlint");
if (!server && !fs.existsSync(bundled)) {
  console.error(`smoke: set CREDLINT_BIN to the credlint executable, or SMOKE_EXTENSION to an extension with ${bundled}`);
  process.exit(2);
}

// A project with a fake GitHub token (made here, so that no token-shaped
// literal sits in the repository) and environment reads.
const project = fs.mkdtempSync(path.join(os.tmpdir(), "credlint-vscode-"));
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
let token = "ghp_";
for (let i = 0; i < 36; i++) {
  token += alphabet[(i * 7 + 3) % alphabet.length];
}
const appPath = path.join(project, "app.py");
const appText = `import os\n\nTOKEN = "${token}"\nhome = os.environ["HOME"]\n`;
fs.writeFileSync(appPath, appText);
fs.writeFileSync(path.join(project, "other.py"), 'import os\nx = os.getenv("A")\n');
fs.writeFileSync(path.join(project, "credlint.toml"), "");

// ---------------------------------------------------------------- the stand-in

const settings = {
  "credlint.path": server,
  "credlint.settingsModules": [],
  "credlint.select": [], // sent as is, this would select no rule
  "credlint.ignore": ["env/direct-access"],
  "credlint.enable": true,
  "credlint.trace.server": "off",
};
const commands = new Map();
const diagnostics = new Map();
const errors = [];
const configListeners = [];

class FakeDisposable {
  constructor(onDispose) {
    this.onDispose = onDispose;
  }
  dispose() {
    if (this.onDispose) {
      this.onDispose();
    }
  }
  static from(...items) {
    return new FakeDisposable(() => items.forEach((item) => item && item.dispose && item.dispose()));
  }
}
const noEvent = () => new FakeDisposable();

class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (listener) => {
      this.listeners.push(listener);
      return new FakeDisposable(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      });
    };
  }
  fire(value) {
    this.listeners.forEach((listener) => listener(value));
  }
  dispose() {}
}

class CancellationTokenSource {
  constructor() {
    this.token = { isCancellationRequested: false, onCancellationRequested: noEvent };
  }
  cancel() {
    this.token.isCancellationRequested = true;
  }
  dispose() {}
}

class Uri {
  constructor(scheme, fsPath) {
    Object.assign(this, { scheme, path: fsPath, fsPath, authority: "", query: "", fragment: "" });
  }
  static parse(text) {
    const match = /^([\w+.-]+):\/\/([^/]*)(.*)$/.exec(text);
    const uri = new Uri(match[1], decodeURIComponent(match[3]));
    uri.authority = match[2];
    return uri;
  }
  static file(fsPath) {
    return new Uri("file", fsPath);
  }
  with() {
    return this;
  }
  toString() {
    return `${this.scheme}://${this.authority}${this.path}`;
  }
  toJSON() {
    return this.toString();
  }
}

class Position {
  constructor(line, character) {
    Object.assign(this, { line, character });
  }
}
class Range {
  constructor(a, b, c, d) {
    if (typeof a === "number") {
      [this.start, this.end] = [new Position(a, b), new Position(c, d)];
    } else {
      [this.start, this.end] = [a, b];
    }
  }
}
class Diagnostic {
  constructor(range, message, severity) {
    Object.assign(this, { range, message, severity });
  }
}

/** Any other part of the API: callable, constructible, every property another such stand-in. */
function anything(name) {
  const target = function () {};
  return new Proxy(target, {
    get(t, prop) {
      if (prop === "then") {
        return undefined; // not a promise
      }
      if (prop === Symbol.toPrimitive) {
        return () => `<${name}>`;
      }
      if (prop === Symbol.iterator) {
        return function* () {};
      }
      if (!Reflect.has(t, prop)) {
        t[prop] = anything(`${name}.${String(prop)}`);
      }
      return t[prop];
    },
    apply: () => anything(`${name}()`),
    construct: () => anything(`new ${name}`),
  });
}
const part = (name, members) => Object.assign(anything(name), members);

const document = {
  uri: Uri.file(appPath),
  fileName: appPath,
  languageId: "python",
  version: 1,
  isClosed: false,
  isUntitled: false,
  lineCount: appText.split("\n").length,
  getText: () => appText,
};
const folder = { uri: Uri.file(project), name: "project", index: 0 };

const vscode = part("vscode", {
  version: "1.82.0",
  Disposable: FakeDisposable,
  EventEmitter,
  CancellationTokenSource,
  Uri,
  Position,
  Range,
  Diagnostic,
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  UIKind: { Desktop: 1, Web: 2 },
  commands: part("commands", {
    registerCommand(name, handler) {
      if (commands.has(name)) {
        throw new Error(`command '${name}' already exists`); // as VS Code does
      }
      commands.set(name, handler);
      return new FakeDisposable(() => commands.delete(name));
    },
    executeCommand: async (name, ...args) => commands.get(name)(...args),
  }),
  window: part("window", {
    createOutputChannel: (name) => ({
      name,
      append: (text) => process.env.SMOKE_VERBOSE && process.stdout.write(text),
      appendLine: (text) => process.env.SMOKE_VERBOSE && console.log(`[${name}] ${text}`),
      show() {},
      clear() {},
      replace() {},
      dispose() {},
    }),
    showErrorMessage: async (message) => errors.push(message),
    showWarningMessage: async (message) => errors.push(message),
    showInformationMessage: async () => undefined,
    visibleTextEditors: [],
    activeTextEditor: undefined,
    onDidChangeVisibleTextEditors: noEvent,
    onDidChangeActiveTextEditor: noEvent,
  }),
  workspace: part("workspace", {
    workspaceFolders: [folder],
    textDocuments: [document],
    notebookDocuments: [],
    getWorkspaceFolder: () => folder,
    getConfiguration: (section) => ({
      get: (key, fallback) => settings[`${section}.${key}`] ?? fallback,
      has: () => true,
      inspect: () => undefined,
      update: async () => {},
    }),
    onDidChangeConfiguration: (listener) => {
      configListeners.push(listener);
      return new FakeDisposable();
    },
    createFileSystemWatcher: () => ({
      onDidCreate: noEvent,
      onDidChange: noEvent,
      onDidDelete: noEvent,
      dispose() {},
    }),
  }),
  languages: part("languages", {
    match(selector, doc) {
      const filters = Array.isArray(selector) ? selector : [selector];
      const hit = filters.some((f) =>
        typeof f === "string"
          ? f === doc.languageId
          : !f.pattern &&
            (!f.language || f.language === doc.languageId) &&
            (!f.scheme || f.scheme === doc.uri.scheme),
      );
      return hit ? 10 : 0;
    },
    createDiagnosticCollection: () => ({
      set: (uri, list) => list !== undefined && diagnostics.set(String(uri), list),
      delete: (uri) => diagnostics.delete(String(uri)),
      get: (uri) => diagnostics.get(String(uri)),
      clear: () => diagnostics.clear(),
      forEach() {},
      has: () => false,
      dispose() {},
    }),
  }),
  env: part("env", { appName: "smoke", language: "en", uiKind: 1 }),
});
// Events the client library subscribes to but the test never fires.
for (const event of [
  "onDidOpenTextDocument",
  "onDidCloseTextDocument",
  "onDidChangeTextDocument",
  "onDidSaveTextDocument",
  "onWillSaveTextDocument",
  "onDidChangeWorkspaceFolders",
  "onDidOpenNotebookDocument",
  "onDidCloseNotebookDocument",
  "onDidChangeNotebookDocument",
  "onDidSaveNotebookDocument",
]) {
  vscode.workspace[event] = noEvent;
}

const load = Module._load;
Module._load = function (request, ...rest) {
  return request === "vscode" ? vscode : load.call(this, request, ...rest);
};

// ---------------------------------------------------------------- the checks

const extension = require(path.join(extensionRoot, "out", "extension.js"));

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok: ${name}`);
  } else {
    failed++;
    console.log(`FAILED: ${name}${detail ? `\n  ${detail}` : ""}`);
  }
}

async function until(condition, ms = 20000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

const codesOf = (file) =>
  (diagnostics.get(Uri.file(file).toString()) || []).map((d) => d.code && (d.code.value ?? d.code)).sort();
const show = (file) => JSON.stringify(codesOf(file));

async function main() {
  const context = {
    subscriptions: [],
    extensionPath: extensionRoot,
    extensionUri: Uri.file(extensionRoot),
    extension: { packageJSON: JSON.parse(fs.readFileSync(path.join(extensionRoot, "package.json"), "utf8")) },
  };
  extension.activate(context);
  check(
    "both commands are registered",
    commands.has("credlint.restartServer") && commands.has("credlint.scanWorkspace"),
  );

  // At start: ignore = env/direct-access; the empty `select` is not sent.
  await until(() => codesOf(appPath).length > 0);
  check("diagnostics at start, with the initial settings", show(appPath) === '["secret/github-pat"]', show(appPath));
  const messages = (diagnostics.get(Uri.file(appPath).toString()) || []).map((d) => d.message);
  check(
    "diagnostics carry source credlint and never the token",
    messages.length > 0 &&
      (diagnostics.get(Uri.file(appPath).toString()) || []).every((d) => d.source === "credlint") &&
      messages.every((m) => !m.includes(token)),
    JSON.stringify(messages),
  );

  // A settings change is pushed to the running server.
  settings["credlint.ignore"] = [];
  configListeners.forEach((listener) =>
    listener({ affectsConfiguration: (section) => section === "credlint" || section === "credlint.ignore" }),
  );
  await until(() => codesOf(appPath).length === 2);
  check(
    "a settings change reaches the server",
    show(appPath) === '["env/direct-access","secret/github-pat"]',
    show(appPath),
  );

  // "Scan workspace" lints the file that is not open.
  const other = path.join(project, "other.py");
  await vscode.commands.executeCommand("credlint.scanWorkspace");
  await until(() => codesOf(other).length > 0);
  check("Scan workspace lints unopened files", show(other) === '["env/direct-access"]', show(other));

  // "Restart server": a new server, the diagnostics come back.
  diagnostics.clear();
  await vscode.commands.executeCommand("credlint.restartServer");
  await until(() => codesOf(appPath).length === 2);
  check("Restart server brings the diagnostics back", codesOf(appPath).length === 2, show(appPath));

  check("no error shown to the user", errors.length === 0, JSON.stringify(errors));

  // An executable that is not there: one message, naming the setting.
  settings["credlint.path"] = path.join(project, "no-such-credlint");
  configListeners.forEach((listener) =>
    listener({ affectsConfiguration: (section) => section === "credlint" || section === "credlint.path" }),
  );
  await until(() => errors.length > 0);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // room for a second pop-up
  check(
    "a missing executable gets one error message, naming credlint.path",
    errors.length === 1 && errors[0].includes("'credlint.path'") && errors[0].includes("no-such-credlint"),
    JSON.stringify(errors),
  );
  await extension.deactivate();
}

main()
  .catch((error) => check("the smoke test runs", false, error && error.stack))
  .finally(() => {
    fs.rmSync(project, { recursive: true, force: true });
    console.log(`vscode smoke: ${passed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
  });
