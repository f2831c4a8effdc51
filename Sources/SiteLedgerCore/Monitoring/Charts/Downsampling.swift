/// Fewer points for a chart without losing what a regulator looks for: the peaks that set off
/// alarms (降采样).
public enum Downsampling {
    /// M4 downsampling: `points` cut into `buckets` buckets of equal time, from the first
    /// point's time to the last's, and of each bucket its first, lowest, highest and last point,
    /// in time order. A line through them looks like the line through all the points at one
    /// bucket per pixel column, and the series' extremes and ends are always kept.
    ///
    /// `points` must be sorted by time. At most `4 × buckets` points come back (`buckets` below
    /// 1 counts as 1); a series that already fits comes back unchanged. One pass, no sorting.
    public static func minMax(_ points: [ChartPoint], into buckets: Int) -> [ChartPoint] {
        minMax(points[...], into: buckets)
    }

    /// `minMax` of part of a series: a chart thins each stretch between gaps on its own.
    static func minMax(_ points: ArraySlice<ChartPoint>, into buckets: Int) -> [ChartPoint] {
        let buckets = max(buckets, 1)
        guard points.count > 4 * buckets, let first = points.first, let last = points.last else { return Array(points) }
        let start = first.time, span = last.time - first.time
        var kept: [ChartPoint] = []
        kept.reserveCapacity(4 * buckets)
        var bucket = Bucket(index: points.startIndex)
        var bucketNumber = 0
        for index in points.indices.dropFirst() {
            // Points all at one instant share bucket 0.
            let number = span == 0 ? 0 : min((points[index].time - start) * buckets / span, buckets - 1)
            if number != bucketNumber {
                bucket.append(to: &kept, from: points)
                bucket = Bucket(index: index)
                bucketNumber = number
            } else {
                bucket.add(index, points: points)
            }
        }
        bucket.append(to: &kept, from: points)
        return kept
    }

    /// The indices M4 keeps of one bucket.
    private struct Bucket {
        var first: Int, lowest: Int, highest: Int, last: Int

        init(index: Int) {
            (first, lowest, highest, last) = (index, index, index, index)
        }

        mutating func add(_ index: Int, points: ArraySlice<ChartPoint>) {
            let value = points[index].value
            if value < points[lowest].value { lowest = index }
            if value > points[highest].value { highest = index }
            last = index
        }

        /// first ≤ lowest, highest ≤ last, so only those two need ordering; a point that is
        /// several of them is kept once.
        func append(to kept: inout [ChartPoint], from points: ArraySlice<ChartPoint>) {
            let low = min(lowest, highest), high = max(lowest, highest)
            kept.append(points[first])
            if low != first { kept.append(points[low]) }
            if high != low { kept.append(points[high]) }
            if last != high { kept.append(points[last]) }
        }
    }
}
