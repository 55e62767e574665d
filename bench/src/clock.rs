//! Wall and CPU clocks. On a shared 2-core machine, a single-threaded phase's thread CPU time
//! is far steadier than its wall time, so both are reported.

use std::time::Instant;

fn timespec_secs(clock: libc::clockid_t) -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the clock ids used are supported on Linux.
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    if rc != 0 {
        return 0.0;
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// CPU seconds used by the calling thread.
pub fn thread_cpu() -> f64 {
    timespec_secs(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// User + system CPU seconds of every waited-for child process (and theirs).
pub fn children_cpu() -> f64 {
    // SAFETY: `usage` is a valid, writable rusage.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    if rc != 0 {
        return 0.0;
    }
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Peak resident set of the waited-for children, KiB (`ru_maxrss` of RUSAGE_CHILDREN).
pub fn children_maxrss_kib() -> u64 {
    // SAFETY: as above.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    if rc != 0 { 0 } else { usage.ru_maxrss.max(0) as u64 }
}

/// Both clocks at once.
#[derive(Debug, Clone, Copy)]
pub struct Stopwatch {
    wall: Instant,
    cpu: f64,
}

impl Stopwatch {
    pub fn start() -> Stopwatch {
        Stopwatch { wall: Instant::now(), cpu: thread_cpu() }
    }
    /// (wall seconds, thread CPU seconds) since start.
    pub fn elapsed(&self) -> (f64, f64) {
        (self.wall.elapsed().as_secs_f64(), thread_cpu() - self.cpu)
    }
    pub fn cpu(&self) -> f64 {
        thread_cpu() - self.cpu
    }
}

/// CPU seconds used by every thread of this process.
pub fn process_cpu() -> f64 {
    timespec_secs(libc::CLOCK_PROCESS_CPUTIME_ID)
}

/// What one child process cost, from `wait4`: its own rusage, not the sum over all children.
#[derive(Debug, Clone, Copy)]
pub struct ChildCost {
    pub wall: f64,
    /// User + system CPU seconds of the child (all its threads).
    pub cpu: f64,
    /// Peak resident set, KiB.
    pub maxrss_kib: u64,
}

/// Runs `cmd` to the end with stdout captured, and measures that process alone.
pub fn run_measured(mut cmd: std::process::Command) -> Result<(String, ChildCost), String> {
    use std::io::Read;
    let start = Instant::now();
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut stdout).map_err(|e| e.to_string())?;
    }
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `usage` is a valid, writable rusage; `pid` is our own unwaited child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    if rc != pid {
        return Err(format!("wait4 failed for {cmd:?}"));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("{cmd:?} failed (wait status {status})"));
    }
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    Ok((
        stdout,
        ChildCost { wall, cpu: tv(usage.ru_utime) + tv(usage.ru_stime), maxrss_kib: usage.ru_maxrss.max(0) as u64 },
    ))
}
