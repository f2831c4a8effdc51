import Foundation
import SQLKit

/// A column's value in a bulk write, in the few types such rows hold; a NULL keeps its
/// column's type, which PostgreSQL asks for.
enum ColumnValue: Sendable {
    case uuid(UUID)
    case integer(Int)
    case real(Double?)
    case text(String?)
}

extension SQLBind {
    init(_ value: ColumnValue) {
        switch value {
        case .uuid(let uuid): self.init(uuid)
        case .integer(let integer): self.init(Int64(integer))
        case .real(let real): self.init(real)
        case .text(let text): self.init(text)
        }
    }
}
