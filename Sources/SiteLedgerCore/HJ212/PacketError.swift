/// Why a checked frame's data segment could not be read as a packet.
public enum HJ212PacketError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingField(String)
    case invalidField(String, value: String)
    /// No `CP=&&`, or no `&&` closing it.
    case missingCP
    case unterminatedCP
    /// A CP item without `=`.
    case malformedItem(String)

    public var description: String {
        switch self {
        case .missingField(let name): "the header has no \(name)"
        case .invalidField(let name, let value): "\(name)=\(value.debugDescription) is not valid"
        case .missingCP: "the data segment has no CP=&&"
        case .unterminatedCP: "CP is not closed by &&"
        case .malformedItem(let item): "the CP item \(item.debugDescription) is not key=value"
        }
    }

    /// The field the error is about, for answers that name it.
    public var field: String {
        switch self {
        case .missingField(let name), .invalidField(let name, _): name
        case .missingCP, .unterminatedCP, .malformedItem: "CP"
        }
    }
}
