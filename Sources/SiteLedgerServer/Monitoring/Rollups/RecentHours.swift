import Fluent
import Foundation
import NIOConcurrencyHelpers
import SiteLedgerCore

/// The samples of each device's latest hours, held by the monitoring worker between ticks, so
/// that rolling up an hour and judging the windows that close in it do not read the hour back
/// from the database on every tick: at a minute's interval and a tick every few seconds, each
/// reading was read back some sixty times, and reading back was most of the worker's time.
///
/// An hour held holds what the database holds for it, so a rollup made from it is the one a
/// recomputation from the database makes, to the bit: the hour is read whole before anything is
/// added to it, a reading is added only once committed (`add`), and of two with the same series
/// and DataTime the first stays, as the insert's conflict clause keeps it. A reading committed
/// before an hour is read, and added after, finds itself already there.
final class RecentHours: Sendable {
    /// Hours held for each device: its latest and the two before, since a tick judges windows
    /// reaching back an hour before the first hour it touched.
    static let hoursPerDevice = 3

    private struct State {
        /// Samples committed since they were last added to the hours held.
        var committed: [(hour: DeviceHour, sample: Sample)] = []
        var held: [DeviceHour: HourSamples] = [:]

        mutating func addCommitted() {
            for (hour, sample) in committed { held[hour]?.insert(sample) }
            committed = []
        }
    }

    private let state = NIOLockedValueBox(State())

    /// Called once readings are committed, in the order they were.
    func add(_ readings: [StoredReading]) {
        let samples = readings.map { (DeviceHour(device: $0.device, hour: SummarySpan.hour.start(of: $0.reading.time)), Sample($0.reading)) }
        state.withLockedValue { $0.committed += samples }
    }

    /// The samples of each of `hours`, in time order; an hour not held is read from the
    /// database and held from then on.
    func samples(of hours: Set<DeviceHour>, on database: any Database) async throws -> [DeviceHour: [Sample]] {
        // Whatever was committed before the read below is in what it reads.
        let missing = state.withLockedValue { state in
            state.addCommitted()
            return hours.filter { state.held[$0] == nil }
        }
        let read = try await ReadingStore.received(in: missing, withExtra: false, on: database)
        return state.withLockedValue { state in
            for hour in missing where state.held[hour] == nil {
                state.held[hour] = HourSamples(read[hour]?.map { Sample($0.reading) } ?? [])
            }
            return Dictionary(uniqueKeysWithValues: hours.map { ($0, state.held[$0]?.samples ?? []) })
        }
    }

    /// The samples of each of `devices` with a DataTime in `times`, in time order.
    func samples(of devices: [UUID], in times: Range<Int>, on database: any Database) async throws -> [UUID: [Sample]] {
        let starts = Array(stride(from: SummarySpan.hour.start(of: times.lowerBound), to: times.upperBound, by: SummarySpan.hour.seconds))
        let hours = try await samples(of: Set(devices.flatMap { device in starts.map { DeviceHour(device: device, hour: $0) } }), on: database)
        return Dictionary(uniqueKeysWithValues: devices.map { device in
            (device, starts.flatMap { hours[DeviceHour(device: device, hour: $0)] ?? [] }.filter { times.contains($0.time) })
        })
    }

    /// Lets go of each device's hours but its latest `hoursPerDevice`, and of every hour before
    /// `pruned`, whose readings retention deletes.
    func release(before pruned: Int) {
        state.withLockedValue { state in
            state.addCommitted()
            let latest = state.held.keys.reduce(into: [UUID: Int]()) { $0[$1.device] = max($0[$1.device] ?? $1.hour, $1.hour) }
            state.held = state.held.filter { hour, _ in
                hour.hour >= pruned && hour.hour > latest[hour.device]! - Self.hoursPerDevice * SummarySpan.hour.seconds
            }
        }
    }
}

/// One device's hour of samples in time order, one per series and DataTime.
private struct HourSamples {
    private(set) var samples: [Sample] = []

    init(_ samples: [Sample]) {
        for sample in samples { insert(sample) }
    }

    /// Adds `sample` unless one of the same series and DataTime is there already.
    mutating func insert(_ sample: Sample) {
        let key = (sample.time, sample.kind)
        // Readings mostly come in time order.
        if let last = samples.last, (last.time, last.kind) < key { return samples.append(sample) }
        var (low, high) = (0, samples.count)
        while low < high {
            let middle = (low + high) / 2
            if (samples[middle].time, samples[middle].kind) < key { low = middle + 1 } else { high = middle }
        }
        if low < samples.count, samples[low].time == sample.time, samples[low].kind == sample.kind { return }
        samples.insert(sample, at: low)
    }
}
