-- credlint for Neovim: starts the credlint language server (`credlint lsp`)
-- for the buffers it can lint and attaches them to it.
--
--   require("credlint").setup({})
--
-- Works with Neovim 0.7.2 and newer: on 0.8+ through vim.lsp.start, on 0.7
-- through vim.lsp.start_client and vim.lsp.buf_attach_client. Either way one
-- server runs per project root, shared by every buffer of that root.

local M = {}

local defaults = {
  -- The server command, stdio transport.
  cmd = { "credlint", "lsp" },
  -- Sent as initializationOptions and as workspace/didChangeConfiguration
  -- `{ settings = { credlint = settings } }`. Keys: settingsModules (list of
  -- strings), select (list), ignore (list), enable (boolean). Leave a key
  -- out to keep what the project's credlint.toml says; an empty `select`
  -- selects no rule.
  settings = {},
  -- Buffers with these filetypes are linted.
  filetypes = {
    "python",
    "rust",
    "yaml",
    "toml",
    "json",
    "jsonc",
    "dosini",
    "jproperties",
    "conf",
    "sh",
    "bash",
    "zsh",
    "dockerfile",
    "markdown",
    "text",
  },
  -- Files linted whatever their filetype (often none): autocmd patterns,
  -- matched against the file name.
  patterns = { ".env", ".env.*", "*.env", "mcp_env.example" },
  -- The first directory upwards from the file holding one of these is the
  -- root: the server's workspace folder, and what "Scan workspace" covers.
  root_markers = { "credlint.toml", ".credlint.toml", "pyproject.toml", ".git" },
  -- Called as on_attach(client, bufnr) for each buffer attached.
  on_attach = nil,
  -- Passed on to the client (capabilities, flags, handlers, ...): any other
  -- field of vim.lsp.start_client's config.
  client = {},
}

local NAME = "credlint"
local SCAN_WORKSPACE = "credlint.scanWorkspace"

local options = vim.deepcopy(defaults)
-- Neovim 0.7 only: client id by root directory.
local clients_by_root = {}
local warned_missing = false

local uv = vim.uv or vim.loop
local is_windows = uv.os_uname().sysname:find("Windows") ~= nil

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function parent(dir)
  local up = vim.fn.fnamemodify(dir, ":h")
  if up == dir then
    return nil
  end
  return up
end

local function join(dir, name)
  if dir:sub(-1) == "/" or (is_windows and dir:sub(-1) == "\\") then
    return dir .. name
  end
  return dir .. "/" .. name
end

--- The project root of a file: the nearest directory upwards holding one of
--- the root markers; the file's own directory if there is none.
function M.find_root(path)
  local start = vim.fn.fnamemodify(path, ":p:h")
  local dir = start
  while dir do
    for _, marker in ipairs(options.root_markers) do
      if exists(join(dir, marker)) then
        return dir
      end
    end
    dir = parent(dir)
  end
  return start
end

-- Client methods: called as client:notify(...) from Neovim 0.11 on, where
-- the old client.notify(...) form is deprecated; 0.7-0.10 only have that one.
local colon_methods = vim.fn.has("nvim-0.11") == 1

local function call(client, method, ...)
  if colon_methods then
    return client[method](client, ...)
  end
  return client[method](...)
end

local function credlint_clients()
  local found = {}
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, client in pairs(all) do
    if client.name == NAME then
      table.insert(found, client)
    end
  end
  return found
end

--- Settings as sent: an empty table must be `{}` in JSON, not `[]`.
local function json_object(settings)
  if settings == nil or next(settings) == nil then
    return vim.empty_dict()
  end
  return settings
end

local function client_config(root)
  local settings = json_object(options.settings)
  local config = vim.tbl_deep_extend("force", {}, options.client, {
    name = NAME,
    cmd = options.cmd,
    root_dir = root,
    workspace_folders = {
      { uri = vim.uri_from_fname(root), name = root },
    },
    init_options = settings,
    -- Kept on the client: answers workspace/configuration, and what
    -- M.update_settings changes.
    settings = { credlint = settings },
    on_init = function(client, result)
      -- Neovim 0.7 sends no settings of its own accord; newer versions may
      -- send them too, which the server takes as a harmless reload.
      call(client, "notify", "workspace/didChangeConfiguration", { settings = client.config.settings })
      if options.client.on_init then
        options.client.on_init(client, result)
      end
    end,
    on_attach = options.on_attach,
  })
  return config
end

local function executable_or_warn()
  local program = options.cmd[1]
  if vim.fn.executable(program) == 1 then
    return true
  end
  if not warned_missing then
    warned_missing = true
    vim.notify(
      string.format(
        "credlint: `%s` is not executable. Install credlint or pass `cmd` to require('credlint').setup.",
        program
      ),
      vim.log.levels.WARN
    )
  end
  return false
end

--- Whether credlint lints this buffer: a file on disk (or to be), not a
--- special buffer.
local function lintable(bufnr)
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= "" then
    return false
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  return name ~= "" and not name:match("^%a[%w+.-]*://")
end

--- Starts the root's server if it is not running, and attaches the buffer.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not lintable(bufnr) or not executable_or_warn() then
    return
  end
  local root = M.find_root(vim.api.nvim_buf_get_name(bufnr))

  if vim.lsp.start then
    -- Neovim 0.8+: reuses the client with the same name and root_dir.
    vim.lsp.start(client_config(root), { bufnr = bufnr })
    return
  end

  -- Neovim 0.7.
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or call(client, "is_stopped") then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      return
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Sends new settings to every running credlint server (and to servers
--- started later).
function M.update_settings(settings)
  options.settings = json_object(settings)
  for _, client in ipairs(credlint_clients()) do
    client.config.settings = { credlint = options.settings }
    call(client, "notify", "workspace/didChangeConfiguration", { settings = client.config.settings })
  end
end

--- Asks every running credlint server to lint its whole workspace.
function M.scan_workspace()
  local clients = credlint_clients()
  if #clients == 0 then
    vim.notify("credlint: no server is running", vim.log.levels.WARN)
    return
  end
  for _, client in ipairs(clients) do
    call(client, "request", "workspace/executeCommand", { command = SCAN_WORKSPACE, arguments = {} }, function(err)
      if err then
        vim.notify("credlint: workspace scan failed: " .. tostring(err.message or err), vim.log.levels.ERROR)
      end
    end)
  end
end

local function matches(bufnr)
  if vim.tbl_contains(options.filetypes, vim.bo[bufnr].filetype) then
    return true
  end
  local tail = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":t")
  for _, pattern in ipairs(options.patterns) do
    if vim.fn.match(tail, vim.fn.glob2regpat(pattern)) ~= -1 then
      return true
    end
  end
  return false
end

--- Stops every credlint server, then starts them again for the loaded
--- buffers (after installing a new credlint, say).
function M.restart()
  local clients = credlint_clients()
  for _, client in ipairs(clients) do
    call(client, "stop")
  end
  clients_by_root = {}
  local function start_again()
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and matches(bufnr) then
        M.attach(bufnr)
      end
    end
  end
  -- Wait for the old processes to exit, so the new clients are not
  -- mistaken for them (vim.lsp.start reuses a running client).
  local waited = vim.wait(5000, function()
    for _, client in ipairs(clients) do
      if not call(client, "is_stopped") then
        return false
      end
    end
    return true
  end, 50)
  if not waited then
    for _, client in ipairs(clients) do
      call(client, "stop", true)
    end
  end
  start_again()
end

--- Sets credlint up: the autocommands that attach buffers, and the
--- :CredlintRestart and :CredlintScanWorkspace commands.
---@param opts table|nil see `defaults` above
function M.setup(opts)
  options = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  -- Lists replace the defaults rather than merging index by index.
  for _, key in ipairs({ "cmd", "filetypes", "patterns", "root_markers" }) do
    if opts and opts[key] then
      options[key] = opts[key]
    end
  end
  if opts and opts.settings then
    options.settings = opts.settings
  end
  warned_missing = false

  local group = vim.api.nvim_create_augroup("credlint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = options.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
    desc = "credlint: attach the language server",
  })
  vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
    group = group,
    pattern = options.patterns,
    callback = function(args)
      M.attach(args.buf)
    end,
    desc = "credlint: attach the language server",
  })

  vim.api.nvim_create_user_command("CredlintRestart", M.restart, { desc = "credlint: Restart server" })
  vim.api.nvim_create_user_command("CredlintScanWorkspace", M.scan_workspace, { desc = "credlint: Scan workspace" })

  -- Buffers already open when setup runs (setup called late, or re-run).
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and matches(bufnr) then
      M.attach(bufnr)
    end
  end
end

return M
