/// The semantic role of a cell; a theme maps each role to colours and attributes.
///
/// Raw values are the names used in theme files.
public enum ThemeRole: String, CaseIterable, Hashable, Sendable {
    /// Ordinary text and the screen background.
    case text
    /// Secondary text: column headings, units, hints.
    case dim
    /// The top header bar.
    case header
    /// Panel rules and separators.
    case border
    /// The title of the focused panel.
    case focus
    /// The selected row.
    case selection
    /// Matrix: the node caches the image.
    case cached
    /// Matrix: an eligible node lacks the image.
    case missing
    /// Matrix: the image is not required on an ineligible node.
    case notRequired = "not-required"
    /// Matrix: unknown, the node's image list may be truncated.
    case unknown
    /// Matrix: a prepull pod is pulling the image.
    case pulling
    /// Matrix: the prepull pod waits in a pull error (`ErrImagePull`, `ImagePullBackOff`, …).
    case failing
    /// Matrix: the prepull pod is older than the controller's `prepullTimeout`.
    case stuck
    /// An ineligible (tainted) node.
    case ineligible
    /// An alias tag and its target.
    case alias
    /// The recommended image.
    case recommended
    /// A pinned image.
    case pinned
    /// An image of the prepull set.
    case prepull
    /// Error messages.
    case error
    /// Warnings (truncated image lists, theme problems).
    case warning
    /// Data from a failed or old refresh.
    case stale
    /// All good: fully prepulled, refresh succeeded.
    case ok
    /// Key names in the help overlay and status line.
    case key
    /// The filter prompt.
    case prompt
    /// Group headings inside a panel (image types).
    case group
}
