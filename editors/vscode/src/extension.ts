// The credlint extension for VS Code (and VS Code forks such as Windsurf).
//
// All the linting happens in the credlint language server (`credlint lsp`,
// spoken to over stdin/stdout). This file only:
//   1. finds the `credlint` executable,
//   2. starts a LanguageClient for the documents credlint understands,
//   3. forwards the `credlint.*` settings to the server,
//   4. provides the "Restart server" and "Scan workspace" commands.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import {
  ClientCapabilities,
  DidChangeConfigurationNotification,
  DocumentSelector,
  ExecuteCommandRequest,
  FeatureState,
  LanguageClient,
  LanguageClientOptions,
  ServerCapabilities,
  ServerOptions,
  StaticFeature,
} from "vscode-languageclient/node";

/** The settings section, and the client's id (so `credlint.trace.server` applies). */
const SECTION = "credlint";

/** The server-side command behind "credlint: Scan workspace". */
const SCAN_WORKSPACE = "credlint.scanWorkspace";

/**
 * VS Code language ids of the documents to lint: the `onLanguage:` activation
 * events of package.json, so that the extension starts for exactly the
 * documents it then attaches to. credlint parses Python and Rust, and scans
 * every other text format for credentials; the list names the common ones,
 * including the ids popular extensions give YAML and Compose files
 * (`github-actions-workflow`, `dockercompose`, `ansible`).
 */
function languages(context: vscode.ExtensionContext): string[] {
  const events: unknown = context.extension.packageJSON.activationEvents;
  const prefix = "onLanguage:";
  if (!Array.isArray(events)) {
    return [];
  }
  return events
    .filter((event): event is string => typeof event === "string" && event.startsWith(prefix))
    .map((event) => event.slice(prefix.length));
}

/** Files that often hold secrets but that VS Code may not give a language above. */
const PATTERNS = ["**/.env*", "**/mcp_env.example"];

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
/** Start and stop requests run one after another, never interleaved. */
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel("credlint");
  context.subscriptions.push(output);

  context.subscriptions.push(
    vscode.commands.registerCommand("credlint.restartServer", () => restart(context)),
    vscode.commands.registerCommand(SCAN_WORKSPACE, scanWorkspace),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) {
        return;
      }
      if (event.affectsConfiguration(`${SECTION}.path`)) {
        // A different executable: only a new server process can pick it up.
        void restart(context);
      } else {
        void pushSettings();
      }
    }),
  );

  void restart(context);
}

export function deactivate(): Promise<void> {
  return queue(stop);
}

/** Runs `step` after every start or stop asked for before it. */
function queue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

function restart(context: vscode.ExtensionContext): Promise<void> {
  return queue(async () => {
    await stop();
    await start(context);
  });
}

async function stop(): Promise<void> {
  if (!client) {
    return;
  }
  const running = client;
  client = undefined;
  try {
    await running.stop();
  } catch (error) {
    output.appendLine(`credlint: error while stopping the server: ${String(error)}`);
  }
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const executable = resolveExecutable(context);
  const command = locate(executable.command);
  if (!command) {
    // Checked here rather than left to the client library, which would show
    // its own "couldn't create connection" pop-up next to this one.
    reportMissing(executable);
    return;
  }
  output.appendLine(`credlint: starting \`${command} lsp\``);

  // stdio is the default. (No `transport: TransportKind.stdio`: with it the
  // client library appends `--stdio` to the arguments.)
  const serverOptions: ServerOptions = { command, args: ["lsp"] };

  const documentSelector: DocumentSelector = [
    ...languages(context).map((language) => ({ scheme: "file", language })),
    ...PATTERNS.map((pattern) => ({ scheme: "file", pattern })),
  ];

  const clientOptions: LanguageClientOptions = {
    documentSelector,
    // Read when the server starts, so a restart sends the current values.
    initializationOptions: () => serverSettings(),
    // Setting changes are pushed by `pushSettings` (see there for why not
    // `synchronize.configurationSection`).
    outputChannel: output,
    traceOutputChannel: output,
  };

  const next = new LanguageClient(SECTION, "credlint", serverOptions, clientOptions);
  next.registerFeature(new ClientOwnedCommands([SCAN_WORKSPACE]));
  try {
    await next.start();
    client = next;
  } catch (error) {
    // The client library has already told the user, once, and pointed at
    // this output channel.
    output.appendLine(`credlint: the server did not start: ${String(error)}`);
  }
}

/** The executable asked for, and where the choice came from. */
interface Executable {
  command: string;
  /** `credlint.path`, the binary bundled with the extension, or PATH. */
  origin: "setting" | "bundled" | "path";
}

const OPEN_SETTINGS = "Open Settings";

/** The one message for an executable that is not there. */
function reportMissing(executable: Executable): void {
  // Plain text: notifications do not render Markdown code spans.
  const message =
    executable.origin === "setting"
      ? `credlint: the setting 'credlint.path' is "${executable.command}", which is not an executable file.`
      : executable.origin === "bundled"
        ? `credlint: the bundled "${executable.command}" is not executable; reinstall the extension.`
        : "credlint: no credlint executable: none is bundled with this extension for " +
          `${process.platform}-${process.arch} and none is on PATH. Install credlint ` +
          "(pip install credlint) or set 'credlint.path' to the executable.";
  output.appendLine(message);
  void vscode.window.showErrorMessage(message, OPEN_SETTINGS).then((choice) => {
    if (choice === OPEN_SETTINGS) {
      void vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.path`);
    }
  });
}

/**
 * The full path of `command` if it is an executable file: as given when it
 * holds a path separator, else looked up on PATH (with PATHEXT on Windows),
 * as the process would be spawned.
 */
function locate(command: string): string | undefined {
  if (command.includes("/") || command.includes("\\")) {
    return isExecutable(command) ? command : undefined;
  }
  const extensions =
    process.platform === "win32" ? ["", ...(process.env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";")] : [""];
  for (const folder of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const extension of extensions) {
      const candidate = path.join(folder, command + extension);
      if (folder && isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The executable to run, first found of:
 *   1. the `credlint.path` setting (`~` and workspace-relative paths allowed),
 *   2. a binary bundled in the extension at `bin/<platform>-<arch>/credlint[.exe]`,
 *   3. `credlint`, looked up on PATH.
 */
function resolveExecutable(context: vscode.ExtensionContext): Executable {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>("path", "").trim();
  if (configured) {
    return { command: absolute(configured), origin: "setting" };
  }
  const exe = process.platform === "win32" ? "credlint.exe" : "credlint";
  const bundled = path.join(
    context.extensionPath,
    "bin",
    `${process.platform}-${process.arch}`,
    exe,
  );
  if (fs.existsSync(bundled)) {
    return { command: bundled, origin: "bundled" };
  }
  return { command: "credlint", origin: "path" };
}

function absolute(configured: string): string {
  if (configured === "~" || configured.startsWith("~/")) {
    return path.join(os.homedir(), configured.slice(1));
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  const isBareName = !configured.includes("/") && !configured.includes("\\");
  if (path.isAbsolute(configured) || isBareName || !folder) {
    // A bare name such as `credlint-dev` is looked up on PATH.
    return configured;
  }
  return path.join(folder.uri.fsPath, configured);
}

/**
 * What the server reads from `initializationOptions` and from
 * `workspace/didChangeConfiguration` (`{"settings": {"credlint": ...}}`).
 *
 * Empty lists are left out: to the server an empty `select` means "no rule"
 * and an empty `settingsModules` means "no settings module", while an empty
 * list in the settings UI means "use the project's credlint.toml".
 */
function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const settings: Record<string, unknown> = {
    enable: config.get<boolean>("enable", true),
  };
  for (const key of ["settingsModules", "select", "ignore"]) {
    const value = config.get<string[]>(key, []);
    if (value.length > 0) {
      settings[key] = value;
    }
  }
  return settings;
}

/**
 * Sends the current settings to the running server. This replaces the
 * client library's `synchronize.configurationSection`, which would send the
 * raw section: with the client-only keys (`path`, `trace`) and the empty
 * lists that `serverSettings` leaves out.
 */
async function pushSettings(): Promise<void> {
  if (!client) {
    return;
  }
  await client.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { [SECTION]: serverSettings() },
  });
}

/** "credlint: Scan workspace": lints every file of the workspace folders on the server. */
async function scanWorkspace(): Promise<void> {
  if (!client) {
    void vscode.window.showWarningMessage(
      "credlint: the language server is not running (see the \"credlint\" output).",
    );
    return;
  }
  try {
    await client.sendRequest(ExecuteCommandRequest.type, {
      command: SCAN_WORKSPACE,
      arguments: [],
    });
  } catch (error) {
    void vscode.window.showErrorMessage(`credlint: the workspace scan failed: ${String(error)}`);
  }
}

/**
 * The client library registers a VS Code command for every command that the
 * server lists in `executeCommandProvider`, and fails to start when one of
 * those ids is taken. `credlint.scanWorkspace` is already this extension's own
 * command (it must exist before the server is up, to be in the palette), so
 * this feature hides it from the library before the library looks.
 */
class ClientOwnedCommands implements StaticFeature {
  constructor(private readonly owned: string[]) {}

  fillClientCapabilities(_capabilities: ClientCapabilities): void {}

  preInitialize(capabilities: ServerCapabilities): void {
    const provider = capabilities.executeCommandProvider;
    if (!provider) {
      return;
    }
    const remaining = provider.commands.filter((command) => !this.owned.includes(command));
    if (remaining.length > 0) {
      capabilities.executeCommandProvider = { ...provider, commands: remaining };
    } else {
      delete capabilities.executeCommandProvider;
    }
  }

  initialize(): void {}

  getState(): FeatureState {
    return { kind: "static" };
  }

  clear(): void {}
}
