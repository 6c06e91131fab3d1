//! Running the real `lpc` binary: commands, and a server on port 0.
//!
//! The helpers the portal's tests share (clients, forms and their CSRF token, raw requests,
//! temporary databases) live in `lpc-test-support` and are re-exported here.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use lpc_test_support::{Site, sqlite_url_in};

#[allow(unused_imports)] // each test binary uses its own part of them
pub use lpc_test_support::{answer_to_declared_body, csrf_of};

/// A working directory with its own database (SQLite, or a fresh PostgreSQL one dropped
/// with the workspace), so tests never share state.
pub struct Workspace {
    pub dir: tempfile::TempDir,
    pub db: String,
    postgres: Option<lpc_store_postgres::testing::FreshDatabase>,
}

/// Runs a future to completion on a thread of its own, whatever runtime the caller is in.
fn on_own_thread<T: Send + 'static>(
    work: impl std::future::Future<Output = T> + Send + 'static,
) -> T {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(work)
    })
    .join()
    .unwrap()
}

impl Workspace {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = sqlite_url_in(dir.path());
        Self {
            dir,
            db,
            postgres: None,
        }
    }

    /// A workspace on a fresh PostgreSQL database (`LPC_TEST_POSTGRES_URL`'s server).
    pub fn postgres() -> Self {
        let fresh =
            on_own_thread(lpc_store_postgres::testing::FreshDatabase::create("cli")).unwrap();
        Self {
            dir: tempfile::tempdir().unwrap(),
            db: fresh.url.clone(),
            postgres: Some(fresh),
        }
    }

    /// `lpc user add` of `email` as the MPN partner admin of `mpn` on `today`, its password
    /// typed on stdin as a person would.
    pub fn add_partner_admin(&self, today: &str, email: &str, mpn: &str) {
        use std::io::Write as _;
        let mut child = self
            .lpc(&[
                "--today",
                today,
                "user",
                "add",
                "--email",
                email,
                "--role",
                "mpn_partner_admin",
                "--partner",
                mpn,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "a long password").unwrap();
        assert!(child.wait().unwrap().success(), "{email} added");
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

impl Drop for Workspace {
    fn drop(&mut self) {
        if let Some(fresh) = self.postgres.take() {
            let _ = on_own_thread(fresh.drop_now());
        }
    }
}

/// The same test on SQLite and on PostgreSQL: `both!(name, body)` makes `name_on_sqlite` and
/// `name_on_postgres`, each calling `body(Workspace)`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:ident) => {
        mod $name {
            #[test]
            fn on_sqlite() {
                super::$body(super::support::Workspace::new());
            }
            #[test]
            fn on_postgres() {
                super::$body(super::support::Workspace::postgres());
            }
        }
    };
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
        Self::start_with_env(dir, db, extra, &[])
    }

    /// [`Server::start`] with `LPC_*` variables set for the server (`LPC_TODAY`, ...).
    pub fn start_with_env(dir: &Path, db: &str, extra: &[&str], env: &[(&str, &str)]) -> Self {
        let mut cmd = lpc_in(dir);
        cmd.args(["--db", db, "serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .envs(env.iter().copied());
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

impl Site for Server {
    fn base(&self) -> &str {
        &self.base
    }
}

fn terminate(child: &Child) {
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}
