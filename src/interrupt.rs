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
    /// An interrupt and the function that raises it (what a signal does).
    fn with_raise() -> (Interrupt, impl Fn() + Send + 'static) {
        let (tx, count) = watch::channel(0usize);
        let interrupt = Interrupt {
            inner: Arc::new(Inner {
                set: AtomicBool::new(false),
                claims: AtomicUsize::new(0),
            }),
            count,
        };
        let inner = interrupt.inner.clone();
        let raise = move || {
            inner.set.store(true, Ordering::Release);
            tx.send_modify(|n| *n += 1);
        };
        (interrupt, raise)
    }

    /// Listens for SIGINT and SIGTERM for the rest of the process (inside the runtime).
    pub fn listen() -> Interrupt {
        let (interrupt, raise) = Interrupt::with_raise();
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
                raise();
            }
        });
        interrupt
    }

    /// An interrupt raised by hand (unit tests): signal with `raise`.
    #[cfg(test)]
    pub fn manual() -> (Interrupt, impl Fn()) {
        Interrupt::with_raise()
    }

    /// An interrupt that never comes (unit tests).
    #[cfg(test)]
    pub fn never() -> Interrupt {
        let (interrupt, raise) = Interrupt::manual();
        std::mem::forget(raise);
        interrupt
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

    /// Resolves at the first signal (for a command that holds a claim and stops on it).
    pub async fn raised(&self) {
        let mut count = self.count.clone();
        while !self.is_set() {
            if count.changed().await.is_err() {
                return std::future::pending().await;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    async fn abandoned(i: &Interrupt) -> bool {
        tokio::time::timeout(Duration::from_millis(50), i.abandon())
            .await
            .is_ok()
    }

    #[tokio::test]
    async fn unclaimed_commands_are_abandoned_at_the_first_signal() {
        let (i, raise) = Interrupt::manual();
        assert!(!abandoned(&i).await && !i.is_set());
        raise();
        assert!(i.is_set() && abandoned(&i).await);
    }

    #[tokio::test]
    async fn a_claim_keeps_the_first_signal_for_the_command_and_yields_to_the_second() {
        let (i, raise) = Interrupt::manual();
        let claim = i.claim();
        let waiting = {
            let i = i.clone();
            tokio::spawn(async move { i.abandon().await })
        };
        tokio::task::yield_now().await;
        raise();
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(i.is_set(), "the command sees the flag");
        assert!(!waiting.is_finished(), "and finishes on its own");
        raise();
        tokio::time::timeout(Duration::from_secs(1), waiting)
            .await
            .expect("a second signal abandons it")
            .unwrap();
        drop(claim);
    }
}
