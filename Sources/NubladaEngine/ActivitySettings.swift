/// What reading the controller's pods depends on beyond the picture: how long the controller
/// waits for a prepull (`images.prepullTimeout`) and the namespace it runs in, where its
/// prepull pods are (the controller takes it from its own pod; `--controller-namespace` here).
public struct ActivitySettings: Hashable, Sendable {
    /// Seconds after which a prepull pod is stuck (the controller gave up on it).
    public var prepullTimeout: Double
    /// Only prepull pods in this namespace are the controller's.
    public var controllerNamespace: ControllerNamespace

    /// The controller's default `prepullTimeout`, 10 minutes.
    public static let defaultPrepullTimeout: Double = 600
    /// Where Phalanx installs the controller.
    public static let defaultControllerNamespace = ControllerNamespace.nublado

    public init(prepullTimeout: Double = defaultPrepullTimeout, controllerNamespace: ControllerNamespace = defaultControllerNamespace) {
        self.prepullTimeout = prepullTimeout
        self.controllerNamespace = controllerNamespace
    }
}
