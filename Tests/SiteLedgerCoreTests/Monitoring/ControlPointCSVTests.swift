import Testing
@testable import SiteLedgerCore

@Suite("Monitoring: national control point CSV")
struct ControlPointCSVTests {
    @Test func quotedFieldsByteOrderMarksAndLineEndingsAreRead() throws {
        let table = try CSVTable("\u{FEFF}Code,Name\r\n1144A,\"玄武湖, \"\"北\"\"\"\r\n\r\n1145A,\"两行\n名称\"\n1146A")
        #expect(table.header == ["code", "name"])
        #expect(table.rows.map(\.line) == [2, 4, 6])
        #expect(table.rows.map { table.value("name", in: $0) } == ["玄武湖, \"北\"", "两行\n名称", ""])
        #expect(throws: CSVError(line: 2, field: nil, reason: "a quoted field is not closed")) { try CSVTable("a\n\"open") }
        #expect(throws: CSVError(line: 1, field: nil, reason: "the file is empty: a header row is expected")) { try CSVTable("") }
    }

    @Test func stationsAreReadAndTheFirstWrongValueIsNamedByLineAndField() throws {
        let stations = try ControlStation.rows(fromCSV: "code,name,county,latitude,longitude\n1155A,奥体中心,320105,32.0075,118.7369\n")
        #expect(stations == [ControlStation(code: "1155A", name: "奥体中心", county: "320105", latitude: 32.0075, longitude: 118.7369)])
        #expect(throws: CSVError(line: 3, field: "county", reason: "a six-digit GB/T 2260 county code")) {
            try ControlStation.rows(fromCSV: "code,name,county,latitude,longitude\n1155A,奥体中心,320105,32,118\n1156A,草场门,3201,32,118")
        }
        #expect(throws: CSVError(line: 2, field: "latitude", reason: "\"北纬32\" is not a number")) {
            try ControlStation.rows(fromCSV: "code,name,county,latitude,longitude\n1155A,奥体中心,320105,北纬32,118")
        }
        #expect(throws: CSVError(line: 1, field: "longitude", reason: "the header has no longitude column")) {
            try ControlStation.rows(fromCSV: "code,name,county,latitude\n1155A,奥体中心,320105,32")
        }
    }

    @Test func hourlyMeansTakeBeijingHoursAndPublishedGaps() throws {
        let readings = try ControlReading.rows(fromCSV: "time,station,pm10,pm25\n2026-11-21 08:00,1155A,61,—\n2026-11-21 09:00:00,1155A,,40")
        // 08:00 Beijing on 2026-11-21 is 00:00 UTC: 1_795_190_400 + 8 h.
        #expect(readings == [
            ControlReading(station: "1155A", hour: 1_795_219_200, pm10: 61, pm25: nil),
            ControlReading(station: "1155A", hour: 1_795_222_800, pm10: nil, pm25: 40),
        ])
        for (row, field) in [("2026-11-21 08:30,1155A,61,40", "time"), ("2026-02-30 08:00,1155A,61,40", "time"),
                             ("2026-11-21 08:00,1155A,-3,40", "pm10"), ("2026-11-21 08:00,1155A,,", "pm10")] {
            #expect(throws: CSVError.self) { try ControlReading.rows(fromCSV: "time,station,pm10,pm25\n" + row) }
            do { _ = try ControlReading.rows(fromCSV: "time,station,pm10,pm25\n" + row) } catch { #expect(error.field == field && error.line == 2) }
        }
    }
}
