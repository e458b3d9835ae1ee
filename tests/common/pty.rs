//! The real `galla` binary in a pseudo-terminal (portable-pty), its output
//! read through a vt100 parser so tests see the screen a terminal shows.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running galla in a 80x24 pseudo-terminal.
pub struct Session {
    /// The screen as a terminal would show it.
    pub parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    /// The galla process.
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    /// Starts galla on `db` with extra arguments.
    pub fn start(db: &Path, extra: &[&str]) -> Session {
        Session::start_with(db, extra, "")
    }

    /// Starts galla with more config lines.
    pub fn start_with(db: &Path, extra: &[&str], more_config: &str) -> Session {
        Session::start_as(&[], db, extra, more_config)
    }

    /// Starts galla through `prefix` (e.g. `runuser -u nobody --`).
    pub fn start_as(prefix: &[&str], db: &Path, extra: &[&str], more_config: &str) -> Session {
        let dir = db.parent().expect("dir");
        let config = dir.join("config.toml");
        std::fs::write(
            &config,
            format!("timezone = \"Asia/Kolkata\"\n[shop]\nname = \"PTY Test Shop\"\n{more_config}"),
        )
        .expect("config");
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = match prefix.split_first() {
            Some((program, args)) => {
                let mut cmd = CommandBuilder::new(program);
                for a in args {
                    cmd.arg(a);
                }
                cmd.arg(env!("CARGO_BIN_EXE_galla"));
                cmd
            }
            None => CommandBuilder::new(env!("CARGO_BIN_EXE_galla")),
        };
        cmd.arg("--db");
        cmd.arg(db);
        cmd.arg("--config");
        cmd.arg(&config);
        for a in extra {
            cmd.arg(a);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.cwd(dir);
        let child = pty.slave.spawn_command(cmd).expect("spawn galla");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let _master = pty.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("parser").process(&buf[..n]);
            }
        });
        Session {
            parser,
            writer,
            child,
        }
    }

    /// The screen's text.
    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// Waits until `what` shows.
    pub fn wait_for(&self, what: &str, within: Duration) -> Duration {
        let start = Instant::now();
        while start.elapsed() < within {
            if self.screen().contains(what) {
                return start.elapsed();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "{what:?} did not appear within {within:?}; the screen:\n{}",
            self.screen()
        );
    }

    /// Types bytes.
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("send");
        self.writer.flush().expect("flush");
    }

    /// Waits for galla to end.
    pub fn wait_exit(&mut self, within: Duration) -> portable_pty::ExitStatus {
        let start = Instant::now();
        while start.elapsed() < within {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("galla did not exit; the screen:\n{}", self.screen());
    }

    /// Sends a signal to galla (`kill -s NAME pid`).
    pub fn signal(&mut self, name: &str) {
        let pid = self.child.process_id().expect("pid");
        let ok = std::process::Command::new("kill")
            .args(["-s", name, &pid.to_string()])
            .status()
            .expect("kill")
            .success();
        assert!(ok, "kill -s {name} {pid}");
    }
}
