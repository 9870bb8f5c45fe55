//! Real servers on 127.0.0.1 for the deploy tests, each in its own temporary folder and
//! stopped when dropped: OpenSSH's `sshd` with the SFTP subsystem, and pyftpdlib for FTP and
//! FTPS. Each logs what clients did, so that the tests count uploads in the server's log, not
//! in uslugi's own report. What they need is installed on first use when it is missing.

use std::collections::BTreeMap;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::common::{repo, snapshot};

const SSHD: &str = "/usr/sbin/sshd";
const SFTP_SERVER: &str = "/usr/lib/openssh/sftp-server";
/// The FTP user's password: a test secret that must never show in what uslugi prints.
pub const FTP_PASSWORD: &str = "Correct-Horse-7";

fn run(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn python_has_ftpd() -> bool {
    run(Command::new("python3").args(["-c", "import pyftpdlib, OpenSSL, cryptography"]))
}

/// Installs OpenSSH's server (Debian's package) and pyftpdlib with pyOpenSSL (PyPI) when
/// they are missing; panics with what to install when that cannot be done.
pub fn ensure_tools() {
    static READY: OnceLock<()> = OnceLock::new();
    READY.get_or_init(|| {
        if !Path::new(SSHD).exists() || !Path::new(SFTP_SERVER).exists() {
            let _ = run(Command::new("apt-get").arg("update"));
            let _ = run(Command::new("apt-get")
                .args(["install", "-y", "--no-install-recommends", "openssh-server"])
                .env("DEBIAN_FRONTEND", "noninteractive"));
        }
        assert!(
            Path::new(SSHD).exists() && Path::new(SFTP_SERVER).exists(),
            "the deploy tests need OpenSSH's server: apt-get install openssh-server"
        );
        if !python_has_ftpd() {
            let _ = run(Command::new("python3").args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "pyftpdlib",
                "pyopenssl",
            ]));
        }
        assert!(
            python_has_ftpd(),
            "the deploy tests need pyftpdlib: python3 -m pip install pyftpdlib pyopenssl"
        );
    });
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn wait_for(port: u16, child: &mut Child, log: &Path) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "the server stopped ({status}): {}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn login_name() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The files under `dir` without uslugi's bookkeeping files (manifests, lock, temporary uploads).
pub fn site_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut t = snapshot(dir);
    t.retain(|p, _| {
        let name = p.rsplit('/').next().unwrap();
        !name.starts_with(".uslugi-") && !name.ends_with(".uslugi-part")
    });
    t
}

/// Reverses the octal escapes OpenSSH writes non-ASCII bytes of names with (`\320\264`).
fn unescape(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let digits = b
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(|c| (b'0'..=b'7').contains(c)));
        if let (b'\\', Some(d)) = (b[i], digits) {
            out.push(d.iter().fold(0u8, |v, c| v.wrapping_mul(8) + (c - b'0')));
            i += 4;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The site's path of a temporary upload's name (`faq/.index.html.uslugi-part` →
/// `faq/index.html`), or `None` for another file.
fn from_part(rel: &str) -> Option<String> {
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel), |(d, n)| (d, n));
    let name = name.strip_prefix('.')?.strip_suffix(".uslugi-part")?;
    if name.starts_with(".uslugi-") {
        return None;
    }
    Some(if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    })
}

/// A server process, stopped when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A TCP relay on a new port to `port` that lets `rate` bytes a second through each way, so
/// that a deploy is still sending when the test acts. Runs until the test process ends.
pub fn slow_relay(port: u16, rate: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let relay = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(("127.0.0.1", port)) else {
                continue;
            };
            let pipe = move |mut from: TcpStream, mut to: TcpStream| {
                std::thread::spawn(move || {
                    use std::io::{Read, Write};
                    let mut buf = vec![0u8; (rate / 20).max(1)];
                    while let Ok(n) = from.read(&mut buf) {
                        if n == 0 || to.write_all(&buf[..n]).is_err() {
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    let _ = to.shutdown(std::net::Shutdown::Both);
                });
            };
            pipe(client.try_clone().unwrap(), server.try_clone().unwrap());
            pipe(server, client);
        }
    });
    relay
}

/// OpenSSH's sshd with its SFTP server, for the user running the tests, who logs in with a
/// fresh key.
pub struct Sshd {
    // Fields drop in order: the server stops before its folder is removed.
    _process: Process,
    dir: tempfile::TempDir,
    /// The port.
    pub port: u16,
    /// The user's private key.
    pub key: PathBuf,
    /// A known_hosts file that holds the server's key.
    pub known_hosts: PathBuf,
    /// The folder deploys go to.
    pub www: PathBuf,
}

impl Sshd {
    /// Starts a server; returns when it accepts connections.
    pub fn start() -> Sshd {
        ensure_tools();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for key in ["host", "client"] {
            let path = d.join(key);
            assert!(run(Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(&path)));
        }
        std::fs::copy(d.join("client.pub"), d.join("authorized_keys")).unwrap();
        if login_name() == "root" {
            let _ = std::fs::create_dir_all("/run/sshd");
        }
        let port = free_port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host\nPidFile {d}/sshd.pid\n\
             AuthorizedKeysFile {d}/authorized_keys\nStrictModes no\nPasswordAuthentication yes\n\
             KbdInteractiveAuthentication no\nUsePAM no\nPermitRootLogin yes\nLogLevel INFO\n\
             Subsystem sftp {SFTP_SERVER} -e -l INFO 2>>{d}/sftp.log\n",
            d = d.display()
        );
        std::fs::write(d.join("sshd_config"), config).unwrap();
        let host_pub = std::fs::read_to_string(d.join("host.pub")).unwrap();
        let key_only: Vec<&str> = host_pub.split_whitespace().take(2).collect();
        let known_hosts = d.join("known_hosts");
        std::fs::write(
            &known_hosts,
            format!("[127.0.0.1]:{port} {}\n", key_only.join(" ")),
        )
        .unwrap();
        std::fs::write(d.join("host.key"), key_only.join(" ")).unwrap();
        let log = d.join("sshd.log");
        let mut child = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start sshd");
        wait_for(port, &mut child, &log);
        Sshd {
            key: d.join("client"),
            www: d.join("www"),
            known_hosts,
            port,
            _process: Process(child),
            dir,
        }
    }

    /// The address to deploy to: the `www` folder, by its absolute path.
    pub fn target(&self) -> String {
        self.target_at(self.port)
    }

    /// The same folder reached through another port (a relay), which known_hosts now
    /// knows too.
    pub fn target_at(&self, port: u16) -> String {
        if port != self.port {
            let key = std::fs::read_to_string(self.dir.path().join("host.key")).unwrap();
            let mut known = std::fs::read_to_string(&self.known_hosts).unwrap();
            known.push_str(&format!("[127.0.0.1]:{port} {key}\n"));
            std::fs::write(&self.known_hosts, known).unwrap();
        }
        format!(
            "sftp://{}@127.0.0.1:{port}/{}/",
            login_name(),
            self.www.display()
        )
    }

    /// The target with the key and known_hosts: the arguments after `deploy`.
    pub fn args(&self) -> Vec<String> {
        vec![
            "--to".into(),
            self.target(),
            "--identity".into(),
            self.key.display().to_string(),
            "--known-hosts".into(),
            self.known_hosts.display().to_string(),
        ]
    }

    /// The SFTP server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("sftp.log")).unwrap_or_default()
    }

    /// Forgets the log so far.
    pub fn clear_log(&self) {
        std::fs::write(self.dir.path().join("sftp.log"), "").unwrap();
    }

    /// The site files the server's log shows written since the log was cleared: each upload
    /// opens a temporary name for writing.
    pub fn uploads(&self) -> Vec<String> {
        let prefix = format!("{}/", self.www.display());
        let mut out: Vec<String> = self
            .log()
            .lines()
            .filter(|l| l.starts_with("open \"") && l.contains("flags WRITE,CREATE,TRUNCATE"))
            .filter_map(|l| l.split('"').nth(1))
            .map(unescape)
            .filter_map(|p| p.strip_prefix(&prefix).and_then(from_part))
            .collect();
        out.sort();
        out
    }
}

/// pyftpdlib serving one user, over TLS or plain FTP.
pub struct Ftpd {
    // Fields drop in order: the server stops before its folder is removed.
    _process: Process,
    dir: tempfile::TempDir,
    /// The port.
    pub port: u16,
    /// The folder deploys go to.
    pub www: PathBuf,
    /// The certificate authority to trust (TLS only).
    pub ca: PathBuf,
}

impl Ftpd {
    /// Starts a server; returns when it accepts connections.
    pub fn start(tls: bool) -> Ftpd {
        ensure_tools();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("root")).unwrap();
        std::fs::create_dir(d.join("tls")).unwrap();
        // The passive ports follow the control port: keep clear of the next forty.
        let port = loop {
            let p = free_port();
            if p < 65000 {
                break p;
            }
        };
        let log = d.join("ftpd.log");
        let mut cmd = Command::new("python3");
        cmd.arg(repo().join("tests/deploy/ftpd.py"))
            .arg(d.join("root"))
            .arg(port.to_string())
            .arg(&log)
            .args(["editor", FTP_PASSWORD]);
        if tls {
            cmd.arg(d.join("tls"));
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(d.join("stderr")).unwrap())
            .spawn()
            .expect("start pyftpdlib");
        wait_for(port, &mut child, &d.join("stderr"));
        Ftpd {
            www: d.join("root/www"),
            ca: d.join("tls/ca.pem"),
            port,
            _process: Process(child),
            dir,
        }
    }

    /// The address to deploy to.
    pub fn target(&self, scheme: &str) -> String {
        format!("{scheme}://editor@127.0.0.1:{}/www/", self.port)
    }

    /// Forgets the log so far.
    pub fn clear_log(&self) {
        std::fs::write(self.dir.path().join("ftpd.log"), "").unwrap();
    }

    /// The site files the server's log shows stored since the log was cleared.
    pub fn uploads(&self) -> Vec<String> {
        let log = std::fs::read_to_string(self.dir.path().join("ftpd.log")).unwrap_or_default();
        let prefix = format!("{}/", self.www.display());
        let mut out: Vec<String> = log
            .lines()
            .filter_map(|l| l.split_once(" STOR ").map(|(_, rest)| rest))
            .filter_map(|rest| rest.rsplit_once(" completed=").map(|(p, _)| p))
            .filter_map(|p| p.strip_prefix(&prefix).and_then(from_part))
            .collect();
        out.sort();
        out
    }
}
