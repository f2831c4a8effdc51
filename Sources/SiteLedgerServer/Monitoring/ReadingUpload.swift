import Vapor
import Fluent
import SiteLedgerCore

/// 数据推送 — readings a vendor's platform pushes over HTTP, turned into the readings a packet
/// would have given: the same factor codes, flags and unit scale, through `Reading`.
enum ReadingUpload {
    static let maxReadings = 1_000

    /// `body`'s readings, each for a device `principal` may push for; the first that is not
    /// is refused by its field (`readings[3].mn`), and nothing of the request is stored.
    static func readings(_ body: UploadReadingsRequest, from principal: Principal, ledger: SiteLedger, on db: any Database) async throws -> [StoredReading] {
        guard !body.readings.isEmpty else { throw APIError.invalid("readings", code: "empty", en: "send at least one reading", zh: "至少包含一条数据") }
        guard body.readings.count <= maxReadings else {
            throw APIError.invalid("readings", code: "too_many", en: "at most \(maxReadings) readings per request", zh: "每次最多推送 \(maxReadings) 条数据")
        }
        let devices = try await Device.query(on: db).filter(\.$mn ~~ Set(body.readings.map(\.mn))).all()
        let byMN = Dictionary(devices.map { ($0.mn, $0) }, uniquingKeysWith: { first, _ in first })
        var admitted: Set<UUID> = []
        let receivedAt = Int(Date().timeIntervalSince1970)
        var readings: [StoredReading] = []
        for (index, item) in body.readings.enumerated() {
            let field = "readings[\(index)]"
            guard let device = byMN[item.mn], try await admits(device, principal, ledger: ledger, on: db, field: field, admitted: &admitted) else {
                throw APIError(.notFound, code: "unknown_device", en: "no device \(item.mn) you may push for", zh: "设备 \(item.mn) 不存在或无权推送", field: "\(field).mn")
            }
            guard device.active else { throw APIError.invalid("\(field).mn", code: "retired_device", en: "device \(item.mn) is retired", zh: "设备 \(item.mn) 已停用") }
            readings.append(StoredReading(device: try device.requireID(), reading: try reading(item, device: device, field: field), receivedAt: receivedAt))
        }
        return readings
    }

    /// Whether `principal` may push for `device`; false where it may not know the device exists.
    private static func admits(
        _ device: Device, _ principal: Principal, ledger: SiteLedger, on db: any Database, field: String, admitted: inout Set<UUID>
    ) async throws -> Bool {
        let id = try device.requireID()
        if admitted.contains(id) { return true }
        do {
            _ = try await ProjectScope.snapshot(device.$project.id, .uploadReadings(vendor: device.$vendor.id), for: principal, ledger: ledger, on: db)
        } catch let error as APIError where error.status == .notFound {
            return false
        } catch let error as APIError where error.status == .forbidden {
            throw APIError(.forbidden, code: "forbidden", en: "you may not push readings for device \(device.mn)", zh: "无权推送设备 \(device.mn) 的数据", field: "\(field).mn")
        }
        admitted.insert(id)
        return true
    }

    private static func reading(_ item: UploadReadingsRequest.Item, device: Device, field: String) throws -> Reading {
        guard let kind = DataKind(rawValue: item.kind) else {
            throw APIError.invalid("\(field).kind", code: "invalid_kind", en: "must be 2011, 2051, 2061 or 2031", zh: "数据类型应为 2011、2051、2061 或 2031")
        }
        guard !item.values.isEmpty else { throw APIError.invalid("\(field).values", code: "empty", en: "send at least one value", zh: "至少包含一个监测因子") }
        for code in item.values.keys where !isFactorCode(code) {
            throw APIError.invalid("\(field).values", code: "invalid_factor", en: "\(code.debugDescription) is not a factor code", zh: "监测因子编码 \(code) 无效")
        }
        let flags = item.flags ?? [:]
        for (code, flag) in flags where item.values[code] == nil || flag.utf8.count != 1 || !flag.utf8.allSatisfy({ (65...90).contains($0) }) {
            throw APIError.invalid("\(field).flags", code: "invalid_flag", en: "flag of \(code) must be one capital letter of a factor sent", zh: "因子 \(code) 的数据标记无效")
        }
        let fields = item.values.sorted { $0.key < $1.key }.flatMap { code, value in
            [HJ212.Field(code, kind.valueKind.description, String(value))] + (flags[code].map { [HJ212.Field(code, "Flag", $0)] } ?? [])
        }
        let packet = HJ212.Packet(
            command: HJ212.Command(rawValue: item.kind), deviceID: device.mn,
            dataTime: HJ212.Timestamp(secondsSince1970: Int(item.dataTime.timeIntervalSince1970.rounded(.down))), fields: HJ212.Fields(fields)
        )
        do {
            return try Reading(packet, particulateScale: device.particulateScale)
        } catch {
            throw APIError.invalid(field, code: "unreadable", en: error.description, zh: "数据无法解析")
        }
    }

    /// HJ 212 factor codes: letters and digits (`a34002`, `LA`, `B03`).
    private static func isFactorCode(_ code: String) -> Bool {
        (1...16).contains(code.utf8.count) && code.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }
}
