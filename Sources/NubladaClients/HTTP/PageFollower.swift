/// Follows a paged listing (a Docker `tags/list` and its `Link`s, the Artifact Registry's and
/// Kubernetes' page tokens) to its end, within the side's limits: a server whose every page
/// carries new items and a new next page must not hold a refresh, or its memory, without end.
/// The listing stops, in one line naming the bound, at a page seen twice, past the most pages
/// or items of ``SideLimits``, or at the side's deadline.
struct PageFollower {
    /// What is listed, for messages: `tags/list`, `the node list`.
    let listing: String
    /// What its items are: `tags`, `images`, `nodes`.
    let noun: String
    let deadline: Deadline
    /// Whether pages' items are counted (a Kubernetes page is decoded later, on another core).
    let countsItems: Bool
    private var cursors: Set<String>
    private(set) var pages = 0
    private(set) var items = 0

    /// - Parameters:
    ///   - first: the first page's cursor (its URL or token), so that a link back to it counts
    ///     as a repeat.
    ///   - countsItems: false when the items of a page are not known as it arrives: the pages
    ///     and the deadline bound the listing then.
    init(listing: String, noun: String, first: String? = nil, countsItems: Bool = true, deadline: Deadline) {
        self.listing = listing
        self.noun = noun
        self.countsItems = countsItems
        self.deadline = deadline
        cursors = first.map { [$0] } ?? []
    }

    /// Counts a page of `count` items whose next page is `next`; returns the next page's
    /// cursor, nil when the listing has ended. Throws when a bound is reached.
    mutating func next(after count: Int, cursor next: String?) throws(PagingLimit) -> String? {
        pages += 1
        items += count
        let limits = deadline.limits
        if items > limits.maximumItems {
            throw PagingLimit("\(listing) passed \(Self.grouped(limits.maximumItems)) \(noun), the most nubladash reads (after \(progress)); refusing to read on")
        }
        guard let next else { return nil }
        guard cursors.insert(next).inserted else {
            throw PagingLimit("\(listing): the server sent the same next page twice (\(next.prefix(200))); refusing to loop")
        }
        if pages >= limits.maximumPages {
            throw PagingLimit("\(listing) did not end within \(Self.grouped(limits.maximumPages)) pages, the most nubladash follows (\(progress) so far)")
        }
        if deadline.hasPassed {
            throw PagingLimit("\(listing) did not end within \(deadline.budgetName) (\(progress) so far)")
        }
        return next
    }

    /// "2,272 pages, 227,200 tags".
    private var progress: String {
        "\(Self.grouped(pages)) page\(pages == 1 ? "" : "s")" + (countsItems ? ", \(Self.grouped(items)) \(noun)" : "")
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (number < 0 ? "-" : "") + result
    }
}

/// A listing stopped at one of its bounds.
struct PagingLimit: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
