import Foundation

/// The tag grammar of the Rubin Science Platform lab images (SQR-059), as the controller
/// parses it: the first matching rule wins, and a rule whose numbers make no valid date
/// gives way to the next one.
enum TagParser {
    /// Optional parts, in order: cycle `_cNNNN.BBB`, RSP build `_rspN`, extra (shortest), architecture.
    private static let optionalParts =
        #"(?:_c(?<cycle>\d+)\.(?<cbuild>\d+))?(?:_rsp(?<rsp>\d+))?(?:_(?<extra>.+?))?(?:-(?<arch>[a-z0-9]+))?"#

    private enum Rule {
        case candidate, release, oldRelease, weekly, daily, experimental, unknownWithCycle
    }

    private static let rules: [(Rule, NSRegularExpression)] = {
        let parts: String = optionalParts
        let candidate: String = #"r(?<major>\d+)_(?<minor>\d+)_(?<patch>\d+)_(?<pre>rc\d+)"# + parts
        let release: String = #"r(?<major>\d+)_(?<minor>\d+)_(?<patch>\d+)"# + parts
        let weekly: String = #"w_(?<year>\d+)_(?<week>\d+)"# + parts
        let daily: String = #"d_(?<year>\d+)_(?<month>\d+)_(?<day>\d+)"# + parts
        return [
            (.candidate, wholeMatch(candidate)),
            (.release, wholeMatch(release)),
            (.oldRelease, wholeMatch(#"r(?<major>\d\d)(?<minor>\d)"#)),
            (.weekly, wholeMatch(weekly)),
            (.daily, wholeMatch(daily)),
            (.experimental, wholeMatch(#"exp_(?<rest>.+)"#)),
            (.unknownWithCycle, wholeMatch(#"(?<base>.*)_c(?<cycle>\d+)(?:-(?<arch>[a-z0-9]+))?"#)),
        ]
    }()

    private static let unknownRule = wholeMatch(#"(?<base>.*?)(?:-(?<arch>[a-z0-9]+))?"#)
    private static let aliasRule = wholeMatch(#"(?<base>.*?)(?:_c(?<cycle>\d+))?(?:-(?<arch>[a-z0-9]+))?"#)

    private static func wholeMatch(_ pattern: String) -> NSRegularExpression {
        // Patterns are constants of this file; a failure here is a programming error.
        try! NSRegularExpression(pattern: "^" + pattern + "$", options: [.dotMatchesLineSeparators])
    }

    static func parse(_ input: String) -> ImageTag {
        let tag = input.isEmpty ? "latest" : input
        for (rule, regex) in rules {
            guard let match = Match(regex, tag) else { continue }
            if let parsed = build(rule, match, tag) { return parsed }
        }
        let match = Match(unknownRule, tag)!
        let base = match["base"]!
        let arch = match["arch"]
        return ImageTag(
            tag: tag, imageType: .unknown, displayName: decorate(base, cycle: nil, arch: arch),
            base: base, architecture: arch)
    }

    static func alias(_ tag: String) -> ImageTag {
        let match = Match(aliasRule, tag)!
        let base = match["base"]!
        let cycleText = match["cycle"]
        let arch = match["arch"]
        let name = decorate(base.replacingOccurrences(of: "_", with: " ").pythonTitleCased, cycle: cycleText, arch: arch)
        return ImageTag(
            tag: tag, imageType: .alias, displayName: name, base: base,
            cycle: cycleText.flatMap { Int($0) }, architecture: arch)
    }

    /// `base (SAL Cycle NNNN) [arch]`, the display name of unknown and alias tags.
    private static func decorate(_ base: String, cycle: String?, arch: String?) -> String {
        var name = base
        if let cycle { name += " (SAL Cycle \(cycle))" }
        if let arch { name += " [\(arch)]" }
        return name
    }

    private static func build(_ rule: Rule, _ m: Match, _ tag: String) -> ImageTag? {
        switch rule {
        case .experimental:
            let rest = m["rest"]!
            var inner = parse(rest)
            inner.tag = tag
            inner.imageType = .experimental
            inner.displayName = "Experimental " + inner.displayName
            return inner
        case .unknownWithCycle:
            let base = m["base"]!
            let cycleText = m["cycle"]!
            let arch = m["arch"]
            return ImageTag(
                tag: tag, imageType: .unknown, displayName: decorate(base, cycle: cycleText, arch: arch),
                base: base, cycle: Int(cycleText), architecture: arch)
        case .oldRelease:
            guard let major = m.int("major"), let minor = m.int("minor") else { return nil }
            return ImageTag(
                tag: tag, imageType: .release, displayName: "Release r\(major).\(minor).0",
                version: SemanticVersion(major: major, minor: minor, patch: 0))
        case .candidate, .release:
            guard let major = m.int("major"), let minor = m.int("minor"), let patch = m.int("patch") else { return nil }
            let pre = m["pre"]
            let type: ImageType = rule == .candidate ? .candidate : .release
            var name = "\(type.rawValue) r\(major).\(minor).\(patch)"
            if let pre { name += "-" + pre }
            return withOptionalParts(
                ImageTag(tag: tag, imageType: type, displayName: name,
                         version: SemanticVersion(major: major, minor: minor, patch: patch, prerelease: pre)), m)
        case .weekly:
            guard let yearText = m["year"], let weekText = m["week"], let year = Int(yearText),
                  let week = Int(weekText), let date = CalendarDay(isoYear: year, week: week) else { return nil }
            return withOptionalParts(
                ImageTag(tag: tag, imageType: .weekly, displayName: "Weekly \(yearText)_\(weekText)",
                         version: SemanticVersion(major: year, minor: week, patch: 0), date: date), m)
        case .daily:
            guard let yearText = m["year"], let monthText = m["month"], let dayText = m["day"],
                  let year = Int(yearText), let month = Int(monthText), let day = Int(dayText),
                  let date = CalendarDay(year: year, month: month, day: day) else { return nil }
            return withOptionalParts(
                ImageTag(tag: tag, imageType: .daily, displayName: "Daily \(yearText)_\(monthText)_\(dayText)",
                         version: SemanticVersion(major: year, minor: month, patch: day), date: date), m)
        }
    }

    /// Adds cycle, RSP build, extra and architecture to a versioned tag and its display name.
    private static func withOptionalParts(_ base: ImageTag, _ m: Match) -> ImageTag? {
        var tag = base
        if let cycleText = m["cycle"], let buildText = m["cbuild"] {
            guard let cycle = Int(cycleText), let cycleBuild = Int(buildText) else { return nil }
            tag.cycle = cycle
            tag.cycleBuild = cycleBuild
            tag.displayName += " (SAL Cycle \(cycleText), Build \(buildText))"
        }
        if let rspText = m["rsp"] {
            guard let rsp = Int(rspText) else { return nil }
            tag.build = rsp
            tag.displayName += " (RSP Build \(rsp))"
        }
        if let extra = m["extra"] {
            tag.extra = extra
            tag.displayName += " [\(extra)]"
        }
        if let arch = m["arch"] {
            tag.architecture = arch
            tag.displayName += " [\(arch)]"
        }
        return tag
    }

    /// Named groups of one regular-expression match.
    private struct Match {
        let result: NSTextCheckingResult
        let text: NSString

        init?(_ regex: NSRegularExpression, _ string: String) {
            let ns = string as NSString
            guard let result = regex.firstMatch(in: string, range: NSRange(location: 0, length: ns.length)) else {
                return nil
            }
            self.result = result
            self.text = ns
        }

        subscript(name: String) -> String? {
            let range = result.range(withName: name)
            return range.location == NSNotFound ? nil : text.substring(with: range)
        }

        func int(_ name: String) -> Int? { self[name].flatMap { Int($0) } }
    }
}
