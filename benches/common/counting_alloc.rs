//! A global allocator that counts, shared by the benches: allocations per call are part of
//! what they report (zero-copy parsers should show a handful, not hundreds).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Wraps the system allocator and counts calls that hand out memory.
pub struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static REALLOCS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`, which upholds the `GlobalAlloc`
// contract; the counters are plain atomics and never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        REALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Heap allocations and reallocations of one call of `f`, averaged over a few calls after a
/// warm-up call, with the warm-up call's result.
pub fn allocs_per_call<T>(mut f: impl FnMut() -> T) -> (f64, f64, T) {
    const RUNS: usize = 16;
    let first = f();
    let a0 = ALLOCS.load(Ordering::Relaxed);
    let r0 = REALLOCS.load(Ordering::Relaxed);
    for _ in 0..RUNS {
        black_box(f());
    }
    let a = ALLOCS.load(Ordering::Relaxed) - a0;
    let r = REALLOCS.load(Ordering::Relaxed) - r0;
    (a as f64 / RUNS as f64, r as f64 / RUNS as f64, first)
}
