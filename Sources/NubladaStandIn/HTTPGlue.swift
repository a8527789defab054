import Hummingbird
import NIOCore

/// The request context of the stand-in's listeners: Hummingbird's core storage plus the
/// connection, for the listener's security to read a client certificate from.
struct StandInRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}

extension StandInRequest {
    /// From a Hummingbird request.
    init(_ request: Request) {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters where query[String(name)] == nil {
            query[String(name)] = String(value)
        }
        self.init(method: request.method.rawValue, path: request.uri.path, query: query,
                  authorization: request.headers[.authorization], accept: request.headers[.accept])
    }
}

extension StandInReply {
    /// As a Hummingbird response with `Content-Type: application/json`.
    var response: Response {
        var buffer = ByteBufferAllocator().buffer(capacity: body.count)
        buffer.writeBytes(body)
        return Response(status: HTTPResponse.Status(code: status, reasonPhrase: Self.reasonPhrase(status)),
                        headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: buffer))
    }

    static func reasonPhrase(_ code: Int) -> String {
        switch code {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Status \(code)"
        }
    }
}

extension StandInIncoming {
    /// A Hummingbird request as the filters see it.
    init(_ request: Request, side: StandInSide, path: String, baseURL: String) {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        self.init(side: side, baseURL: baseURL, method: request.method.rawValue, path: path, headers: headers,
                  body: { (try? await request.body.collect(upTo: 1 << 20)).map { String(buffer: $0) } ?? "" })
    }
}

extension StandInFilterAnswer {
    /// As a Hummingbird response.
    var response: Response {
        var buffer = ByteBufferAllocator().buffer(capacity: body.count)
        buffer.writeBytes(body)
        var fields: HTTPFields = [.contentType: contentType]
        // The names are the filters' own constants ("Metadata-Flavor"), valid field names.
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { fields[.init(name)!] = value }
        return Response(status: HTTPResponse.Status(code: status, reasonPhrase: StandInReply.reasonPhrase(status)),
                        headers: fields, body: ResponseBody(byteBuffer: buffer))
    }
}
