/// The error documents of the two APIs: Google's `{"error": {...}}` and Kubernetes'
/// `Status` objects.
enum ErrorBodies {
    /// The canonical Google status name for an HTTP code.
    static func googleStatus(_ code: Int) -> String {
        switch code {
        case 400: return "INVALID_ARGUMENT"
        case 401: return "UNAUTHENTICATED"
        case 403: return "PERMISSION_DENIED"
        case 404: return "NOT_FOUND"
        case 409: return "ABORTED"
        case 429: return "RESOURCE_EXHAUSTED"
        case 499: return "CANCELLED"
        case 501: return "UNIMPLEMENTED"
        case 503: return "UNAVAILABLE"
        case 504: return "DEADLINE_EXCEEDED"
        default: return code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION"
        }
    }

    /// The message Google sends with an injected failure of `code`.
    static func googleMessage(_ code: Int) -> String {
        switch code {
        case 401: return "Request had invalid authentication credentials."
        case 403: return "The caller does not have permission"
        case 404: return "Requested entity was not found."
        case 429: return "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute'."
        case 503: return "The service is currently unavailable."
        case 504: return "The request timed out."
        default: return code >= 500 ? "Internal error encountered." : "Request failed."
        }
    }

    /// `{"error":{"code":C,"message":"...","status":"..."}}`
    static func google(_ code: Int, message: String? = nil) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{\"error\":{")
        writer.field("code", code, first: true)
        writer.field("message", message ?? googleMessage(code))
        writer.field("status", googleStatus(code))
        writer.raw("}}")
        return writer.bytes
    }

    /// The Kubernetes `reason` for an HTTP code.
    static func kubernetesReason(_ code: Int) -> String {
        switch code {
        case 400: return "BadRequest"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 405: return "MethodNotAllowed"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 429: return "TooManyRequests"
        case 503: return "ServiceUnavailable"
        case 504: return "Timeout"
        default: return code >= 500 ? "InternalError" : "BadRequest"
        }
    }

    /// The message the apiserver sends with an injected failure of `code`.
    static func kubernetesMessage(_ code: Int) -> String {
        switch code {
        case 401: return "Unauthorized"
        case 403: return "forbidden"
        case 404: return "the server could not find the requested resource"
        case 429: return "Too many requests, please try again later."
        case 503: return "the server is currently unable to handle the request"
        case 504: return "the server was unable to return a response in the time allotted"
        default: return code >= 500 ? "an error on the server has prevented the request from succeeding" : "bad request"
        }
    }

    /// A `Status` object with `status: Failure`.
    static func kubernetes(_ code: Int, reason: String? = nil, message: String? = nil,
                           details: (name: String, kind: String)? = nil) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\"")
        writer.field("message", message ?? kubernetesMessage(code))
        writer.field("reason", reason ?? kubernetesReason(code))
        if let details {
            writer.raw(",\"details\":{")
            writer.field("name", details.name, first: true)
            writer.field("kind", details.kind)
            writer.raw("}")
        } else if code == 404 {
            writer.raw(",\"details\":{}")
        }
        writer.field("code", code)
        writer.raw("}")
        return writer.bytes
    }

    /// The apiserver's message for a continue token from an older resourceVersion.
    static let expiredContinueMessage = "The provided continue parameter is too old to display a consistent list "
        + "result. You can start a new list without the continue parameter, or use the continue token in this "
        + "response to retrieve the remainder of the results. Continuing with the provided token results in an "
        + "inconsistent list - objects that were created, modified, or deleted between the time the first chunk "
        + "was returned and now may show up in the list."
}
