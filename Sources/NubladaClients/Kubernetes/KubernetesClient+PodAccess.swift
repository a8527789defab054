extension KubernetesClient {
    /// One small call, `GET /api/v1/pods?limit=1` with the controller pods' label selector, in
    /// all namespaces: whether activity can be read (what `nubladash auth-check` runs). Returns
    /// how many pods the page held (0 or 1); a missing permission throws a 403 `KubernetesError`.
    public func checkPodAccess() throws -> Int {
        try firstPageCount(.pods, page: PodListPage.self, labelSelector: PodListPage.labelSelector)
    }
}
