//! One timed run of a child process: wall time and the child's own peak
//! memory.
//!
//! The child is reaped with `wait4`, which returns that child's resource use
//! alone (`getrusage(RUSAGE_CHILDREN)` would give the largest of every child
//! waited for so far, so a big size would hide the smaller ones after it).
//! One caveat of Linux: a child starts as a copy of its parent, and `exec`
//! keeps that image's peak in the child's figure, so a child never reports
//! less than its parent's resident size at the spawn. The benchmark keeps
//! itself small (it streams the corpus to disk) so the floor stays low.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of a child cost.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub wall: Duration,
    /// Peak resident set size in bytes, where the platform reports it.
    pub peak_rss: Option<u64>,
}

/// Runs `cmd` to the end with its output discarded; an error when it cannot
/// start or exits unsuccessfully (a benchmark of a failing command measures
/// nothing).
pub fn run(cmd: &mut Command) -> Result<Run, String> {
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    // Drain stderr on a thread so a chatty child never blocks on a full pipe.
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let drain = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let (success, peak_rss) = reap(&mut child)?;
    let wall = start.elapsed();
    let stderr = drain.join().unwrap_or_default();
    if !success {
        return Err(format!("{cmd:?} failed:\n{stderr}"));
    }
    Ok(Run { wall, peak_rss })
}

/// Waits for the child; returns whether it succeeded and its peak memory.
#[cfg(unix)]
fn reap(child: &mut std::process::Child) -> Result<(bool, Option<u64>), String> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own unreaped child, and both out-pointers point
        // at live locals. `std` never waits for it afterwards (we never call
        // `Child::wait`), so the pid is reaped exactly once.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("wait4: {err}"));
        }
    }
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // Linux reports `ru_maxrss` in KiB (macOS in bytes; the figure would be
    // off by 1024 there, so it is not reported).
    let peak = cfg!(target_os = "linux").then(|| usage.ru_maxrss as u64 * 1024);
    Ok((success, peak))
}

#[cfg(not(unix))]
fn reap(child: &mut std::process::Child) -> Result<(bool, Option<u64>), String> {
    let status = child.wait().map_err(|e| format!("wait: {e}"))?;
    Ok((status.success(), None))
}

/// The median of some durations (the lower middle one for an even count).
pub fn median(mut values: Vec<Duration>) -> Duration {
    values.sort_unstable();
    values
        .get(values.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        assert_eq!(median(vec![ms(5), ms(1), ms(3)]), ms(3));
        assert_eq!(median(vec![ms(4), ms(1), ms(3), ms(2)]), ms(2));
        assert_eq!(median(vec![]), Duration::ZERO);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn peak_memory_is_the_childs_own() {
        // A child that touches 512 MiB reports at least that; a bare `true`
        // run afterwards reports far less, which `RUSAGE_CHILDREN` (a running
        // maximum over children) would not. (`true` still reports the test
        // process's own size: see the caveat above.)
        let script = "b = bytearray(512 << 20); b[::4096] = b'x' * (512 << 8)";
        let Ok(big) = run(Command::new("python3").args(["-c", script])) else {
            return; // no Python here: nothing to compare with
        };
        let small = run(&mut Command::new("true")).expect("`true` runs");
        let (big, small) = (big.peak_rss.unwrap(), small.peak_rss.unwrap());
        assert!(big >= 512 << 20, "{big}");
        assert!(small < big / 2, "{small} vs {big}");
        assert!(run(&mut Command::new("false")).is_err());
    }
}
