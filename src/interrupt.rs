//! Ctrl-C (SIGINT) and SIGTERM.
//!
//! By default an interrupt abandons the running command at once (exit 130). A command that has
//! something to finish first — `publish` accounting for the events it queued, `tail --group`
//! committing and leaving its group — [`Interrupt::claim`]s the interrupt: while the claim is
//! held, the first signal only raises a flag the command checks ([`Interrupt::is_set`]) and the
//! command stops on its own, within `--timeout`. A second signal abandons it anyway.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::watch;

/// Shared by `main` (which listens for the signals) and the running command.
#[derive(Clone)]
pub struct Interrupt {
    inner: Arc<Inner>,
    /// How many signals arrived so far.
    count: watch::Receiver<usize>,
}

struct Inner {
    set: AtomicBool,
    claims: AtomicUsize,
}

/// While held, an interrupt is the command's to handle (see [`Interrupt::claim`]).
pub struct Claim(Arc<Inner>);

impl Drop for Claim {
    fn drop(&mut self) {
        self.0.claims.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Interrupt {
    /// Listens for SIGINT and SIGTERM for the rest of the process (inside the runtime).
    pub fn listen() -> Interrupt {
        let (tx, count) = watch::channel(0usize);
        let interrupt = Interrupt {
            inner: Arc::new(Inner {
                set: AtomicBool::new(false),
                claims: AtomicUsize::new(0),
            }),
            count,
        };
        let inner = interrupt.inner.clone();
        tokio::spawn(async move {
            #[cfg(unix)]
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
            loop {
                #[cfg(unix)]
                let terminated = async {
                    match term.as_mut() {
                        Some(t) => {
                            t.recv().await;
                        }
                        None => std::future::pending::<()>().await,
                    }
                };
                #[cfg(not(unix))]
                let terminated = std::future::pending::<()>();
                tokio::select! {
                    r = tokio::signal::ctrl_c() => if r.is_err() { return },
                    () = terminated => {}
                }
                inner.set.store(true, Ordering::Release);
                tx.send_modify(|n| *n += 1);
            }
        });
        interrupt
    }

    /// An interrupt that never comes (unit tests).
    #[cfg(test)]
    pub fn never() -> Interrupt {
        let (tx, count) = watch::channel(0usize);
        std::mem::forget(tx);
        Interrupt {
            inner: Arc::new(Inner {
                set: AtomicBool::new(false),
                claims: AtomicUsize::new(0),
            }),
            count,
        }
    }

    /// Whether a signal arrived (cheap: an atomic load, fine in a hot loop).
    pub fn is_set(&self) -> bool {
        self.inner.set.load(Ordering::Acquire)
    }

    /// From now until the claim is dropped, the first signal is the command's to handle.
    pub fn claim(&self) -> Claim {
        self.inner.claims.fetch_add(1, Ordering::AcqRel);
        Claim(self.inner.clone())
    }

    /// Resolves when the running command is to be abandoned: at a signal while nothing is
    /// claimed, or at the second signal.
    pub async fn abandon(&self) {
        let mut count = self.count.clone();
        loop {
            if count.changed().await.is_err() {
                return std::future::pending().await;
            }
            let n = *count.borrow_and_update();
            if n >= 2 || self.inner.claims.load(Ordering::Acquire) == 0 {
                return;
            }
        }
    }
}
