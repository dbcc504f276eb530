//! Documents the benches analyse: generated, so that every run and every
//! machine measures the same text, and shaped like application code (classes
//! and functions, a credential-named attribute in each, an environment read
//! now and then, logging calls), not like a worst case.

/// About `lines` lines of ordinary Python, with a few findings in them.
pub fn python_module(lines: usize) -> String {
    module(
        lines,
        "import os\nimport logging\n\nlog = logging.getLogger(__name__)\n\n",
        |i| {
            format!(
            "\n\nclass Handler{i}:\n    \"\"\"Handles request kind {i}.\"\"\"\n\n    def __init__(self, client, retries={i}):\n        self.client = client\n        self.retries = retries\n        self.token_url = \"https://auth.internal/{i}/token\"\n\n    def run(self, payload):\n        for attempt in range(self.retries):\n            result = self.client.post(\"/v1/items/{i}\", json=payload)\n            if result.ok:\n                return result.json()\n            log.warning(\"attempt %s failed\", attempt)\n        raise RuntimeError(\"gave up\")\n"
        )
        },
        |i| format!("\nTIMEOUT_{i} = os.environ.get(\"TIMEOUT_{i}\", \"30\")\n"),
    )
}

/// About `lines` lines of ordinary Rust in the same shape as
/// [`python_module`]: a struct with a `Debug` derive and a token field, an
/// `impl` that logs, and an environment read now and then.
pub fn rust_module(lines: usize) -> String {
    module(
        lines,
        "use std::time::Duration;\n\n",
        |i| {
            format!(
            "\n#[derive(Debug, Clone)]\npub struct Handler{i} {{\n    retries: u32,\n    token_url: String,\n}}\n\nimpl Handler{i} {{\n    pub fn new(retries: u32) -> Self {{\n        Self {{ retries, token_url: format!(\"https://auth.internal/{i}/token\") }}\n    }}\n\n    pub fn run(&self, payload: &str) -> Result<String, String> {{\n        for attempt in 0..self.retries {{\n            if payload.len() > {i} {{\n                return Ok(payload.to_owned());\n            }}\n            tracing::warn!(\"attempt {{attempt}} failed\");\n            std::thread::sleep(Duration::from_millis(10));\n        }}\n        Err(\"gave up\".into())\n    }}\n}}\n"
        )
        },
        |i| {
            format!("\npub fn timeout_{i}() -> Option<String> {{\n    std::env::var(\"TIMEOUT_{i}\").ok()\n}}\n")
        },
    )
}

/// `header`, then `unit(0)`, `unit(1)`… with `every_fifty(i)` after every
/// fiftieth, until the text has `lines` lines.
fn module(
    lines: usize,
    header: &str,
    unit: impl Fn(usize) -> String,
    every_fifty: impl Fn(usize) -> String,
) -> String {
    let mut out = String::from(header);
    let mut newlines = header.matches('\n').count();
    let mut i = 0;
    while newlines < lines {
        let mut piece = unit(i);
        if i % 50 == 0 {
            piece.push_str(&every_fifty(i));
        }
        newlines += piece.matches('\n').count();
        out.push_str(&piece);
        i += 1;
    }
    out
}
