/// Which image panel columns fit a width, and where. Columns are given room in priority
/// order (markers, tag, prepulled n/N, lab pods in use when pods were read, size, digest,
/// upload time); the display name takes what is left.
struct ImagePanelColumns: Hashable {
    struct Span: Hashable {
        var x: Int
        var width: Int
    }

    static let markersWidth = 3
    static let digestWidth = 12
    static let uploadedWidth = 16
    static let minimumNameWidth = 10

    var markers: Span
    var tag: Span
    var name: Span?
    var digest: Span?
    var size: Span?
    var uploaded: Span?
    var prepulled: Span?
    var inUse: Span?

    /// The width of the `in use` column, nil when there is none (no pods read).
    static func inUseWidth(_ prepared: PreparedData) -> Int? {
        prepared.activity?.inUse == nil ? nil : prepared.activity?.inUseWidth
    }

    /// The width that shows every column in full.
    static func preferredWidth(_ prepared: PreparedData) -> Int {
        1 + markersWidth + 1 + prepared.tagWidth + 1 + prepared.displayNameWidth + 1 + digestWidth + 1
            + prepared.sizeWidth + 1 + uploadedWidth + 1 + prepared.prepulledWidth + 1
            + (inUseWidth(prepared).map { $0 + 1 } ?? 0)
    }

    init(prepared: PreparedData, width: Int) {
        var remaining = width - 1 - ImagePanelColumns.markersWidth - 1
        let tagWidth = min(prepared.tagWidth, max(8, remaining))
        remaining -= tagWidth + 1
        func take(_ wanted: Int) -> Int? {
            guard remaining >= wanted + 1 else { return nil }
            remaining -= wanted + 1
            return wanted
        }
        let prepulledWidth = take(prepared.prepulledWidth)
        let inUseWidth = ImagePanelColumns.inUseWidth(prepared).flatMap(take)
        let sizeWidth = take(prepared.sizeWidth)
        let digestWidth = take(ImagePanelColumns.digestWidth)
        let uploadedWidth = take(ImagePanelColumns.uploadedWidth)
        let nameWidth = remaining >= ImagePanelColumns.minimumNameWidth + 1
            ? min(prepared.displayNameWidth, remaining - 1) : nil

        var x = 1
        markers = Span(x: x, width: ImagePanelColumns.markersWidth)
        x += ImagePanelColumns.markersWidth + 1
        tag = Span(x: x, width: tagWidth)
        x += tagWidth + 1
        func place(_ width: Int?) -> Span? {
            guard let width else { return nil }
            defer { x += width + 1 }
            return Span(x: x, width: width)
        }
        name = place(nameWidth)
        digest = place(digestWidth)
        size = place(sizeWidth)
        uploaded = place(uploadedWidth)
        prepulled = place(prepulledWidth)
        inUse = place(inUseWidth)
    }
}
