import Fluent
import Crypto
import Foundation
import SiteLedgerCore

enum DeviceService {
    static func register(_ request: RegisterDeviceRequest, inProject projectID: UUID, writes: Writes, now: Date = Date()) async throws -> Device {
        let device = Device()
        device.id = UUID()
        device.$project.id = projectID
        device.kind = request.kind
        device.mn = try validMN(request.mn)
        device.passwordSalt = Data(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }).hexDigits
        device.passwordDigest = digest(try validPassword(request.password), salt: device.passwordSalt)
        device.name = try Validate.text(request.name, "name", max: 100)
        device.$vendor.id = request.vendorId
        device.latitude = try request.latitude.map { try Validate.range($0, "latitude", -90...90) }
        device.longitude = try request.longitude.map { try Validate.range($0, "longitude", -180...180) }
        device.particulateScale = try Validate.range(request.particulateScale ?? 1, "particulateScale", 0.000_001...1_000_000)
        device.systemCode = try validSystemCode(request.systemCode ?? "39")
        device.intervalSeconds = try Validate.range(request.intervalSeconds ?? 60, "intervalSeconds", 10...86_400)
        device.active = true
        device.createdAt = now
        if let vendor = request.vendorId, try await Organization.find(vendor, on: writes.database) == nil {
            throw APIError.invalid("vendorId", code: "unknown_organization", en: "no organization \(vendor)", zh: "设备厂商不存在")
        }
        guard try await Device.query(on: writes.database).filter(\.$mn == device.mn).count() == 0 else {
            throw APIError.conflict("duplicate_mn", en: "a device with MN \(device.mn) is registered", zh: "设备编号 MN \(device.mn) 已登记", field: "mn")
        }
        try await device.create(on: writes.database)
        try writes.record(Change(
            kind: "device.registered", subjectType: "device", subjectID: device.requireID(), subjectLabel: device.mn,
            summary: "登记\(device.kind.nameZH)设备 \(device.mn)", record: DeviceDTO(device)
        ))
        return device
    }

    static func list(_ projectID: UUID, on db: any Database) async throws -> [Device] {
        try await Device.query(on: db).filter(\.$project.$id == projectID).sort(\.$mn).all()
    }

    /// Whether `password` is the HJ 212 access password whose salted digest is `expected`.
    static func accepts(_ password: String?, digest expected: String, salt: String) -> Bool {
        guard let password else { return false }
        return digest(password, salt: salt) == expected
    }

    private static func digest(_ password: String, salt: String) -> String {
        SHA256.hash(data: Data((salt + password).utf8)).hexDigits
    }

    /// HJ 212's MN: 24 hexadecimal digits in the standard, 14–24 letters, digits or `_` in
    /// the field (DOMAIN.md §1).
    private static func validMN(_ mn: String) throws -> String {
        guard (14...24).contains(mn.utf8.count), mn.utf8.allSatisfy({ $0.isASCIILetterOrDigit || $0 == UInt8(ascii: "_") }) else {
            throw APIError.invalid("mn", code: "invalid_mn", en: "must be 14 to 24 letters, digits or underscores", zh: "设备编号 MN 应为 14 至 24 位字母、数字或下划线")
        }
        return mn
    }

    /// PW travels inside the data segment, so it may not hold the characters that delimit it.
    private static func validPassword(_ password: String) throws -> String {
        guard (1...24).contains(password.utf8.count),
              password.utf8.allSatisfy({ (0x21...0x7E).contains($0) && !";=&,".utf8.contains($0) }) else {
            throw APIError.invalid("password", code: "invalid_password", en: "must be 1 to 24 printable ASCII characters other than ; = & ,",
                                   zh: "访问密码应为 1 至 24 位可打印 ASCII 字符，不含 ; = & ,")
        }
        return password
    }

    private static func validSystemCode(_ code: String) throws -> String {
        guard code.utf8.count == 2, code.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw APIError.invalid("systemCode", code: "invalid_system_code", en: "must be two digits, e.g. 39", zh: "系统编码应为两位数字，如 39")
        }
        return code
    }
}

private extension UInt8 {
    var isASCIILetterOrDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
    }
}
