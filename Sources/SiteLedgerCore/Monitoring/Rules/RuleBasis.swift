/// What a rule's limit applies to.
public enum RuleBasis: String, CaseIterable, Codable, Sendable {
    /// The site's own value.
    case site
    /// 与国控点差值 — Shandong's method: the site's hourly mean minus the mean of its county's
    /// national (and provincial) control points (国控点/省控点) for the same hour, so that a
    /// regional pollution episode does not count against the site.
    case differenceFromControlPoints
}
