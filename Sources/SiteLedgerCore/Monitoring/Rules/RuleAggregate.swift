/// How a window's samples become the one value a rule compares with its limit.
public enum RuleAggregate: String, CaseIterable, Codable, Sendable {
    /// 均值 — the mean; for noise the equivalent continuous level Leq (see `WindowValue`).
    case mean
    /// 最大值 — the highest sample, e.g. GB 12523-2011's night maximum (Lmax).
    case maximum
}
