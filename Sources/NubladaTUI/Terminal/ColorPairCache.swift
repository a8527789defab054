@preconcurrency import CNcursesw

/// Curses colour pairs allocated on demand for (foreground, background), at most `capacity`;
/// when full, further combinations fall back to pair 0 (the terminal's default colours).
struct ColorPairCache {
    private(set) var pairs: [PairKey: Int16] = [:]
    let capacity: Int

    struct PairKey: Hashable {
        var foreground: Int16
        var background: Int16
    }

    init(capacity: Int) {
        self.capacity = max(0, min(capacity, Int(Int16.max)))
    }

    /// The pair for (foreground, background), allocating it with `initPair` on first use.
    mutating func pair(foreground: Int16, background: Int16, initPair: (Int16, Int16, Int16) -> Void) -> Int16 {
        if foreground == -1 && background == -1 { return 0 }
        let key = PairKey(foreground: foreground, background: background)
        if let pair = pairs[key] { return pair }
        guard pairs.count < capacity else { return 0 }
        let pair = Int16(pairs.count + 1)
        initPair(pair, foreground, background)
        pairs[key] = pair
        return pair
    }

    /// Forgets every pair (a new theme reallocates from 1).
    mutating func reset() { pairs.removeAll(keepingCapacity: true) }
}
