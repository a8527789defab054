/// What `bind` takes out of `value`: the values an `if case` pattern binds, or nil when the
/// value is another case. With `try #require`, a test stops on the wrong case and says so:
///
///     let (tag, digest) = try #require(bound(event) { if case .imagePushed(let tag, let digest) = $0 { (tag, digest) } else { nil } })
func bound<Value, Bound>(_ value: Value, _ bind: (Value) -> Bound?) -> Bound? { bind(value) }
