//! The events the preview page follows (builds, API calls and LRS requests,
//! resets), numbered, kept in memory, and handed out by long polling: a page
//! asks for what came after the last number it saw and waits until there is
//! something (or a time-out), so no event is missed across reconnects.

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// How many events are kept (older ones are dropped; a page that fell that
/// far behind reloads its view from `/_preview/api/state`).
const KEPT: usize = 20_000;

/// The numbered list of events.
#[derive(Default)]
pub struct Hub {
    inner: Mutex<Inner>,
    changed: Condvar,
}

#[derive(Default)]
struct Inner {
    next: u64,
    events: VecDeque<Value>,
}

impl Hub {
    /// Add an event of `kind` with `data`'s fields; returns its number.
    pub fn publish(&self, kind: &str, data: Value) -> u64 {
        let mut inner = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        inner.next += 1;
        let seq = inner.next;
        let mut event = json!({ "seq": seq, "kind": kind });
        if let (Some(e), Value::Object(fields)) = (event.as_object_mut(), data) {
            for (k, v) in fields {
                if k != "seq" && k != "kind" {
                    e.insert(k, v);
                }
            }
        }
        inner.events.push_back(event);
        while inner.events.len() > KEPT {
            inner.events.pop_front();
        }
        drop(inner);
        self.changed.notify_all();
        seq
    }

    /// The number of the last event.
    pub fn last(&self) -> u64 {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner).next
    }

    /// The events after `after`, waiting up to `wait` for one to come.
    /// Returns `(events, lost)`: `lost` is true when some were dropped.
    pub fn since(&self, after: u64, wait: Duration) -> (Vec<Value>, bool) {
        let deadline = Instant::now() + wait;
        let mut inner = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        loop {
            if inner.next > after {
                let first = inner.events.front().and_then(|e| e["seq"].as_u64()).unwrap_or(inner.next + 1);
                let lost = first > after + 1;
                let events =
                    inner.events.iter().filter(|e| e["seq"].as_u64().is_some_and(|s| s > after)).cloned().collect();
                return (events, lost);
            }
            let now = Instant::now();
            if now >= deadline {
                return (Vec::new(), false);
            }
            inner =
                self.changed.wait_timeout(inner, deadline - now).unwrap_or_else(std::sync::PoisonError::into_inner).0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_waiting_reader_gets_the_next_event() {
        let hub = Arc::new(Hub::default());
        hub.publish("a", json!({ "x": 1 }));
        let reader = {
            let hub = Arc::clone(&hub);
            std::thread::spawn(move || hub.since(1, Duration::from_secs(30)))
        };
        hub.publish("b", json!({}));
        let (events, lost) = reader.join().unwrap();
        assert!(!lost);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0]["kind"], "b");
        assert_eq!(hub.since(0, Duration::ZERO).0.len(), 2);
        assert_eq!(hub.since(2, Duration::from_millis(1)).0.len(), 0);
    }
}
