extension ImageTag {
    /// Orders two tags of the same type: -1, 0 or 1 (newer is greater).
    ///
    /// Without a version on either side the base names are compared; otherwise the semantic
    /// versions. Ties are broken by cycle, cycle build, RSP build (missing first), extra
    /// (missing first) and architecture (missing last).
    public static func compare(_ a: ImageTag, _ b: ImageTag) -> Int {
        if let va = a.version, let vb = b.version {
            let order = SemanticVersion.compare(va, vb)
            if order != 0 { return order }
        } else {
            let order = compareCodePoints(a.base ?? "", b.base ?? "")
            if order != 0 { return order }
        }
        for (x, y) in [(a.cycle, b.cycle), (a.cycleBuild, b.cycleBuild), (a.build, b.build)] {
            let order = missingFirst(x, y) { $0 == $1 ? 0 : ($0 < $1 ? -1 : 1) }
            if order != 0 { return order }
        }
        let extra = missingFirst(a.extra, b.extra, compareCodePoints)
        if extra != 0 { return extra }
        return -missingFirst(a.architecture, b.architecture) { -compareCodePoints($0, $1) }
    }

    private static func missingFirst<T>(_ x: T?, _ y: T?, _ order: (T, T) -> Int) -> Int {
        switch (x, y) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (x?, y?): return order(x, y)
        }
    }

    /// Sorts tags of one type newest first, keeping equal ones in their given order.
    public static func newestFirst(_ tags: [ImageTag]) -> [ImageTag] {
        sortedNewestFirst(tags, by: \.self)
    }
}

/// Sorts items of one tag type newest first by their tags, keeping equal ones in their given
/// order (as Python's stable `sort(reverse=True)` does in the controller).
func sortedNewestFirst<Item>(_ items: [Item], by tag: (Item) -> ImageTag) -> [Item] {
    items.enumerated().sorted { l, r in
        let order = ImageTag.compare(tag(l.element), tag(r.element))
        return order != 0 ? order > 0 : l.offset < r.offset
    }.map(\.element)
}
