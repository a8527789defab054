import NubladaEngine

/// What a Docker client learned of one alias in an earlier refresh.
struct RememberedAlias: Sendable, Hashable {
    /// The alias's digest when it was looked up: a new digest means the tag moved.
    var digest: String
    /// The tag found with that digest; nil when the search found none.
    var target: String?
    /// How many tags the search looked at.
    var searched: Int
}

extension DockerRegistryClient {
    /// Where each alias of `plan` points, by alias. An alias outside the prepull set costs one
    /// `HEAD` for its digest; a target remembered from an earlier refresh one `HEAD` to verify;
    /// only an alias whose digest changed (or whose remembered target no longer has it) is
    /// searched, newest candidates first, at most `concurrency` requests at once, stopping at
    /// the first match. A search that found nothing is not repeated while the alias's digest
    /// stays the same. Nothing here fails the listing: what could not be read is reported as
    /// not found (the controller's documents do not need it).
    func lookUpAliases(_ plan: AliasLookupPlan, within deadline: Deadline) -> [String: AliasTarget] {
        var lookup = AliasLookupRound(client: self, deadline: deadline, known: plan.knownDigests)
        lookup.fetch(plan.aliasesNeedingDigest)
        let remembered = rememberedAliases.withLock { $0 }
        var found: [String: AliasTarget] = [:]
        var toVerify: [(alias: String, digest: String, target: String)] = []
        var toSearch: [(alias: String, digest: String)] = []
        for alias in plan.aliases {
            guard let digest = lookup.digest(of: alias) else {
                found[alias] = AliasTarget(digest: nil, target: nil, foundBy: .notFound)
                continue
            }
            if let target = plan.listingTarget(forDigest: digest) {
                found[alias] = AliasTarget(digest: digest, target: target, foundBy: .listing)
            } else if let memory = remembered[alias], memory.digest == digest {
                if let target = memory.target {
                    toVerify.append((alias, digest, target))
                } else {
                    found[alias] = AliasTarget(digest: digest, target: nil, foundBy: .notFound, searched: memory.searched)
                }
            } else {
                toSearch.append((alias, digest))
            }
        }
        lookup.fetch(toVerify.map(\.target))
        for (alias, digest, target) in toVerify {
            if lookup.digest(of: target) == digest {
                found[alias] = AliasTarget(digest: digest, target: target, foundBy: .search, searched: remembered[alias]?.searched ?? 0)
            } else {
                toSearch.append((alias, digest))
            }
        }
        var learned: [String: RememberedAlias] = [:]
        for (alias, digest) in toSearch {
            let result = lookup.search(plan.candidates(for: alias), for: digest)
            found[alias] = AliasTarget(digest: digest, target: result.target, foundBy: result.target == nil ? .notFound : .search,
                                       searched: result.searched)
            // A search cut short by a failure is tried again next refresh; one that looked at
            // every candidate (or found the target) stands while the alias's digest does.
            if result.complete { learned[alias] = RememberedAlias(digest: digest, target: result.target, searched: result.searched) }
        }
        let current = Set(plan.aliases)
        rememberedAliases.withLock { memory in
            memory = memory.filter { current.contains($0.key) }.merging(learned) { $1 }
        }
        return found
    }
}

/// The digests one refresh's alias lookups have read, so that no tag is asked twice.
private struct AliasLookupRound {
    let client: DockerRegistryClient
    let deadline: Deadline
    /// Digests by tag: the prepull set's, then each tag this round fetched.
    var digests: [String: String]
    /// Tags asked for whose digest could not be read.
    var failed: [String: FailureKind] = [:]

    init(client: DockerRegistryClient, deadline: Deadline, known: [String: String]) {
        self.client = client
        self.deadline = deadline
        digests = known
    }

    func digest(of tag: String) -> String? { digests[tag] }

    /// One `HEAD` for each tag not read yet, at most the client's concurrency at once.
    mutating func fetch(_ tags: [String]) {
        var wanted: [String] = []
        for tag in tags where digests[tag] == nil && failed[tag] == nil && !wanted.contains(tag) { wanted.append(tag) }
        guard !wanted.isEmpty, !deadline.hasPassed else { return }
        // A failure is an answer about its tag alone: the other requests go on.
        for (tag, result) in zip(wanted, client.readDigests(wanted, within: deadline, stopAtFailure: false)) {
            switch result {
            case .success(let digest): digests[tag] = digest
            case .failure(let error): failed[tag] = FailureCause(of: error).kind
            case nil: failed[tag] = .other
            }
        }
    }

    /// The newest of `candidates` with `digest`, reading them a window of the client's
    /// concurrency at a time and stopping at the window that holds a match. `complete` is
    /// false when a passing failure (network, timeout, a server error) cut the search short:
    /// its absence proves nothing, so it is tried again. A refusal (401, 403) stands like a
    /// finished search: asking again every refresh would only be refused again.
    mutating func search(_ candidates: [String], for digest: String) -> (target: String?, searched: Int, complete: Bool) {
        var searched = 0
        for start in stride(from: 0, to: candidates.count, by: client.concurrency) {
            let window = Array(candidates[start..<min(start + client.concurrency, candidates.count)])
            fetch(window)
            for tag in window {
                if let kind = failed[tag], kind != .notFound { return (nil, searched, kind == .auth || kind == .permission) }
                if digests[tag] == nil && failed[tag] == nil { return (nil, searched, false) }
                searched += 1
                if digests[tag] == digest { return (tag, searched, true) }
            }
        }
        return (nil, searched, true)
    }
}
