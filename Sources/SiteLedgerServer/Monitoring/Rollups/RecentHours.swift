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
/// recomputation from the database makes, to the bit. Ingest reports each commit (`add`) with
/// whether every reading in it was new. An hour's readings from commits that were all new are
/// what the database holds of it when it counts as many: then the hour is not read at all.
/// Otherwise it is read whole, and what is committed later is added to it, the first of a
/// series and DataTime staying as the insert's conflict clause keeps it. A commit that was not
/// all new (a re-sent reading, perhaps with other values) lets go of its hours: which of its
/// readings were stored, only the database knows.
final class RecentHours: Sendable {
    /// Hours held for each device: its latest and the two before, since a tick judges windows
    /// reaching back an hour before the first hour it touched.
    static let hoursPerDevice = 3

    private struct Commit {
        let samples: [(hour: DeviceHour, sample: Sample)]
        let allNew: Bool
    }

    private struct State {
        /// Commits not yet sorted into the hours below, in the order they were made.
        var commits: [Commit] = []
        var held: [DeviceHour: HourSamples] = [:]
        /// Hours not held, with the samples of all-new commits since they were last let go of.
        var fresh: [DeviceHour: HourSamples] = [:]
        /// How many commits that were not all new have been sorted.
        var uncertain = 0

        mutating func sortCommits() {
            for commit in commits {
                for (hour, sample) in commit.samples {
                    if !commit.allNew {
                        (held[hour], fresh[hour]) = (nil, nil)
                    } else if held[hour] != nil {
                        held[hour]!.insert(sample)
                    } else {
                        fresh[hour, default: HourSamples()].insert(sample)
                    }
                }
                if !commit.allNew { uncertain += 1 }
            }
            commits = []
        }
    }

    private let state = NIOLockedValueBox(State())

    /// Called once readings are committed, in the order they were, with whether every one of
    /// them was new (none was stored already).
    func add(_ readings: [StoredReading], allNew: Bool) {
        let commit = Commit(samples: readings.map { (DeviceHour(device: $0.device, hour: SummarySpan.hour.start(of: $0.reading.time)), Sample($0.reading)) }, allNew: allNew)
        state.withLockedValue { $0.commits.append(commit) }
    }

    /// The samples of each of `hours`, in time order; an hour not held is held from then on.
    func samples(of hours: Set<DeviceHour>, on database: any Database) async throws -> [DeviceHour: [Sample]] {
        // Whatever was committed before now is in what is counted and read below.
        let (fresh, missing, uncertain) = state.withLockedValue { state in
            state.sortCommits()
            let missing = hours.filter { state.held[$0] == nil }
            return (Dictionary(uniqueKeysWithValues: missing.compactMap { hour in state.fresh[hour].map { (hour, $0) } }), missing, state.uncertain)
        }
        let stored = try await ReadingStore.counts(in: fresh.keys, on: database)
        let whole = fresh.filter { stored[$0.key] == $0.value.samples.count }
        let read = try await ReadingStore.received(in: missing.filter { whole[$0] == nil }, withExtra: false, on: database)
        let found = Dictionary(uniqueKeysWithValues: missing.map { hour in
            (hour, whole[hour] ?? HourSamples(read[hour]?.map { Sample($0.reading) } ?? []))
        })
        return state.withLockedValue { state in
            // A commit not all new since the count and read may have changed what they found;
            // a catch-up over days of backlog asks for many more hours than are worth holding.
            let latest = Self.latest(of: Array(state.held.keys) + Array(found.keys))
            for (hour, samples) in found where state.held[hour] == nil {
                let committed = state.fresh.removeValue(forKey: hour)?.samples ?? []
                guard state.uncertain == uncertain, Self.isRecent(hour, latest: latest) else { continue }
                state.held[hour] = committed.reduce(into: samples) { $0.insert($1) }
            }
            return Dictionary(uniqueKeysWithValues: hours.map { ($0, (state.held[$0] ?? found[$0])?.samples ?? []) })
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
    /// `pruned`, whose readings retention deletes (and which no tick asks for).
    func release(before pruned: Int) {
        state.withLockedValue { state in
            state.sortCommits()
            let latest = Self.latest(of: state.held.keys)
            state.held = state.held.filter { hour, _ in hour.hour >= pruned && Self.isRecent(hour, latest: latest) }
            state.fresh = state.fresh.filter { $0.key.hour >= pruned }
        }
    }
}

extension RecentHours {
    /// Each device's latest hour among `hours`.
    private static func latest(of hours: some Sequence<DeviceHour>) -> [UUID: Int] {
        hours.reduce(into: [UUID: Int]()) { $0[$1.device] = max($0[$1.device] ?? $1.hour, $1.hour) }
    }

    /// Whether `hour` is one of its device's latest `hoursPerDevice`.
    private static func isRecent(_ hour: DeviceHour, latest: [UUID: Int]) -> Bool {
        hour.hour > latest[hour.device]! - hoursPerDevice * SummarySpan.hour.seconds
    }
}

/// One device's hour of samples in time order, one per series and DataTime.
private struct HourSamples {
    private(set) var samples: [Sample] = []

    init(_ samples: [Sample] = []) {
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
