extension HJ212 {
    /// `YYYYMMDDhhmmss` as devices send `DataTime` and `SystemTime`: Beijing time (UTC+8).
    public struct Timestamp: Hashable, Sendable, CustomStringConvertible {
        public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

        public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
            guard (1970...9999).contains(year), GregorianDate.isValid(year: year, month: month, day: day),
                  (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second)
            else { return nil }
            (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        }

        /// Fourteen digits.
        public init?(_ text: some Collection<UInt8>) {
            guard text.count == 14, let digits = HJ212.decimal(text) else { return nil }
            self.init(
                year: digits / 10_000_000_000, month: digits / 100_000_000 % 100, day: digits / 1_000_000 % 100,
                hour: digits / 10_000 % 100, minute: digits / 100 % 100, second: digits % 100
            )
        }

        /// The instant, counted from the Unix epoch.
        public init(secondsSince1970 seconds: Int) {
            let local = seconds + 8 * 3600
            let days = local.floorDivided(by: 86_400), time = local - days * 86_400
            let (year, month, day) = Self.civil(fromDays: days)
            (self.year, self.month, self.day) = (year, month, day)
            (hour, minute, second) = (time / 3600, time / 60 % 60, time % 60)
        }

        public var secondsSince1970: Int {
            Self.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - 8 * 3600
        }

        public var description: String {
            var digits: [UInt8] = []
            digits.reserveCapacity(14)
            for (value, width) in [(year, 4), (month, 2), (day, 2), (hour, 2), (minute, 2), (second, 2)] {
                var divisor = width == 4 ? 1000 : 10
                while divisor > 0 {
                    digits.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                    divisor /= 10
                }
            }
            return String(decoding: digits, as: UTF8.self)
        }

        // Howard Hinnant's days-from-civil and its inverse (proleptic Gregorian calendar).
        private static func days(year: Int, month: Int, day: Int) -> Int {
            let y = month <= 2 ? year - 1 : year
            let era = y.floorDivided(by: 400), yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
        }

        private static func civil(fromDays days: Int) -> (Int, Int, Int) {
            let z = days + 719_468, era = z.floorDivided(by: 146_097), dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let mp = (5 * dayOfYear + 2) / 153
            let day = dayOfYear - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9
            return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
        }
    }
}

private extension Int {
    func floorDivided(by divisor: Int) -> Int {
        (self >= 0 ? self : self - divisor + 1) / divisor
    }
}
