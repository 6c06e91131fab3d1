//! Running the real `lpc` binary: commands, and a server on port 0.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use assert_cmd::cargo::CommandCargoExt;

/// A working directory with its own SQLite database, so tests never share state.
pub struct Workspace {
    pub dir: tempfile::TempDir,
    pub db: String,
}

impl Workspace {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = format!("sqlite://{}", dir.path().join("lpc.db").display());
        Self { dir, db }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("lpc.db")
    }

    /// `lpc --db <this workspace's database> args...`, run in the workspace, with no `LPC_*`
    /// variables inherited from the developer's shell.
    pub fn lpc(&self, args: &[&str]) -> Command {
        let mut cmd = lpc_in(self.dir.path());
        cmd.arg("--db").arg(&self.db).args(args);
        cmd
    }
}

/// `lpc` run in `dir` with a clean environment.
pub fn lpc_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lpc").unwrap();
    cmd.current_dir(dir).stdin(Stdio::null());
    for (key, _) in std::env::vars() {
        if key.starts_with("LPC_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

/// A running `lpc serve` on an ephemeral port; stopped with SIGTERM when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub stdout_head: Vec<String>,
}

impl Server {
    /// Starts `lpc --db URL serve --addr 127.0.0.1:0 extra...` and waits until it listens.
    pub fn start(dir: &Path, db: &str, extra: &[&str]) -> Self {
        let mut cmd = lpc_in(dir);
        cmd.args(["--db", db, "serve", "--addr", "127.0.0.1:0"])
            .args(extra);
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let mut head = Vec::new();
        let base = loop {
            let line = lines
                .next()
                .expect("lpc serve printed its address")
                .unwrap();
            if let Some(url) = line.strip_prefix("lpc serving on ") {
                break url.to_owned();
            }
            head.push(line);
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self {
            child,
            base,
            stdout_head: head,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends SIGTERM and returns the exit status.
    pub fn stop(mut self) -> std::process::ExitStatus {
        terminate(&self.child);
        let status = self.child.wait().unwrap();
        std::mem::forget(self);
        status
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn terminate(child: &Child) {
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}
