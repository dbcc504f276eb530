// End-to-end test: the packaged extension in a real VS Code.
//
// code-server (VS Code's workbench served to a browser) gets the .vsix
// installed into a fresh extensions folder and opens a workspace holding a
// Python file with a hardcoded (generated, fake) GitHub token and an
// `os.environ` read; headless Chromium, driven by playwright-core, opens the
// file and the Problems panel, and the test waits for both credlint findings
// there. Nothing but the bundled binary can produce them: `credlint` is not
// on code-server's PATH and `credlint.path` is not set. Then a
// `credlint.path` naming nothing must bring one error message, not two.
//
//   CREDLINT_VSIX=credlint-linux-x64.vsix node test.js      (run.sh does this)
//
// CREDLINT_E2E_SCREENSHOT: where to save a PNG of the editor (optional).
// CREDLINT_CHROMIUM: the browser (default /usr/bin/chromium).
// Nothing is downloaded: update checks, telemetry and the extension
// gallery are off, and Chromium's background networking too.
"use strict";

const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const http = require("http");
const net = require("net");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const vsix = process.env.CREDLINT_VSIX && path.resolve(process.env.CREDLINT_VSIX);
const browser = process.env.CREDLINT_CHROMIUM || "/usr/bin/chromium";
const screenshot = process.env.CREDLINT_E2E_SCREENSHOT && path.resolve(process.env.CREDLINT_E2E_SCREENSHOT);
const codeServer = path.join(__dirname, "node_modules", ".bin", "code-server");
if (!vsix || !fs.existsSync(vsix)) {
  console.error("e2e: set CREDLINT_VSIX to the packaged extension");
  process.exit(2);
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), "credlint-vscode-e2e-"));
const dirs = {};
for (const name of ["extensions", "data", "browser", "workspace"]) {
  dirs[name] = path.join(root, name);
  fs.mkdirSync(dirs[name]);
}

// The workspace: a fake GitHub token, made here so that no token-shaped
// literal sits in the repository, and a direct environment read.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
let token = "ghp_";
for (let i = 0; i < 36; i++) {
  token += alphabet[(i * 11 + 5) % alphabet.length];
}
fs.writeFileSync(path.join(dirs.workspace, "app.py"), `import os\n\nTOKEN = "${token}"\nhome = os.environ["HOME"]\n`);
fs.writeFileSync(path.join(dirs.workspace, "credlint.toml"), "");

// User settings: no walkthroughs, trust prompts or network features in the way.
const settingsFile = path.join(dirs.data, "User", "settings.json");
fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
fs.writeFileSync(
  settingsFile,
  JSON.stringify({
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "chat.commandCenter.enabled": false,
  }),
);

// No gallery: code-server would otherwise ask Open VSX about extensions.
const env = { ...process.env, EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: "" }) };
// The server must come from the package, not from PATH.
env.PATH = (env.PATH || "")
  .split(path.delimiter)
  .filter((dir) => !fs.existsSync(path.join(dir, "credlint")))
  .join(path.delimiter);
const common = [
  "--config",
  path.join(root, "config.yaml"),
  "--user-data-dir",
  dirs.data,
  "--extensions-dir",
  dirs.extensions,
];

let server;
let context;
let page;
let failed = false;
let screenshotTaken = false;

async function takeScreenshot(on) {
  if (screenshot && !screenshotTaken) {
    screenshotTaken = true;
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await on.screenshot({ path: screenshot });
    console.log(`screenshot: ${screenshot}`);
  }
}

function fail(message) {
  failed = true;
  console.log(`FAILED: ${message}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    http
      .get(url, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
      .on("error", () => resolve(0));
  });
}

async function main() {
  const started = Date.now();
  const install = spawnSync(codeServer, [...common, "--install-extension", vsix], { env, encoding: "utf8" });
  if (install.status !== 0 || !/successfully installed/.test(install.stdout)) {
    throw new Error(`code-server --install-extension failed:\n${install.stdout}${install.stderr}`);
  }
  console.log("ok: code-server installed the .vsix");

  const port = await freePort();
  const log = [];
  server = spawn(
    codeServer,
    [
      ...common,
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--auth",
      "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--ignore-last-opened",
      dirs.workspace,
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout.on("data", (chunk) => log.push(String(chunk)));
  server.stderr.on("data", (chunk) => log.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  while ((await get(`${url}/healthz`)) !== 200) {
    if (Date.now() > deadline || server.exitCode !== null) {
      throw new Error(`code-server did not come up:\n${log.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  context = await chromium.launchPersistentContext(dirs.browser, {
    executablePath: browser,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = context.pages()[0] || (await context.newPage());
  await page.goto(`${url}/?folder=${encodeURIComponent(dirs.workspace)}`);
  await page.waitForSelector(".monaco-workbench .explorer-folders-view", { timeout: 60000 });

  // Open app.py with Quick Open, then the Problems panel.
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget input", { state: "visible" });
  await page.keyboard.type("app.py");
  await page.waitForSelector(".quick-input-list .monaco-list-row", { state: "visible" });
  await page.keyboard.press("Enter");
  await page.waitForSelector(".editor-instance .view-lines", { state: "visible" });
  await page.keyboard.press("Control+Shift+M");
  await page.waitForSelector(".markers-panel", { state: "visible" });

  // Both findings, in the Problems panel and in the status bar's counts.
  const rules = ["secret/github-pat", "env/direct-access"];
  try {
    await page.waitForFunction(
      (wanted) => {
        const panel = document.querySelector(".markers-panel");
        return panel !== null && wanted.every((rule) => panel.textContent.includes(rule));
      },
      rules,
      { timeout: 45000 },
    );
    console.log(`ok: the Problems panel lists ${rules.join(" and ")}`);
  } catch {
    const panel = await page.locator(".markers-panel").innerText();
    fail(`the Problems panel does not list ${rules.join(" and ")}: ${JSON.stringify(panel.slice(0, 500))}`);
  }
  const problems = await page.locator("#status\\.problems").getAttribute("aria-label");
  if (/Errors?: 1\b/.test(problems || "") && /Warnings?: 1\b/.test(problems || "")) {
    console.log(`ok: the status bar counts one error and one warning (${problems})`);
  } else {
    fail(`the status bar does not count one error and one warning: ${JSON.stringify(problems)}`);
  }
  if ((await page.locator(".markers-panel").textContent()).includes(token)) {
    fail("the Problems panel shows the token");
  }
  await takeScreenshot(page);

  // A `credlint.path` that names nothing, in the workspace's settings (a
  // machine-overridable setting: code-server, a remote, ignores it in the
  // browser's user settings): the server restarts, and the user gets one
  // error message about it, not two.
  fs.mkdirSync(path.join(dirs.workspace, ".vscode"));
  fs.writeFileSync(
    path.join(dirs.workspace, ".vscode", "settings.json"),
    JSON.stringify({ "credlint.path": path.join(root, "no-such-credlint") }),
  );
  const toasts = page.locator(".notification-toast .notification-list-item-message", { hasText: "credlint" });
  try {
    await toasts.first().waitFor({ timeout: 30000 });
    await page.waitForTimeout(2000); // room for a second one
    const messages = await toasts.allInnerTexts();
    if (messages.length === 1 && messages[0].includes("credlint.path")) {
      console.log("ok: a credlint.path that names nothing gets one error message");
    } else {
      fail(`a credlint.path that names nothing should get one message about it: ${JSON.stringify(messages)}`);
    }
  } catch {
    fail("a credlint.path that names nothing gets no message");
  }
  console.log(`vscode e2e: ${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main()
  .catch((error) => fail(error && error.stack ? error.stack : String(error)))
  .finally(async () => {
    if (page) {
      // On a failure too: the picture shows what the test saw.
      await takeScreenshot(page).catch(() => {});
    }
    if (context) {
      await context.close().catch(() => {});
    }
    if (server && server.exitCode === null) {
      server.kill();
    }
    fs.rmSync(root, { recursive: true, force: true });
    process.exit(failed ? 1 : 0);
  });
