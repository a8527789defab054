/// What the controller's configuration says about lab images: where they come from and
/// which to prepull (`images`), the lab's tolerations (which nodes must hold them) and the
/// spawner dropdown's filter (`dropdownMenu`). Everything the engine needs, as one value.
public struct LabImageSettings: Hashable, Sendable {
    public var prepuller: PrepullerOptions
    public var tolerations: [Toleration]
    public var dropdown: ImageFilterPolicy

    public init(prepuller: PrepullerOptions, tolerations: [Toleration] = [], dropdown: ImageFilterPolicy = ImageFilterPolicy()) {
        self.prepuller = prepuller
        self.tolerations = tolerations
        self.dropdown = dropdown
    }
}
